import strawberry

from domain import registration
from domain.errors import DomainError
from domain.user_view import view_user
from schema.context import Context
from schema.types import FieldError, User, field_errors


@strawberry.type
class VerifyRegistrationPayload:
    user: User | None
    errors: list[FieldError]


@strawberry.mutation(description="Create the account of an emailed verification code.")
async def verify_registration(
    info: strawberry.Info[Context, None], verification_code: str, password: str
) -> VerifyRegistrationPayload:
    try:
        user = await registration.verify_registration(
            services=info.context.services,
            client_ip=info.context.client_ip,
            verification_code=verification_code,
            password=password,
        )
    except DomainError as error:
        return VerifyRegistrationPayload(user=None, errors=field_errors(error))
    return VerifyRegistrationPayload(user=User.from_view(view_user(user, viewer=user)), errors=[])
