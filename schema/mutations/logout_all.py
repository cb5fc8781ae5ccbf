import strawberry

from domain import tokens
from schema.context import Context
from schema.mutations.payloads import OkPayload


@strawberry.type
class LogoutAllPayload(OkPayload):
    pass


@strawberry.mutation(description="Revoke every token of the caller's account.")
async def logout_all(info: strawberry.Info[Context, None]) -> LogoutAllPayload:
    return await LogoutAllPayload.signed_in(info.context, tokens.logout_all)
