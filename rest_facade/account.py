"""REST calls of the signed-in account: profile, password, deletion."""

from starlette.responses import JSONResponse

from domain.profile_update import ProfileChanges
from rest_facade.operation import RATE_LIMITED, SignedInCall, post
from rest_facade.request_bodies import (
    ChangePasswordRequest,
    DeleteAccountRequest,
    UpdateUserRequest,
    UpdateUserUpload,
)
from rest_facade.response_bodies import detail


@post(
    "/user/update",
    operation_id="updateUser",
    tags=("account",),
    summary="Change the signed-in user's profile; only the fields sent change.",
    response_description="The updated user.",
    answer="user",
    json_body=UpdateUserRequest,
    errors={
        413: "The body is larger than FLOWBACK_MAX_BODY_BYTES; a multipart body may instead "
        "hold two images: 2 * FLOWBACK_MAX_IMAGE_BYTES + FLOWBACK_MAX_BODY_BYTES "
        "(`PAYLOAD_TOO_LARGE`)."
    },
)
async def update_user(call: SignedInCall[UpdateUserUpload]) -> JSONResponse:
    changes = ProfileChanges(**dict(call.body))
    user = await call.rules.profile_update.update(user=call.session.user, changes=changes)
    return call.own_account(user)


@post(
    "/user/password",
    operation_id="changePassword",
    tags=("account",),
    summary="Change the password given the current one; the account's other tokens die.",
    response_description="The password is changed; this token still works.",
    errors=RATE_LIMITED,
)
async def change_password(call: SignedInCall[ChangePasswordRequest]) -> JSONResponse:
    await call.rules.password_change.change(
        session=call.session,
        current_password=call.body.current_password,
        new_password=call.body.new_password,
    )
    return detail("Your password has been changed.")


@post(
    "/user/delete",
    operation_id="deleteAccount",
    tags=("account",),
    summary="Anonymise the signed-in account given its password; every token dies.",
    response_description="The account is gone.",
    errors=RATE_LIMITED,
)
async def delete_account(call: SignedInCall[DeleteAccountRequest]) -> JSONResponse:
    await call.rules.account_deletion.delete(session=call.session, password=call.body.password)
    return detail("Your account has been deleted.")
