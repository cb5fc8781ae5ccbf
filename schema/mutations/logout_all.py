from domain import tokens
from schema.context import Info
from schema.mutations.payloads import OkPayload, mutation


@mutation(description="Revoke every token of the caller's account.")
async def logout_all(info: Info) -> OkPayload:
    return await OkPayload.signed_in(info.context, tokens.logout_all)
