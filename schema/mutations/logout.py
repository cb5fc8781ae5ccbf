from domain import tokens
from schema.context import Info
from schema.mutations.payloads import OkPayload, mutation


@mutation(description="Revoke the token that signed this request in.")
async def logout(info: Info) -> OkPayload:
    return await OkPayload.signed_in(info.context, tokens.logout)
