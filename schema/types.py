from typing import Self

import strawberry

from domain import errors
from domain.paging import Page
from domain.users import UserRow
from models import User as UserModel
from observability.record import note_error_codes
from schema.context import Context

# Registers the domain enum with GraphQL; the class itself is used in annotations.
strawberry.enum(errors.ErrorCode, name="ErrorCode")


@strawberry.type
class FieldError:
    field: str | None
    code: errors.ErrorCode
    message: str


def field_errors(error: errors.DomainError) -> list[FieldError]:
    note_error_codes(error.codes)
    return [
        FieldError(field=item.field, code=item.code, message=item.message) for item in error.errors
    ]


@strawberry.type
class User:
    id: int
    username: str
    bio: str | None
    website: str | None
    stored_email: strawberry.Private[str | None]
    email_visible: strawberry.Private[bool]
    profile_image_key: strawberry.Private[str | None] = None
    banner_image_key: strawberry.Private[str | None] = None

    @strawberry.field(description="Absolute URL of the profile image.")
    def profile_image(self, info: strawberry.Info[Context, None]) -> str | None:
        return info.context.media_url(self.profile_image_key)

    @strawberry.field(description="Absolute URL of the banner image.")
    def banner_image(self, info: strawberry.Info[Context, None]) -> str | None:
        return info.context.media_url(self.banner_image_key)

    @strawberry.field(description="Visible only on the caller's own record; null elsewhere.")
    def email(self) -> str | None:
        return self.stored_email if self.email_visible else None

    @classmethod
    def from_model(cls, user: UserModel, *, viewer_id: int | None) -> Self:
        return cls(
            id=user.id,
            username=user.username,
            profile_image_key=user.profile_image,
            banner_image_key=user.banner_image,
            bio=user.bio,
            website=user.website,
            stored_email=user.email,
            email_visible=user.id == viewer_id,
        )

    @classmethod
    def from_row(cls, row: UserRow, *, viewer_id: int | None) -> Self:
        """From a row of ``domain.users.PUBLIC_COLUMNS``."""
        return cls(
            id=row["id"],
            username=row["username"],
            profile_image_key=row["profile_image"],
            banner_image_key=row["banner_image"],
            bio=row["bio"],
            website=row["website"],
            stored_email=row["email"],
            email_visible=row["id"] == viewer_id,
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
    def from_page(cls, page: Page[UserRow], *, viewer_id: int | None) -> Self:
        return cls(
            count=page.count,
            total_page=page.total_page,
            page=page.request.page,
            limit=page.request.limit,
            offset=page.request.offset,
            has_next=page.has_next,
            has_previous=page.has_previous,
            data=[User.from_row(row, viewer_id=viewer_id) for row in page.items],
        )
