from schema.context import Info
from schema.mutations.arguments import Email
from schema.mutations.payloads import OkPayload, mutation, payload


@payload
class RequestPasswordResetPayload(OkPayload):
    pass


@mutation(
    description="Email a password-reset code (without an account, a notice saying so); "
    "the same answer whether or not the address has an account."
)
async def request_password_reset(info: Info, email: Email) -> RequestPasswordResetPayload:
    return await RequestPasswordResetPayload.of(
        info.context.rules.password_reset.request(client_ip=info.context.client_ip, email=email),
        info.context,
    )
