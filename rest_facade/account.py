"""REST paths of the account lifecycle: password reset, profile, password, deletion."""

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from domain import account, password_reset, profile
from domain.images import Upload
from domain.user_view import view_user
from rest_facade.auth import require_session
from rest_facade.bodies import read_fields, text
from rest_facade.caller import services_of
from rest_facade.dialect import dialect_of
from web.forwarded import client_ip

RESET_REQUESTED_DETAIL = (
    "If the address belongs to an account, a password reset code has been sent to it."
)


async def forgot_password(request: Request) -> JSONResponse:
    fields = await read_fields(request)
    await password_reset.request_password_reset(
        services=services_of(request), email=text(fields, "email"), client_ip=client_ip(request)
    )
    return JSONResponse({"detail": RESET_REQUESTED_DETAIL})


async def forgot_password_verify(request: Request) -> JSONResponse:
    fields = await read_fields(request)
    await password_reset.reset_password(
        services=services_of(request),
        verification_code=text(fields, "verification_code"),
        password=text(fields, "password"),
        client_ip=client_ip(request),
    )
    return JSONResponse({"detail": "Your password has been reset."})


async def update_user(request: Request) -> JSONResponse:
    session = await require_session(request)
    services = services_of(request)
    fields = await read_fields(request, max_file_bytes=services.settings.max_image_bytes)
    changes = profile.ProfileChanges(
        username=_optional_text(fields, "username"),
        bio=_optional_text(fields, "bio"),
        website=_optional_text(fields, "website"),
        contact_email=_optional_text(fields, "contact_email"),
        contact_phone=_optional_text(fields, "contact_phone"),
        user_config=_optional_text(fields, "user_config"),
        email_notifications=_optional_flag(fields, "email_notifications"),
        dark_theme=_optional_flag(fields, "dark_theme"),
        profile_image=_optional_file(fields, "profile_image"),
        banner_image=_optional_file(fields, "banner_image"),
    )
    user = await profile.update_profile(services=services, user=session.user, changes=changes)
    return JSONResponse(dialect_of(request).user_body(request, view_user(user, viewer=user)))


async def change_password(request: Request) -> JSONResponse:
    session = await require_session(request)
    fields = await read_fields(request)
    await account.change_password(
        services=services_of(request),
        session=session,
        current_password=text(fields, "current_password"),
        new_password=text(fields, "new_password"),
    )
    return JSONResponse({"detail": "Your password has been changed."})


async def delete_account(request: Request) -> JSONResponse:
    session = await require_session(request)
    fields = await read_fields(request)
    await account.delete_account(
        services=services_of(request), session=session, password=text(fields, "password")
    )
    return JSONResponse({"detail": "Your account has been deleted."})


async def logout_all(request: Request) -> JSONResponse:
    session = await require_session(request)
    await account.logout_all(session=session)
    return JSONResponse({"detail": "Successfully logged out everywhere."})


def _optional_text(fields: dict[str, Any], name: str) -> str | None:
    """Absent is None (unchanged); null or empty is "" (cleared, or required for username)."""
    return None if name not in fields else text(fields, name)


def _optional_flag(fields: dict[str, Any], name: str) -> bool | str | None:
    """A JSON boolean as it is; anything else as text, for the domain to read or refuse."""
    value = fields.get(name)
    return value if isinstance(value, bool) else _optional_text(fields, name)


def _optional_file(fields: dict[str, Any], name: str) -> Upload | str | None:
    """An uploaded file; text is passed on for the domain to refuse. A browser's empty
    file input arrives as an empty value and counts as absent."""
    value = fields.get(name)
    if value is None or value == "" or isinstance(value, Upload):
        return value or None
    return text(fields, name)


routes = [
    Route("/forgot_password", forgot_password, methods=["POST"]),
    Route("/forgot_password/verify", forgot_password_verify, methods=["POST"]),
    Route("/user/update", update_user, methods=["POST"]),
    Route("/user/password", change_password, methods=["POST"]),
    Route("/user/delete", delete_account, methods=["POST"]),
    Route("/logout_all", logout_all, methods=["POST"]),
]
