from schema.context import Info
from schema.mutations.arguments import Email, Username
from schema.mutations.payloads import OkPayload, mutation, payload


@payload
class RegisterPayload(OkPayload):
    pass


@mutation(description="Email a verification code to a new user.")
async def register(info: Info, username: Username, email: Email) -> RegisterPayload:
    return await RegisterPayload.of(
        info.context.rules.registration.register(
            client_ip=info.context.client_ip, username=username, email=email
        ),
        info.context,
    )
