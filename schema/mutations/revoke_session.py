from typing import Annotated

import strawberry

from schema.context import Info
from schema.mutations.payloads import OkPayload, mutation, payload


@payload
class RevokeSessionPayload(OkPayload):
    pass


@mutation(
    description="End one session of the caller's account, by the id `sessions` shows; "
    "NOT_FOUND for any id that is not a live session of this account."
)
async def revoke_session(
    info: Info,
    id: Annotated[  # noqa: A002 - the contract's argument name
        strawberry.ID, strawberry.argument(description="A session's id, as `sessions` gives it.")
    ],
) -> RevokeSessionPayload:
    return await RevokeSessionPayload.signed_in(
        info.context, info.context.rules.sessions.revoke_session, session_id=str(id)
    )
