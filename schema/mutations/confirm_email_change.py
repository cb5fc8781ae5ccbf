from schema.context import Info
from schema.mutations.arguments import VerificationCode
from schema.mutations.payloads import UserPayload, mutation, payload


@payload
class ConfirmEmailChangePayload(UserPayload):
    pass


@mutation(
    description="Move the caller's account to the address the code was mailed to; "
    "the account's other tokens die."
)
async def confirm_email_change(
    info: Info, verification_code: VerificationCode
) -> ConfirmEmailChangePayload:
    return await ConfirmEmailChangePayload.signed_in(
        info.context,
        info.context.rules.email_change.confirm,
        verification_code=verification_code,
        client_ip=info.context.client_ip,
    )
