import strawberry

from domain import account
from domain.errors import DomainError
from schema.context import Context
from schema.mutations.auth import unauthenticated
from schema.types import FieldError, field_errors


@strawberry.type
class ChangePasswordPayload:
    ok: bool
    errors: list[FieldError]


@strawberry.mutation(
    description="Replace the password given the current one; the caller's other tokens die."
)
async def change_password(
    info: strawberry.Info[Context, None], current_password: str, new_password: str
) -> ChangePasswordPayload:
    session = await info.context.session()
    if session is None:
        return ChangePasswordPayload(ok=False, errors=[unauthenticated()])
    try:
        await account.change_password(
            services=info.context.services,
            session=session,
            current_password=current_password,
            new_password=new_password,
        )
    except DomainError as error:
        return ChangePasswordPayload(ok=False, errors=field_errors(error))
    return ChangePasswordPayload(ok=True, errors=[])
