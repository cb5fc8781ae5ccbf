import strawberry

from domain import email_change
from domain.errors import DomainError
from schema.context import Context
from schema.mutations.auth import unauthenticated
from schema.types import FieldError, field_errors


@strawberry.type
class RequestEmailChangePayload:
    ok: bool
    errors: list[FieldError]


@strawberry.mutation(
    description="Mail a code to a new address that moves the caller's account there, and a "
    "notice to the current one; the same answer whether or not the new address has an account."
)
async def request_email_change(
    info: strawberry.Info[Context, None], password: str, new_email: str
) -> RequestEmailChangePayload:
    session = await info.context.session()
    if session is None:
        return RequestEmailChangePayload(ok=False, errors=[unauthenticated()])
    try:
        await email_change.request_email_change(
            services=info.context.services, session=session, password=password, new_email=new_email
        )
    except DomainError as error:
        return RequestEmailChangePayload(ok=False, errors=field_errors(error))
    return RequestEmailChangePayload(ok=True, errors=[])
