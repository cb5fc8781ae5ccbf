import strawberry

from domain import account
from domain.errors import DomainError
from schema.context import Context
from schema.mutations.auth import unauthenticated
from schema.types import FieldError, field_errors


@strawberry.type
class DeleteAccountPayload:
    ok: bool
    errors: list[FieldError]


@strawberry.mutation(
    description="Anonymise the caller's account given its password; every token dies."
)
async def delete_account(
    info: strawberry.Info[Context, None], password: str
) -> DeleteAccountPayload:
    session = await info.context.session()
    if session is None:
        return DeleteAccountPayload(ok=False, errors=[unauthenticated()])
    try:
        await account.delete_account(
            services=info.context.services, session=session, password=password
        )
    except DomainError as error:
        return DeleteAccountPayload(ok=False, errors=field_errors(error))
    return DeleteAccountPayload(ok=True, errors=[])
