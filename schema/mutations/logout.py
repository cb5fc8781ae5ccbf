import strawberry

from domain import sessions
from schema.context import Context
from schema.mutations.payloads import OkPayload


@strawberry.type
class LogoutPayload(OkPayload):
    pass


@strawberry.mutation(description="Revoke the token that signed this request in.")
async def logout(info: strawberry.Info[Context, None]) -> LogoutPayload:
    return await LogoutPayload.signed_in(info.context, sessions.logout)
