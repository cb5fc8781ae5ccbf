from schema.context import Info
from schema.mutations.arguments import CurrentPassword, NewPassword
from schema.mutations.payloads import OkPayload, mutation, payload


@payload
class ChangePasswordPayload(OkPayload):
    pass


@mutation(description="Replace the password given the current one; the caller's other tokens die.")
async def change_password(
    info: Info, current_password: CurrentPassword, new_password: NewPassword
) -> ChangePasswordPayload:
    change = info.context.rules.password_change.change
    return await ChangePasswordPayload.signed_in(
        info.context, change, current_password=current_password, new_password=new_password
    )
