"""The ``document`` dialect: the REST contract of flowback-api.md (the default)."""

from collections.abc import Mapping
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request

from domain.errors import DomainError, ErrorCode
from domain.errors import FieldError as Problem
from domain.paging import DEFAULT_LIMIT, MAX_LIMIT, MAX_QUERY_INTEGER, Page, PageRequest, parse_int
from domain.user_view import NOT_SHOWN, UserView
from domain.users import JsonPage, UserRow
from rest_facade.app_state import public_base_of, rules_of
from rest_facade.media import image_url_maker, image_urls
from rest_facade.query import query_of
from rest_facade.response_bodies import ALICE, FieldError, example
from web.faults import DOCUMENTED, classify, rest_body

NAME = "document"
DESCRIPTION = (
    "The documented Flowback REST API, rendered from the same domain calls as the "
    "GraphQL endpoint at /graphql. Every response carries `X-Request-ID`."
)
INVALID_PAGINATION = ErrorCode.INVALID_PAGINATION
BAD_USERS_QUERY = "A bad paging value (`INVALID_PAGINATION`) or id."
#: Errors about the whole request keep the legacy plain-text ``detail``; the others list
#: their messages by field; both list the typed ``errors`` GraphQL returns too.
ERRORS = DOCUMENTED
_IMAGE_URL = "An absolute URL, or null for no image."


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


_IMAGE = "https://users.flowback.example/media/70453a4fcf88b14a0b756a9c3575b0a8.png"


class ListedUser(_Body):
    id: int
    username: str
    profile_image: str | None = Field(description=_IMAGE_URL)


#: The columns a row of ``GET /users`` shows.
LISTED_COLUMNS = tuple(ListedUser.model_fields)


class UserPage(_Body):
    model_config = example(
        {
            "count": 2,
            "next": False,
            "previous": False,
            "total_page": 1,
            "data": [
                {"id": 1, "username": "alice", "profile_image": _IMAGE},
                {"id": 2, "username": "bob", "profile_image": None},
            ],
        }
    )

    count: int = Field(ge=0)
    next: str | Literal[False] = Field(description="The absolute URL of the next page, or false.")
    previous: str | Literal[False] = Field(
        description="The absolute URL of the previous page, or false."
    )
    total_page: int = Field(ge=0)
    data: list[ListedUser]


class User(_Body):
    """``GET /user``: ``email``, ``user_config`` and the flags only on one's own record
    (null on anyone else's)."""

    model_config = example(
        {
            **ALICE,
            "email": "alice@example.com",
            "profile_image": _IMAGE,
            "banner_image": None,
            "user_config": '{"lang":"sv"}',
            "email_notifications": False,
            "dark_theme": False,
        }
    )

    id: int
    email: str | None
    username: str
    profile_image: str | None = Field(description=_IMAGE_URL)
    banner_image: str | None = Field(description=_IMAGE_URL)
    bio: str | None
    website: str | None
    contact_email: str | None
    contact_phone: str | None
    user_config: str | None
    email_notifications: bool | None
    dark_theme: bool | None


_BAD_REGISTRATION = DomainError(
    [
        Problem.of(ErrorCode.INVALID_USERNAME, "username"),
        Problem.of(ErrorCode.INVALID_EMAIL, "email"),
    ]
)


class Error(_Body):
    model_config = example(rest_body(classify(_BAD_REGISTRATION), dialect=ERRORS))

    detail: str | dict[str, list[str]] = Field(
        description="The legacy rendering: one message, or messages by field."
    )
    errors: list[FieldError] = Field(min_length=1)


class Paging(_Body):
    """The paging parameters of ``GET /users``: a bad number is ``INVALID_PAGINATION``."""

    page: int = Field(1, ge=1, le=MAX_QUERY_INTEGER, description="Page number, from 1.")
    limit: int = Field(
        DEFAULT_LIMIT,
        ge=1,
        le=MAX_QUERY_INTEGER,
        description=f"Rows per page, from 1; above {MAX_LIMIT} is served as {MAX_LIMIT}.",
    )
    offset: int = Field(
        0, ge=0, le=MAX_QUERY_INTEGER, description="Rows skipped before page 1, from 0."
    )


def page_request(params: Mapping[str, str]) -> PageRequest:
    return PageRequest.create(
        page=parse_int(params.get("page"), field="page", code=INVALID_PAGINATION, default=1),
        limit=parse_int(
            params.get("limit"), field="limit", code=INVALID_PAGINATION, default=DEFAULT_LIMIT
        ),
        offset=parse_int(params.get("offset"), field="offset", code=INVALID_PAGINATION, default=0),
    )


def image_prefix(request: Request) -> str | None:
    """What each listed image's URL is before its key, for the database to write a page."""
    return rules_of(request).media.url_prefix(base_url=public_base_of(request))


def users_body(request: Request, page: Page[UserRow] | JsonPage) -> dict[str, Any]:
    """Each row of ``LISTED_COLUMNS`` completed in place, or the rows as the database wrote
    them (``image_prefix``)."""
    base = public_base_of(request)
    # The same query with another page (last, as Starlette's include_query_params puts it),
    # from the parameters the handler read, without parsing the URL again for each link.
    others = query_of(request).without_page
    here = f"{base}{_url_path(request)}?" + (f"{others}&" if others else "")
    number = page.request.page
    data: list[UserRow] | orjson.Fragment
    if isinstance(page, JsonPage):
        data = orjson.Fragment(page.rows)
    else:
        # A UserPage as plain data: a model instance per row would cost a tenth of the
        # request; tests and the fuzzer hold the body to the model.
        url_of = image_urls(request, base_url=base)
        for row in page.items:
            if (image := row["profile_image"]) is not None:
                row["profile_image"] = url_of(image)
        data = page.items
    return {
        "count": page.count,
        "next": f"{here}page={number + 1}" if page.has_next else False,
        "previous": f"{here}page={number - 1}" if page.has_previous else False,
        "total_page": page.total_page,
        "data": data,
    }


def _url_path(request: Request) -> str:
    """Without building the whole URL: the path as Starlette escapes it."""
    path: str = request.scope["path"]
    return path.replace("?", "%3F").replace("#", "%23").replace("\\", "%5C")


def user_body(request: Request, view: UserView) -> dict[str, Any]:
    """Null for each private field the view lacks."""
    image_url = image_url_maker(request, base_url=public_base_of(request))
    private = view.private or NOT_SHOWN
    body = User(
        id=view.id,
        email=private.email,
        username=view.username,
        profile_image=image_url(view.profile_image),
        banner_image=image_url(view.banner_image),
        bio=view.bio,
        website=view.website,
        contact_email=view.contact_email,
        contact_phone=view.contact_phone,
        user_config=private.user_config,
        email_notifications=private.email_notifications,
        dark_theme=private.dark_theme,
    )
    return body.model_dump()
