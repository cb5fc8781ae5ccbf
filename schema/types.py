import json
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Self

import strawberry
from strawberry.scalars import JSON

from domain import errors
from domain.paging import Page, Paged
from domain.sessions import SessionInfo
from domain.user_view import (
    IMAGE_COLUMNS,
    NOT_SHOWN,
    PRIVATE_COLUMNS,
    UserView,
    Viewer,
    private_fields,
)
from domain.users import JsonPage, UserRow
from schema.record import JsonRecords, Records

# Registers the domain enum with GraphQL; the class itself is used in annotations. Each
# value's description is the one the domain gives its code.
strawberry.enum(
    errors.ErrorCode,
    name="ErrorCode",
    description="What went wrong; the same codes as the REST facade's `errors[].code`.",
)
for _value in errors.ErrorCode.__strawberry_definition__.values:  # type: ignore[attr-defined]
    _value.description = errors.ErrorCode[_value.name].description


@strawberry.type(description="One problem with a request, as a mutation's payload lists it.")
class FieldError:
    field: str | None = strawberry.field(
        description="The argument the problem concerns as the client sent it "
        "(`verificationCode`), or its field inside an input object (`input.contactEmail`); "
        "null when it concerns the request as a whole."
    )
    code: errors.ErrorCode = strawberry.field(description="What went wrong, for code to test.")
    message: str = strawberry.field(description="What went wrong, for a person to read.")


#: A stored image key → its absolute URL, None for none (``Context.media_url``).
MediaUrl = Callable[[str | None], str | None]
#: A stored image key → its absolute URL (``Context.media_urls``).
MediaUrls = Callable[[str], str]

_OWN_ONLY = "Only on the caller's own record; null elsewhere."


def settings_value(text: str | None) -> JSON | None:
    """The domain stores only valid JSON."""
    if text is None:
        return None
    try:
        return JSON(json.loads(text))
    except ValueError:
        return None


@strawberry.type
class _Profile:
    """What anyone signed in may see of an account: ``User`` and ``CurrentUser`` share it."""

    id: int = strawberry.field(
        description="The account's number, as the REST facade gives it. An `Int`, not an "
        "`ID`: changing the type of a field clients already read would break them."
    )
    username: str = strawberry.field(description="Unique, compared case-folded.")
    bio: str | None = strawberry.field(description="Free text of at most 1000 characters.")
    website: str | None = strawberry.field(description="An http(s) URL.")
    contact_email: str | None = strawberry.field(description="Public contact address.")
    contact_phone: str | None = strawberry.field(description="Public contact phone number.")
    # The URLs are made with the object (``from_view``), where the request's base URL is
    # known: a plain field of a list's row completes without a resolver call per row.
    profile_image: str | None = strawberry.field(
        description="The absolute URL of the profile image (a string, as every client reads "
        "it); null for none."
    )
    banner_image: str | None = strawberry.field(
        description="The absolute URL of the banner image (a string, as every client reads "
        "it); null for none."
    )


@strawberry.federation.type(
    keys=["id"],
    description="A user as the caller may see it: the public profile, and the private "
    "fields only on the caller's own record. A federation entity, keyed by `id`.",
)
class User(_Profile):
    email: str | None = strawberry.field(description=_OWN_ONLY)
    user_config: str | None = strawberry.field(
        description="The caller's own settings as JSON text; null elsewhere.",
        deprecation_reason="Use `settings`: the same settings as a JSON value, not text.",
    )
    email_notifications: bool | None = strawberry.field(description=_OWN_ONLY)
    dark_theme: bool | None = strawberry.field(description=_OWN_ONLY)

    @strawberry.field(
        description="The caller's own settings, any JSON value; null elsewhere, or when "
        "none are stored."
    )
    def settings(self) -> JSON | None:
        return settings_value(self.user_config)

    @classmethod
    def from_view(cls, view: UserView, media: MediaUrl) -> Self:
        """A private field absent from the view is null; ``media`` makes the image URLs.
        Each field named, not gathered in a dict first: a list makes one per row."""
        private = view.private or NOT_SHOWN
        return cls(
            id=view.id,
            username=view.username,
            bio=view.bio,
            website=view.website,
            contact_email=view.contact_email,
            contact_phone=view.contact_phone,
            profile_image=None if view.profile_image is None else media(view.profile_image),
            banner_image=None if view.banner_image is None else media(view.banner_image),
            email=private.email,
            user_config=private.user_config,
            email_notifications=private.email_notifications,
            dark_theme=private.dark_theme,
        )


@strawberry.type(
    description="The signed-in account as it sees itself: its public profile and every "
    "private field. Its own type, so that what is always there is typed non-null."
)
class CurrentUser(_Profile):
    email: str = strawberry.field(description="The address the account signs in and is mailed at.")
    email_notifications: bool = strawberry.field(description="Whether it wants notices by mail.")
    dark_theme: bool = strawberry.field(description="Whether its clients show a dark theme.")
    settings_text: strawberry.Private[str | None] = None

    @strawberry.field(description="Its settings, any JSON value; null when none are stored.")
    def settings(self) -> JSON | None:
        return settings_value(self.settings_text)

    @classmethod
    def from_view(cls, view: UserView, media: MediaUrl) -> Self:
        """The caller's own view always holds the private fields."""
        private = view.private
        if private is None or private.email is None:
            raise ValueError("the caller's own view holds its private fields")
        return cls(
            **_public(view, media),
            email=private.email,
            email_notifications=bool(private.email_notifications),
            dark_theme=bool(private.dark_theme),
            settings_text=private.user_config,
        )


def _public(view: UserView, media: MediaUrl) -> dict[str, Any]:
    return {
        "id": view.id,
        "username": view.username,
        "bio": view.bio,
        "website": view.website,
        "contact_email": view.contact_email,
        "contact_phone": view.contact_phone,
        "profile_image": media(view.profile_image),
        "banner_image": media(view.banner_image),
    }


def listed_users(
    rows: list[UserRow],
    *,
    viewer: Viewer | None,
    media: MediaUrls,
    keys: Mapping[str, str] | None = None,
) -> Records:
    """A list's ``User``s: the page's rows themselves, by column name (or by ``keys``, the key
    a column was read under), their image keys made URLs in place; the ``User`` type reads
    each as it reads a ``User``. A row holds only the columns the list's selection reads
    (``schema.lookahead``), and the private fields only when the selection reads one: with a
    ``viewer``, on every row, null but on its own. A page makes fifty, so nothing is made
    per row."""
    records = Records(rows, keys)
    if not rows:
        return records
    for column in IMAGE_COLUMNS:
        key = records.keys.get(column, column)
        if key not in rows[0]:
            continue
        for row in rows:
            if (image := row[key]) is not None:
                row[key] = media(image)
    if viewer is not None:
        for row in rows:
            private = private_fields(row["id"], viewer=viewer) or NOT_SHOWN
            row.update(zip(PRIVATE_COLUMNS, private, strict=True))
    return records


@strawberry.type(description="A page of `users`, numbered as `GET /users` numbers them.")
class UserPage:
    count: int = strawberry.field(description="How many users match, on every page.")
    total_page: int = strawberry.field(description="How many pages of `limit` they fill.")
    page: int = strawberry.field(description="This page's number, from 1.")
    limit: int = strawberry.field(description="Users per page, as served (at most 50).")
    offset: int = strawberry.field(description="Users skipped before page 1.")
    has_next: bool = strawberry.field(description="Whether a page follows this one.")
    has_previous: bool = strawberry.field(description="Whether a page comes before this one.")
    data: Records = strawberry.field(
        graphql_type=list[User], description="This page's users, ordered by id."
    )

    @classmethod
    def from_page(
        cls,
        page: Page[UserRow],
        *,
        viewer: Viewer | None,
        media: MediaUrls,
        keys: Mapping[str, str] | None = None,
    ) -> Self:
        """``keys``: as ``listed_users`` takes them."""
        return cls._of(page, listed_users(page.items, viewer=viewer, media=media, keys=keys))

    @classmethod
    def from_json_page(cls, page: JsonPage, *, keys: Mapping[str, str] | None = None) -> Self:
        """The page as the database wrote it; ``keys`` as ``list_json`` was given them."""
        int_bounds = {} if page.ids is None else {"id": page.ids}
        return cls._of(
            page, JsonRecords(page.rows, kinds=page.kinds, int_bounds=int_bounds, keys=keys)
        )

    @classmethod
    def _of(cls, page: Paged, data: Records) -> Self:
        return cls(
            count=page.count,
            total_page=page.total_page,
            page=page.request.page,
            limit=page.request.limit,
            offset=page.request.offset,
            has_next=page.has_next,
            has_previous=page.has_previous,
            data=data,
        )


@strawberry.type(name="Session", description="A signed-in session of the caller's account.")
class SessionType:
    id: strawberry.ID = strawberry.field(description="Pass it to revokeSession to end it.")
    created_at: datetime = strawberry.field(description="When it signed in.")
    last_used_at: datetime | None = strawberry.field(
        description="Its last request, to within a minute."
    )
    user_agent: str | None = strawberry.field(description="Its User-Agent, cut to 255 characters.")
    client_ip: str | None = strawberry.field(description="The address it was last used from.")
    current: bool = strawberry.field(description="Whether this request came through it.")

    @classmethod
    def from_info(cls, info: SessionInfo) -> Self:
        return cls(
            id=strawberry.ID(str(info.id)),
            created_at=info.created_at,
            last_used_at=info.last_used_at,
            user_agent=info.user_agent,
            client_ip=info.client_ip,
            current=info.current,
        )
