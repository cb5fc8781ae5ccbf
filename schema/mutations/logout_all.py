import strawberry

from domain import tokens
from schema.context import Context
from schema.mutations.payloads import OkPayload


@strawberry.type
class LogoutAllPayload(OkPayload):
    pass


@strawberry.mutation(description="Revoke every token of the caller's account.")
async def logout_all(info: strawberry.Info[Context, None]) -> LogoutAllPayload:
    session = await info.context.session()
    if session is None:
        return LogoutAllPayload.unauthenticated()
    return await LogoutAllPayload.of(tokens.logout_all(session=session))
