from schema.context import Info
from schema.mutations.arguments import NewPassword, VerificationCode
from schema.mutations.payloads import OkPayload, mutation, payload


@payload
class ResetPasswordPayload(OkPayload):
    pass


@mutation(
    description="Set a new password with an emailed reset code; signs the account out everywhere."
)
async def reset_password(
    info: Info, verification_code: VerificationCode, password: NewPassword
) -> ResetPasswordPayload:
    return await ResetPasswordPayload.of(
        info.context.rules.password_reset.reset(
            client_ip=info.context.client_ip, verification_code=verification_code, password=password
        ),
        info.context,
    )
