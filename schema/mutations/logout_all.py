import strawberry

from domain import account
from schema.context import Context
from schema.mutations.auth import unauthenticated
from schema.types import FieldError


@strawberry.type
class LogoutAllPayload:
    ok: bool
    errors: list[FieldError]


@strawberry.mutation(description="Revoke every token of the caller's account.")
async def logout_all(info: strawberry.Info[Context, None]) -> LogoutAllPayload:
    session = await info.context.session()
    if session is None:
        return LogoutAllPayload(ok=False, errors=[unauthenticated()])
    await account.logout_all(session=session)
    return LogoutAllPayload(ok=True, errors=[])
