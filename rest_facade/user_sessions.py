"""REST calls about the signed-in account's sessions and its email address."""

from starlette.requests import Request
from starlette.responses import JSONResponse

from domain.user_view import view_user
from rest_facade.app_state import rules_of
from rest_facade.auth import require_session
from rest_facade.dialect import dialect_of
from rest_facade.request_bodies import (
    EmailChangeRequest,
    EmailChangeVerifyRequest,
    RevokeSessionRequest,
    read_body,
)
from rest_facade.response_bodies import SessionRow, Sessions, detail
from web.forwarded import client_ip

EMAIL_CHANGE_REQUESTED_DETAIL = "A verification code has been sent to the new email address."


async def list_sessions(request: Request) -> JSONResponse:
    session = await require_session(request)
    found = await rules_of(request).sessions.list_sessions(session=session)
    rows = Sessions([SessionRow.model_validate(info, from_attributes=True) for info in found])
    return JSONResponse(rows.model_dump(mode="json"))


async def revoke_session(request: Request) -> JSONResponse:
    session = await require_session(request)
    body = await read_body(request, RevokeSessionRequest)
    await rules_of(request).sessions.revoke_session(session=session, session_id=body.id)
    return detail("The session has been ended.")


async def request_email_change(request: Request) -> JSONResponse:
    session = await require_session(request)
    body = await read_body(request, EmailChangeRequest)
    await rules_of(request).email_change.request(
        session=session,
        password=body.password,
        new_email=body.new_email,
    )
    return detail(EMAIL_CHANGE_REQUESTED_DETAIL)


async def confirm_email_change(request: Request) -> JSONResponse:
    session = await require_session(request)
    body = await read_body(request, EmailChangeVerifyRequest)
    user = await rules_of(request).email_change.confirm(
        session=session,
        verification_code=body.verification_code,
        client_ip=client_ip(request),
    )
    return JSONResponse(dialect_of(request).user_body(request, view_user(user, viewer=user)))
