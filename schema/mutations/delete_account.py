from schema.context import Info
from schema.mutations.arguments import CurrentPassword
from schema.mutations.payloads import OkPayload, mutation, payload


@payload
class DeleteAccountPayload(OkPayload):
    pass


@mutation(description="Anonymise the caller's account given its password; every token dies.")
async def delete_account(info: Info, password: CurrentPassword) -> DeleteAccountPayload:
    return await DeleteAccountPayload.signed_in(
        info.context, info.context.rules.account_deletion.delete, password=password
    )
