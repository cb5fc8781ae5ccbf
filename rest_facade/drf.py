"""The ``flowback-backend`` dialect: the bodies of the DRF backend (Gofven/flowback-backend)
for each call the Flowback web app makes, over the same handlers and domain calls.

What it renders as the backend does: the limit/offset envelope of its ``LimitOffsetPagination``
(default limit 1 and at most 1000 on ``GET /users``, a bad ``limit`` or ``offset`` read as
the default, ``next``/``previous`` absolute or null), the fields of its user serializers,
site-relative image paths (``/media/...``, the app prefixes its API URL) and the bodies of
its exception handler: ``{"detail": "text"}`` for errors about the whole request,
``{"detail": {"field": ["message"], "non_field_errors": [...]}}`` for the others, and
``{"detail": ["message"]}`` on ``/register``, where the app reads ``detail[0]``.
"""

from typing import Any

from starlette.datastructures import QueryParams
from starlette.requests import Request

from domain.errors import DomainError, ErrorCode
from domain.paging import Page, PageRequest
from domain.user_view import UserView
from rest_facade.caller import public_base_of, services_of

NAME = "flowback-backend"
DEFAULT_LIMIT = 1  # UserListApi.Pagination.default_limit
MAX_LIMIT = 1000  # UserListApi.Pagination.max_limit
NON_FIELD = "non_field_errors"
# Errors about the request as a whole: DRF's NotAuthenticated, AuthenticationFailed,
# NotFound, ParseError, UnsupportedMediaType and the like carry a plain-text detail.
_PLAIN = frozenset(
    {
        ErrorCode.UNAUTHENTICATED,
        ErrorCode.INVALID_TOKEN,
        ErrorCode.NOT_FOUND,
        ErrorCode.MALFORMED_BODY,
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        ErrorCode.PAYLOAD_TOO_LARGE,
    }
)
# The backend raises its register errors from the service, as a list.
_LIST_PATHS = frozenset({"/register"})
# Django's validate_password reports password rules as non-field errors.
_PASSWORD_RULE_PATHS = frozenset({"/register/verify", "/forgot_password/verify"})
_BIG = 10**18  # past any count: an offset this large is an empty page


def page_request(params: QueryParams) -> PageRequest:
    """``limit`` and ``offset`` read as DRF reads them: never an error."""
    limit = _whole_number(params.get("limit")) or DEFAULT_LIMIT
    offset = _whole_number(params.get("offset")) or 0
    return PageRequest.create(page=1, limit=limit, offset=offset, max_limit=MAX_LIMIT)


def users_body(request: Request, page: Page[UserView]) -> dict[str, Any]:
    """The envelope of the backend's ``LimitOffsetPagination``, in its key order."""
    limit, offset = page.request.limit, page.request.offset
    previous: str | None = None
    if offset > 0:
        previous = _link(request, limit=limit, offset=offset - limit if offset > limit else None)
    return {
        "limit": limit,
        "offset": offset,
        "count": page.count,
        "next": _link(request, limit=limit, offset=offset + limit) if page.has_next else None,
        "previous": previous,
        "results": [_public(request, view) for view in page.items],
    }


def user_body(request: Request, view: UserView) -> dict[str, Any]:
    """``GET /user``: the public fields, and the private ones only on one's own record
    (absent, not null, on anyone else's, as the backend leaves them out)."""
    body = _public(request, view)
    if view.private is not None:
        body |= {
            "email": view.private.email,
            "dark_theme": view.private.dark_theme,
            "user_config": view.private.user_config,
            "email_notifications": view.private.email_notifications,
        }
    return body


def error_body(error: DomainError, *, path: str) -> dict[str, Any]:
    first = error.errors[0]
    if first.code in _PLAIN:
        return {"detail": first.message}
    if path in _LIST_PATHS:
        return {"detail": [item.message for item in error.errors]}
    detail: dict[str, list[str]] = {}
    for item in error.errors:
        field = item.field
        if field is None or (field == "password" and path in _PASSWORD_RULE_PATHS):
            field = NON_FIELD
        detail.setdefault(field, []).append(item.message)
    return {"detail": detail}


def _public(request: Request, view: UserView) -> dict[str, Any]:
    media = services_of(request).media

    def path_of(key: str | None) -> str | None:
        return None if key is None else media.url(key, base_url="")

    return {
        "id": view.id,
        "username": view.username,
        "profile_image": path_of(view.profile_image),
        "banner_image": path_of(view.banner_image),
        "bio": view.bio,
        "website": view.website,
        "contact_email": view.contact_email,
        "contact_phone": view.contact_phone,
    }


def _link(request: Request, *, limit: int, offset: int | None) -> str:
    url = request.url.include_query_params(limit=limit)
    url = (
        url.remove_query_params("offset")
        if offset is None
        else url.include_query_params(offset=offset)
    )
    return f"{public_base_of(request)}{url.path}?{url.query}"


def _whole_number(text: str | None) -> int | None:
    """A whole number as DRF's ``_positive_int`` reads one; None for anything else or 0."""
    digits = (text or "").strip().removeprefix("+")
    if not (digits.isascii() and digits.isdigit()):
        return None
    return _BIG if len(digits) > 18 else int(digits) or None
