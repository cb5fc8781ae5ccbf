import strawberry

from domain import sessions
from domain.errors import DomainError
from schema.context import Context
from schema.mutations.auth import unauthenticated
from schema.types import FieldError, field_errors


@strawberry.type
class RevokeSessionPayload:
    ok: bool
    errors: list[FieldError]


@strawberry.mutation(
    description="End one session of the caller's account, by the id `sessions` shows; "
    "NOT_FOUND for any id that is not a live session of this account."
)
async def revoke_session(
    info: strawberry.Info[Context, None],
    id: strawberry.ID,  # noqa: A002 - the contract's argument name
) -> RevokeSessionPayload:
    session = await info.context.session()
    if session is None:
        return RevokeSessionPayload(ok=False, errors=[unauthenticated()])
    try:
        await sessions.revoke_session(
            services=info.context.services, session=session, session_id=str(id)
        )
    except DomainError as error:
        return RevokeSessionPayload(ok=False, errors=field_errors(error))
    return RevokeSessionPayload(ok=True, errors=[])
