import strawberry

from schema.context import Context
from schema.mutations.payloads import UserPayload


@strawberry.type
class ConfirmEmailChangePayload(UserPayload):
    pass


@strawberry.mutation(
    description="Move the caller's account to the address the code was mailed to; "
    "the account's other tokens die."
)
async def confirm_email_change(
    info: strawberry.Info[Context, None], verification_code: str
) -> ConfirmEmailChangePayload:
    session = await info.context.session()
    if session is None:
        return ConfirmEmailChangePayload.unauthenticated()
    return await ConfirmEmailChangePayload.of(
        info.context.rules.email_change.confirm(
            session=session,
            verification_code=verification_code,
            client_ip=info.context.client_ip,
        )
    )
