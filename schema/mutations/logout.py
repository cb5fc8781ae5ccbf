from domain import tokens
from schema.context import Info
from schema.mutations.payloads import OkPayload, mutation, payload


@payload
class LogoutPayload(OkPayload):
    pass


@mutation(description="Revoke the token that signed this request in.")
async def logout(info: Info) -> LogoutPayload:
    return await LogoutPayload.signed_in(info.context, tokens.logout)
