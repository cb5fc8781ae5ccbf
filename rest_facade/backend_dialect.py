"""The ``flowback-backend`` dialect: the bodies of the DRF backend (Gofven/flowback-backend)
for each call the Flowback web app makes (docs/rest/flowback-backend.md)."""

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema
from starlette.requests import Request

from domain.errors import DomainError, ErrorCode
from domain.paging import MAX_START, Page, PageRequest
from domain.user_view import UserView
from domain.users import JsonPage
from domain.users import UserRow as Row
from rest_facade.app_state import public_base_of
from rest_facade.media import image_url_maker
from rest_facade.response_bodies import ALICE, example
from web.faults import WHOLE_REQUEST, RestErrors, classify, rest_body

NAME = "flowback-backend"
DESCRIPTION = (
    "The REST paths as the Flowback DRF backend (Gofven/flowback-backend) answers them, "
    "for the Flowback web app (FLOWBACK_REST_DIALECT=flowback-backend). "
    "Every response carries `X-Request-ID`."
)
DEFAULT_LIMIT = 1  # UserListApi.Pagination.default_limit
MAX_LIMIT = 1000  # UserListApi.Pagination.max_limit
BAD_USERS_QUERY = "An id that is not an integer."  # a bad limit or offset is the default
ERRORS = RestErrors(
    # Errors about the request as a whole carry a plain-text detail (DRF's NotAuthenticated,
    # AuthenticationFailed, NotFound, ParseError, UnsupportedMediaType …); the backend has no
    # throttling, so a rate limit is a non-field error, where the app reads its messages.
    plain=WHOLE_REQUEST - {ErrorCode.RATE_LIMITED},
    typed=False,
    # The backend raises its register errors from the service, as a list.
    listed=frozenset({"/register"}),
    # Django's validate_password reports password rules as non-field errors.
    non_field=frozenset(
        {("/register/verify", "password"), ("/forgot_password/verify", "password")}
    ),
)


_IMAGE = "/media/d3ba99f07d3132c42825f9b8f134245c.png"
_ALICE = {"profile_image": _IMAGE, "banner_image": None} | ALICE
_BOB = {
    "id": 2,
    "username": "bob",
    "profile_image": None,
    "banner_image": None,
    "bio": None,
    "website": None,
    "contact_email": None,
    "contact_phone": None,
}


class UserRow(BaseModel):
    """A row of ``GET /users``: the backend list serializer's fields and the public contact
    fields the app shows on another user's page. Images are site-relative paths."""

    model_config = ConfigDict(extra="forbid")

    id: int
    username: str
    profile_image: str | None = Field(description="A site-relative path: /media/<name>.")
    banner_image: str | None = Field(description="A site-relative path: /media/<name>.")
    bio: str | None
    website: str | None
    contact_email: str | None
    contact_phone: str | None


#: The columns a row of ``GET /users`` shows.
LISTED_COLUMNS = tuple(UserRow.model_fields)


class User(UserRow):
    """``GET /user``: the private fields only on one's own record (absent otherwise)."""

    model_config = example(
        _ALICE
        | {
            "email": "alice@example.com",
            "dark_theme": False,
            "user_config": '{"lang":"sv"}',
            "email_notifications": False,
        }
    )

    email: str | None = None
    dark_theme: bool | None = None
    user_config: str | None = None
    email_notifications: bool | None = None


class UserPage(BaseModel):
    """DRF's ``LimitOffsetPagination`` envelope, as flowback.common.pagination orders it."""

    model_config = example(
        {
            "limit": 2,
            "offset": 0,
            "count": 2,
            "next": None,
            "previous": None,
            "results": [_ALICE, _BOB],
        }
    )

    limit: int = Field(ge=1, le=MAX_LIMIT)
    offset: int = Field(ge=0)
    count: int = Field(ge=0)
    next: str | None = Field(description="The absolute URL of the next page, or null.")
    previous: str | None = Field(description="The absolute URL of the previous page, or null.")
    results: list[UserRow]


_WRONG_PASSWORD = DomainError.single(ErrorCode.INVALID_PASSWORD, field="current_password")


class Error(BaseModel):
    """The backend exception handler's body (the guard's 413, 500 and 503 add more keys)."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={"examples": [rest_body(classify(_WRONG_PASSWORD), dialect=ERRORS)]},
    )

    detail: str | list[str] | dict[str, list[str]]


#: A paging number as DRF reads it: any text, a whole number or else the default.
_Lenient = WithJsonSchema({"oneOf": [{"type": "integer", "minimum": 0}, {"type": "string"}]})


class Paging(BaseModel):
    """The paging parameters of ``GET /users``, read as DRF reads them: never an error."""

    limit: Annotated[int, _Lenient] = Field(
        DEFAULT_LIMIT,
        description=(
            f"Rows, from 1 (default {DEFAULT_LIMIT}); above {MAX_LIMIT} is served as "
            f"{MAX_LIMIT}, anything that is not a whole number as the default, as DRF does."
        ),
    )
    offset: Annotated[int, _Lenient] = Field(
        0,
        description="Rows skipped, from 0 (the default, also for anything not a whole number).",
    )


def page_request(params: Mapping[str, str]) -> PageRequest:
    """As DRF reads them: never an error. An offset past any count is an empty page, served as
    one at ``MAX_START``."""
    limit = _whole_number(params.get("limit")) or DEFAULT_LIMIT
    offset = min(_whole_number(params.get("offset")) or 0, MAX_START)
    return PageRequest.create(page=1, limit=limit, offset=offset, max_limit=MAX_LIMIT)


def image_prefix(request: Request) -> None:
    """Its image URLs are made by ``image_url_maker``'s rules: each page is given as rows."""
    return


def users_body(request: Request, page: Page[Row] | JsonPage) -> dict[str, Any]:
    """The envelope of the backend's ``LimitOffsetPagination``, in its key order; each row of
    ``LISTED_COLUMNS`` completed in place."""
    if isinstance(page, JsonPage):
        raise TypeError("the backend dialect is given rows (image_prefix)")
    limit, offset = page.request.limit, page.request.offset
    previous: str | None = None
    if offset > 0:
        previous = _link(request, limit=limit, offset=offset - limit if offset > limit else None)
    # A UserPage as plain data: a model instance per row would cost more than the query
    # (the app asks for 1000 rows); tests and the fuzzer hold the body to the model.
    path_of = image_url_maker(request, base_url="")
    for row in page.items:
        row["profile_image"] = path_of(row["profile_image"])
        row["banner_image"] = path_of(row["banner_image"])
    return {
        "limit": limit,
        "offset": offset,
        "count": page.count,
        "next": _link(request, limit=limit, offset=offset + limit) if page.has_next else None,
        "previous": previous,
        "results": page.items,
    }


def user_body(request: Request, view: UserView) -> dict[str, Any]:
    """The private fields only on one's own record: absent, not null, on anyone else's, as the
    backend leaves them out."""
    private = (
        {}
        if view.private is None
        else {
            "email": view.private.email,
            "dark_theme": view.private.dark_theme,
            "user_config": view.private.user_config,
            "email_notifications": view.private.email_notifications,
        }
    )
    body = User(**_row(request, view), **private)
    return body.model_dump(exclude_unset=True)


def _row(request: Request, view: UserView) -> dict[str, Any]:
    path_of = image_url_maker(request, base_url="")
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
    """As DRF's ``_positive_int`` reads one; None for anything else or 0."""
    digits = (text or "").strip().removeprefix("+")
    if not (digits.isascii() and digits.isdigit()):
        return None
    return MAX_START if len(digits) > 18 else int(digits) or None
