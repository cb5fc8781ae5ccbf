"""REST calls of the signed-in account: profile, password, deletion."""

from starlette.responses import JSONResponse

from domain.profile_update import ProfileChanges
from domain.user_view import view_user
from rest_facade.call import SignedInCall
from rest_facade.request_bodies import ChangePasswordRequest, DeleteAccountRequest, UpdateUserUpload
from rest_facade.response_bodies import detail


async def update_user(call: SignedInCall[UpdateUserUpload]) -> JSONResponse:
    changes = ProfileChanges(**dict(call.body))
    user = await call.rules.profile_update.update(user=call.session.user, changes=changes)
    return JSONResponse(call.dialect.user_body(call.request, view_user(user, viewer=user)))


async def change_password(call: SignedInCall[ChangePasswordRequest]) -> JSONResponse:
    await call.rules.password_change.change(
        session=call.session,
        current_password=call.body.current_password,
        new_password=call.body.new_password,
    )
    return detail("Your password has been changed.")


async def delete_account(call: SignedInCall[DeleteAccountRequest]) -> JSONResponse:
    await call.rules.account_deletion.delete(session=call.session, password=call.body.password)
    return detail("Your account has been deleted.")
