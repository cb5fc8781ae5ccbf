from domain import tokens
from schema.mutations.payloads import Info, OkPayload, mutation


@mutation(description="Revoke every token of the caller's account.")
async def logout_all(info: Info) -> OkPayload:
    return await OkPayload.signed_in(info.context, tokens.logout_all)
