import strawberry

from domain import password_reset
from domain.errors import DomainError
from schema.context import Context
from schema.types import FieldError, field_errors


@strawberry.type
class ResetPasswordPayload:
    ok: bool
    errors: list[FieldError]


@strawberry.mutation(
    description="Set a new password with an emailed reset code; signs the account out everywhere."
)
async def reset_password(
    info: strawberry.Info[Context, None], verification_code: str, password: str
) -> ResetPasswordPayload:
    try:
        await password_reset.reset_password(
            services=info.context.services,
            client_ip=info.context.client_ip,
            verification_code=verification_code,
            password=password,
        )
    except DomainError as error:
        return ResetPasswordPayload(ok=False, errors=field_errors(error))
    return ResetPasswordPayload(ok=True, errors=[])
