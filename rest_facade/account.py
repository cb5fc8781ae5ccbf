"""REST calls of the signed-in account: profile, password, deletion."""

from starlette.requests import Request
from starlette.responses import JSONResponse

from domain.profile_update import ProfileChanges
from domain.user_view import view_user
from rest_facade.app_state import rules_of, settings_of
from rest_facade.auth import require_session
from rest_facade.dialect import dialect_of
from rest_facade.request_bodies import (
    ChangePasswordRequest,
    DeleteAccountRequest,
    UpdateUserUpload,
    read_body,
)
from rest_facade.response_bodies import detail


async def update_user(request: Request) -> JSONResponse:
    session = await require_session(request)
    body = await read_body(
        request, UpdateUserUpload, max_file_bytes=settings_of(request).max_image_bytes
    )
    changes = ProfileChanges(**dict(body))
    user = await rules_of(request).profile_update.update(user=session.user, changes=changes)
    return JSONResponse(dialect_of(request).user_body(request, view_user(user, viewer=user)))


async def change_password(request: Request) -> JSONResponse:
    session = await require_session(request)
    body = await read_body(request, ChangePasswordRequest)
    await rules_of(request).password_change.change(
        session=session,
        current_password=body.current_password,
        new_password=body.new_password,
    )
    return detail("Your password has been changed.")


async def delete_account(request: Request) -> JSONResponse:
    session = await require_session(request)
    body = await read_body(request, DeleteAccountRequest)
    await rules_of(request).account_deletion.delete(session=session, password=body.password)
    return detail("Your account has been deleted.")
