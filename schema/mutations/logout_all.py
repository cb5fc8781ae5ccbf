import strawberry

from domain import tokens
from schema.context import Context
from schema.mutations.payloads import OkPayload, mutation


@mutation(description="Revoke every token of the caller's account.")
async def logout_all(info: strawberry.Info[Context, None]) -> OkPayload:
    return await OkPayload.signed_in(info.context, tokens.logout_all)
