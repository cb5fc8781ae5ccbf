from domain.errors import ErrorCode
from schema.types import FieldError


def unauthenticated() -> FieldError:
    """The payload error of a mutation that needs a signed-in caller."""
    return FieldError(
        field=None, code=ErrorCode.UNAUTHENTICATED, message="Authentication required."
    )
