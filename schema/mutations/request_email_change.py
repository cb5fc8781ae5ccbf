from typing import Annotated

import strawberry

from schema.context import Info
from schema.mutations.arguments import CurrentPassword
from schema.mutations.payloads import OkPayload, mutation, payload


@payload
class RequestEmailChangePayload(OkPayload):
    pass


@mutation(
    description="Mail a code to a new address that moves the caller's account there, and a "
    "notice to the current one; the same answer whether or not the new address has an account."
)
async def request_email_change(
    info: Info,
    password: CurrentPassword,
    new_email: Annotated[str, strawberry.argument(description="The address to move to.")],
) -> RequestEmailChangePayload:
    request = info.context.rules.email_change.request
    return await RequestEmailChangePayload.signed_in(
        info.context, request, password=password, new_email=new_email
    )
