from typing import Annotated, Any

import strawberry
from starlette.datastructures import UploadFile
from strawberry.file_uploads import Upload
from strawberry.scalars import JSON

from domain.images import Upload as ImageUpload
from domain.profile_update import ProfileChanges
from schema.context import Info
from schema.mutations.payloads import UserPayload, mutation, payload


@strawberry.input(description="Fields left out (or null) stay as they are.")
class UpdateUserInput:
    username: str | None = strawberry.field(
        default=None, description="A new username, free among the others (case-folded)."
    )
    bio: str | None = strawberry.field(default=None, description="An empty string clears it.")
    website: str | None = strawberry.field(
        default=None, description="An http(s) URL; an empty string clears it."
    )
    contact_email: str | None = strawberry.field(
        default=None, description="A public contact address; an empty string clears it."
    )
    contact_phone: str | None = strawberry.field(
        default=None, description="A public phone number; an empty string clears it."
    )
    user_config: str | None = strawberry.field(
        default=None,
        description="Private JSON settings text; an empty string clears it.",
        deprecation_reason="Use `settings`: the same settings as a JSON value, not text.",
    )
    settings: JSON | None = strawberry.field(
        default=None,
        description="Private settings, any JSON value, replacing the ones stored (`{}` for "
        "none); not with `userConfig`.",
    )
    email_notifications: bool | None = strawberry.field(
        default=None, description="Whether the account wants notices by mail."
    )
    dark_theme: bool | None = strawberry.field(
        default=None, description="Whether its clients show a dark theme."
    )
    profile_image: Upload | None = strawberry.field(
        default=None, description="A PNG, JPEG, WebP or GIF file (multipart request)."
    )
    banner_image: Upload | None = strawberry.field(
        default=None, description="A PNG, JPEG, WebP or GIF file (multipart request)."
    )


@payload
class UpdateUserPayload(UserPayload):
    pass


@mutation(description="Change the caller's own profile; returns the updated user.")
async def update_user(
    info: Info,
    input: Annotated[  # noqa: A002 - contract name
        UpdateUserInput, strawberry.argument(description="What to change.")
    ],
) -> UpdateUserPayload:
    session = await info.context.session(fresh=True)
    if session is None:
        return UpdateUserPayload.unauthenticated()
    limit = info.context.settings.max_image_bytes
    changes = ProfileChanges(
        username=input.username,
        bio=input.bio,
        website=input.website,
        contact_email=input.contact_email,
        contact_phone=input.contact_phone,
        user_config=input.user_config,
        settings=input.settings,
        email_notifications=input.email_notifications,
        dark_theme=input.dark_theme,
        profile_image=await _read(input.profile_image, limit=limit),
        banner_image=await _read(input.banner_image, limit=limit),
    )
    return await UpdateUserPayload.of(
        info.context.rules.profile_update.update(user=session.user, changes=changes),
        info.context,
    )


async def _read(value: Any, *, limit: int) -> ImageUpload | str | None:
    """At most ``limit`` + 1 bytes: enough to tell it is too large; anything but a file goes
    on as text, which the domain refuses."""
    if value is None:
        return None
    if not isinstance(value, UploadFile):
        return str(value)
    return ImageUpload(filename=value.filename, data=await value.read(limit + 1))
