"""REST calls about the signed-in account's sessions and its email address."""

from starlette.responses import JSONResponse

from domain.user_view import view_user
from rest_facade.call import SignedInCall
from rest_facade.request_bodies import (
    EmailChangeRequest,
    EmailChangeVerifyRequest,
    RevokeSessionRequest,
)
from rest_facade.response_bodies import SessionRow, Sessions, detail

EMAIL_CHANGE_REQUESTED_DETAIL = "A verification code has been sent to the new email address."


async def list_sessions(call: SignedInCall[None]) -> JSONResponse:
    found = await call.rules.sessions.list_sessions(session=call.session)
    rows = Sessions([SessionRow.model_validate(info, from_attributes=True) for info in found])
    return JSONResponse(rows.model_dump(mode="json"))


async def revoke_session(call: SignedInCall[RevokeSessionRequest]) -> JSONResponse:
    await call.rules.sessions.revoke_session(session=call.session, session_id=call.body.id)
    return detail("The session has been ended.")


async def request_email_change(call: SignedInCall[EmailChangeRequest]) -> JSONResponse:
    await call.rules.email_change.request(
        session=call.session, password=call.body.password, new_email=call.body.new_email
    )
    return detail(EMAIL_CHANGE_REQUESTED_DETAIL)


async def confirm_email_change(call: SignedInCall[EmailChangeVerifyRequest]) -> JSONResponse:
    user = await call.rules.email_change.confirm(
        session=call.session,
        verification_code=call.body.verification_code,
        client_ip=call.client_ip,
    )
    return JSONResponse(call.dialect.user_body(call.request, view_user(user, viewer=user)))
