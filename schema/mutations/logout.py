import strawberry

from domain import sessions
from domain.errors import ErrorCode
from schema.context import Context
from schema.types import FieldError


@strawberry.type
class LogoutPayload:
    ok: bool
    errors: list[FieldError]


@strawberry.mutation(description="Revoke the token that signed this request in.")
async def logout(info: strawberry.Info[Context, None]) -> LogoutPayload:
    session = await info.context.session()
    if session is None:
        error = FieldError(
            field=None, code=ErrorCode.UNAUTHENTICATED, message="Authentication required."
        )
        return LogoutPayload(ok=False, errors=[error])
    await sessions.logout(session=session)
    return LogoutPayload(ok=True, errors=[])
