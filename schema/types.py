from datetime import datetime
from typing import Self

import strawberry

from domain import errors
from domain.paging import Page
from domain.sessions import SessionInfo
from domain.user_view import NOT_SHOWN, UserView
from schema.context import Info
from web.faults import report

# Registers the domain enum with GraphQL; the class itself is used in annotations.
strawberry.enum(errors.ErrorCode, name="ErrorCode")


@strawberry.type
class FieldError:
    field: str | None
    code: errors.ErrorCode
    message: str


def field_errors(error: errors.DomainError) -> list[FieldError]:
    report(error)
    return [
        FieldError(field=item.field, code=item.code, message=item.message) for item in error.errors
    ]


@strawberry.type(description="A user as the caller may see it.")
class User:
    id: int
    username: str
    bio: str | None
    website: str | None
    contact_email: str | None = strawberry.field(description="Public contact address.")
    contact_phone: str | None = strawberry.field(description="Public contact phone number.")
    email: str | None = strawberry.field(
        description="Visible only on the caller's own record; null elsewhere."
    )
    user_config: str | None = strawberry.field(
        description="The caller's own opaque JSON settings text; null elsewhere."
    )
    email_notifications: bool | None = strawberry.field(
        description="Visible only on the caller's own record; null elsewhere."
    )
    dark_theme: bool | None = strawberry.field(
        description="Visible only on the caller's own record; null elsewhere."
    )
    profile_image_key: strawberry.Private[str | None] = None
    banner_image_key: strawberry.Private[str | None] = None

    @strawberry.field(description="Absolute URL of the profile image.")
    def profile_image(self, info: Info) -> str | None:
        return info.context.media_url(self.profile_image_key)

    @strawberry.field(description="Absolute URL of the banner image.")
    def banner_image(self, info: Info) -> str | None:
        return info.context.media_url(self.banner_image_key)

    @classmethod
    def from_view(cls, view: UserView) -> Self:
        """Renders the view; a private field absent from it is null."""
        private = view.private or NOT_SHOWN
        return cls(
            id=view.id,
            username=view.username,
            bio=view.bio,
            website=view.website,
            contact_email=view.contact_email,
            contact_phone=view.contact_phone,
            email=private.email,
            user_config=private.user_config,
            email_notifications=private.email_notifications,
            dark_theme=private.dark_theme,
            profile_image_key=view.profile_image,
            banner_image_key=view.banner_image,
        )


@strawberry.type
class UserPage:
    count: int
    total_page: int
    page: int
    limit: int
    offset: int
    has_next: bool
    has_previous: bool
    data: list[User]

    @classmethod
    def from_page(cls, page: Page[UserView]) -> Self:
        return cls(
            count=page.count,
            total_page=page.total_page,
            page=page.request.page,
            limit=page.request.limit,
            offset=page.request.offset,
            has_next=page.has_next,
            has_previous=page.has_previous,
            data=[User.from_view(view) for view in page.items],
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
