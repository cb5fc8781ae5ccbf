from schema.context import Info
from schema.mutations.arguments import NewPassword, VerificationCode
from schema.mutations.payloads import UserPayload, mutation, payload


@payload
class VerifyRegistrationPayload(UserPayload):
    pass


@mutation(description="Create the account of an emailed verification code.")
async def verify_registration(
    info: Info, verification_code: VerificationCode, password: NewPassword
) -> VerifyRegistrationPayload:
    return await VerifyRegistrationPayload.of(
        info.context.rules.registration.verify(
            client_ip=info.context.client_ip, verification_code=verification_code, password=password
        ),
        info.context,
    )
