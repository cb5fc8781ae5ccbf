"""REST calls of the signed-in account: profile, password, deletion, sessions, address."""

from starlette.responses import JSONResponse

from domain.profile_update import ProfileChanges
from rest_facade.operation import RATE_LIMITED, SignedInCall, get, post
from rest_facade.request_bodies import (
    ChangePasswordRequest,
    DeleteAccountRequest,
    EmailChangeRequest,
    EmailChangeVerifyRequest,
    RevokeSessionRequest,
    UpdateUserRequest,
    UpdateUserUpload,
)
from rest_facade.response_bodies import SessionRow, Sessions, detail


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


EMAIL_CHANGE_REQUESTED_DETAIL = "A verification code has been sent to the new email address."


@get(
    "/user/sessions",
    operation_id="listSessions",
    tags=("sessions",),
    summary="The live sessions of the signed-in account, newest first; never their tokens.",
    response_description="The sessions; `current` marks this request's.",
    answer=Sessions,
)
async def list_sessions(call: SignedInCall[None]) -> JSONResponse:
    found = await call.rules.sessions.list_sessions(session=call.session)
    rows = Sessions([SessionRow.model_validate(info, from_attributes=True) for info in found])
    return JSONResponse(rows.model_dump(mode="json"))


@post(
    "/user/sessions/revoke",
    operation_id="revokeSession",
    tags=("sessions",),
    summary="End one session of the signed-in account (this one included).",
    response_description="That session's token no longer works.",
    errors={404: "No live session of your account has that id (`NOT_FOUND`)."},
)
async def revoke_session(call: SignedInCall[RevokeSessionRequest]) -> JSONResponse:
    await call.rules.sessions.revoke_session(session=call.session, session_id=call.body.id)
    return detail("The session has been ended.")


@post(
    "/user/email",
    operation_id="requestEmailChange",
    tags=("account",),
    summary="Mail a code to a new address that moves the account there, and a notice to the "
    "current one (a notice to its owner, for an address with an account).",
    response_description="Always the same answer, new address with an account or not.",
    errors=RATE_LIMITED,
)
async def request_email_change(call: SignedInCall[EmailChangeRequest]) -> JSONResponse:
    await call.rules.email_change.request(
        session=call.session, password=call.body.password, new_email=call.body.new_email
    )
    return detail(EMAIL_CHANGE_REQUESTED_DETAIL)


@post(
    "/user/email/verify",
    operation_id="confirmEmailChange",
    tags=("account",),
    summary="Move the account to the address the code was mailed to; its other tokens die.",
    response_description="The user, with the new address.",
    answer="user",
    errors=RATE_LIMITED,
)
async def confirm_email_change(call: SignedInCall[EmailChangeVerifyRequest]) -> JSONResponse:
    user = await call.rules.email_change.confirm(
        session=call.session,
        verification_code=call.body.verification_code,
        client_ip=call.client_ip,
    )
    return call.own_account(user)
