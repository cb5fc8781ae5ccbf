from domain import tokens
from schema.context import Info
from schema.mutations.payloads import OkPayload, mutation, payload


@payload
class LogoutAllPayload(OkPayload):
    pass


@mutation(description="Revoke every token of the caller's account.")
async def logout_all(info: Info) -> LogoutAllPayload:
    return await LogoutAllPayload.signed_in(info.context, tokens.logout_all)
