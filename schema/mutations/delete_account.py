import strawberry

from schema.context import Context
from schema.mutations.payloads import OkPayload


@strawberry.type
class DeleteAccountPayload(OkPayload):
    pass


@strawberry.mutation(
    description="Anonymise the caller's account given its password; every token dies."
)
async def delete_account(
    info: strawberry.Info[Context, None], password: str
) -> DeleteAccountPayload:
    session = await info.context.session()
    if session is None:
        return DeleteAccountPayload.unauthenticated()
    return await DeleteAccountPayload.of(
        info.context.rules.account_deletion.delete(session=session, password=password)
    )
