from schema.context import Info
from schema.mutations.payloads import OkPayload, mutation


@mutation(description="Email a verification code to a new user.")
async def register(info: Info, username: str, email: str) -> OkPayload:
    return await OkPayload.of(
        info.context.rules.registration.register(
            client_ip=info.context.client_ip, username=username, email=email
        )
    )
