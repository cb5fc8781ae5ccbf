import strawberry

from domain import registration
from domain.errors import DomainError
from schema.context import Context
from schema.types import FieldError, field_errors


@strawberry.type
class RegisterPayload:
    ok: bool
    errors: list[FieldError]


@strawberry.mutation(description="Email a verification code to a new user.")
async def register(
    info: strawberry.Info[Context, None], username: str, email: str
) -> RegisterPayload:
    try:
        await registration.register(
            services=info.context.services,
            client_ip=info.context.client_ip,
            username=username,
            email=email,
        )
    except DomainError as error:
        return RegisterPayload(ok=False, errors=field_errors(error))
    return RegisterPayload(ok=True, errors=[])
