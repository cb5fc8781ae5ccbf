import strawberry

from domain import password_reset
from domain.errors import DomainError
from schema.context import Context
from schema.types import FieldError, field_errors


@strawberry.type
class RequestPasswordResetPayload:
    ok: bool
    errors: list[FieldError]


@strawberry.mutation(
    description="Email a password-reset code (without an account, a notice saying so); "
    "the same answer whether or not the address has an account."
)
async def request_password_reset(
    info: strawberry.Info[Context, None], email: str
) -> RequestPasswordResetPayload:
    try:
        await password_reset.request_password_reset(
            services=info.context.services, client_ip=info.context.client_ip, email=email
        )
    except DomainError as error:
        return RequestPasswordResetPayload(ok=False, errors=field_errors(error))
    return RequestPasswordResetPayload(ok=True, errors=[])
