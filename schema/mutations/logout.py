import strawberry

from domain import sessions
from schema.context import Context
from schema.mutations.payloads import OkPayload


@strawberry.type
class LogoutPayload(OkPayload):
    pass


@strawberry.mutation(description="Revoke the token that signed this request in.")
async def logout(info: strawberry.Info[Context, None]) -> LogoutPayload:
    session = await info.context.session()
    if session is None:
        return LogoutPayload.unauthenticated()
    return await LogoutPayload.of(sessions.logout(session=session))
