from schema.context import Info
from schema.mutations.arguments import CurrentPassword
from schema.mutations.payloads import OkPayload, mutation


@mutation(description="Anonymise the caller's account given its password; every token dies.")
async def delete_account(info: Info, password: CurrentPassword) -> OkPayload:
    return await OkPayload.signed_in(
        info.context, info.context.rules.account_deletion.delete, password=password
    )
