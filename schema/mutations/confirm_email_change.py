import strawberry

from domain import email_change
from domain.errors import DomainError
from domain.user_view import view_user
from schema.context import Context
from schema.mutations.auth import unauthenticated
from schema.types import FieldError, User, field_errors


@strawberry.type
class ConfirmEmailChangePayload:
    user: User | None
    errors: list[FieldError]


@strawberry.mutation(
    description="Move the caller's account to the address the code was mailed to; "
    "the account's other tokens die."
)
async def confirm_email_change(
    info: strawberry.Info[Context, None], verification_code: str
) -> ConfirmEmailChangePayload:
    session = await info.context.session()
    if session is None:
        return ConfirmEmailChangePayload(user=None, errors=[unauthenticated()])
    try:
        user = await email_change.confirm_email_change(
            services=info.context.services,
            session=session,
            verification_code=verification_code,
            client_ip=info.context.client_ip,
        )
    except DomainError as error:
        return ConfirmEmailChangePayload(user=None, errors=field_errors(error))
    return ConfirmEmailChangePayload(user=User.from_view(view_user(user, viewer=user)), errors=[])
