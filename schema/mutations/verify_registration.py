import strawberry

from domain import registration
from schema.context import Context
from schema.mutations.payloads import UserPayload


@strawberry.type
class VerifyRegistrationPayload(UserPayload):
    pass


@strawberry.mutation(description="Create the account of an emailed verification code.")
async def verify_registration(
    info: strawberry.Info[Context, None], verification_code: str, password: str
) -> VerifyRegistrationPayload:
    return await VerifyRegistrationPayload.of(
        registration.verify_registration(
            services=info.context.services,
            client_ip=info.context.client_ip,
            verification_code=verification_code,
            password=password,
        )
    )
