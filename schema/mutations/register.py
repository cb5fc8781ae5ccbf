import strawberry

from schema.context import Context
from schema.mutations.payloads import OkPayload, mutation


@mutation(description="Email a verification code to a new user.")
async def register(info: strawberry.Info[Context, None], username: str, email: str) -> OkPayload:
    return await OkPayload.of(
        info.context.rules.registration.register(
            client_ip=info.context.client_ip,
            username=username,
            email=email,
        )
    )
