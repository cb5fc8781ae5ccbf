from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from config.settings import Settings
from domain import pictures, user_events
from domain.clock import Clock
from domain.errors import DomainError, ErrorCode, FieldError
from domain.images import DecodeSlots, Upload
from domain.media import MediaStorage
from domain.pictures import Picture
from domain.profile_fields import (
    SETTINGS,
    clean_contact_email,
    clean_contact_phone,
    clean_flag,
    clean_settings,
    clean_user_config,
)
from domain.registration import username_taken
from domain.sessions import session_ended
from domain.validation import clean_username, has_no_nul, username_columns
from models import User

BIO_MAX_LENGTH = 1000
WEBSITE_MAX_LENGTH = 500
IMAGE_FIELDS = pictures.PICTURE_FIELDS
FLAG_FIELDS = ("email_notifications", "dark_theme")
NOT_A_FILE_MESSAGE = "Upload the image as a file."

Value = str | bool | None


@dataclass(frozen=True, slots=True)
class ProfileChanges:
    """``None`` leaves a field as it is, an empty text clears it; images only as uploads, and
    settings as JSON text (``user_config``) or as the value (``settings``), not both."""

    username: str | None = None
    bio: str | None = None
    website: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    user_config: str | None = None
    settings: object = None
    email_notifications: bool | str | None = None
    dark_theme: bool | str | None = None
    profile_image: Upload | str | None = None
    banner_image: Upload | str | None = None


@dataclass(frozen=True, slots=True)
class ProfileUpdate:
    media: MediaStorage
    image_slots: DecodeSlots
    settings: Settings
    clock: Clock

    async def update(self, *, user: User, changes: ProfileChanges) -> User:
        """All at once, or nothing with every problem found."""
        values, errors = await _clean_values(changes, user=user, settings=self.settings)
        images = await self._pictures(changes, owner_id=user.id, errors=errors)
        if errors:
            raise DomainError(errors)
        for name, picture in images.items():
            values[name] = picture.key
        stored = [picture.key for picture in images.values()]
        if isinstance(username := values.get("username"), str):
            columns = username_columns(username)
            values["username_key"] = columns["username_key"]
            values["username_skeleton"] = columns["username_skeleton"]
        # Unshown until the update lands: should it fail, or the process die, housekeeping
        # deletes the files it stored once the grace period has passed.
        await pictures.mark_unshown(stored, user_id=user.id, now=self.clock.now(), connection=None)
        try:
            async with in_transaction() as connection:
                await pictures.store(
                    images.values(), user_id=user.id, media=self.media, connection=connection
                )
                replaced = await _write(
                    user.id, values, image_fields=list(images), connection=connection
                )
                if replaced is not None:
                    await pictures.mark_unshown(
                        set(replaced) - set(stored),
                        user_id=user.id,
                        now=self.clock.now(),
                        connection=connection,
                    )
                    await user_events.user_updated(
                        user_id=user.id,
                        username=str(values.get("username", user.username)),
                        fields=_changed(user, values),
                        connection=connection,
                    )
        except IntegrityError:
            raise DomainError.single(ErrorCode.USERNAME_TAKEN, field="username") from None
        if replaced is None:  # the account was deleted meanwhile, and its pictures with it
            for key in stored:
                await self.media.delete(key)
            raise session_ended()
        return await User.get(id=user.id)

    async def _pictures(
        self, changes: ProfileChanges, *, owner_id: int, errors: list[FieldError]
    ) -> dict[str, Picture]:
        images: dict[str, Picture] = {}
        for name in IMAGE_FIELDS:
            upload = getattr(changes, name)
            if upload is None:
                continue
            if isinstance(upload, str):
                errors.append(FieldError(ErrorCode.INVALID_IMAGE, NOT_A_FILE_MESSAGE, name))
                continue
            try:
                images[name] = await pictures.picture_of(
                    upload,
                    owner_id=owner_id,
                    media=self.media,
                    field=name,
                    max_bytes=self.settings.max_image_bytes,
                    max_pixels=self.settings.max_image_pixels,
                    slots=self.image_slots,
                )
            except DomainError as error:
                errors.extend(error.errors)
        return images


def _changed(user: User, values: dict[str, Value]) -> list[str]:
    """Not the columns derived from them for look-ups."""
    return [
        name
        for name, value in values.items()
        if name in _PROFILE_FIELDS and getattr(user, name) != value
    ]


_PROFILE_FIELDS = frozenset(field.name for field in fields(ProfileChanges))


async def _write(
    user_id: int,
    values: dict[str, Value],
    *,
    image_fields: list[str],
    connection: BaseDBAsyncClient,
) -> list[str] | None:
    """The replaced image keys, or ``None`` when the account is no longer active.

    With images it is a compare-and-set on the images just read, so of two racing updates each
    marks exactly one set of files replaced; a miss is retried, and the later update wins.
    """
    users = User.filter(id=user_id).using_db(connection)
    if not image_fields:
        active = users.filter(is_active=True)
        found = await (active.update(**values) if values else active.count())
        return [] if found else None
    while True:
        rows = await users.filter(is_active=True).values(*image_fields)
        if not rows:
            return None
        current: dict[str, str | None] = rows[0]
        if await users.filter(is_active=True, **current).update(**values):
            return [key for key in current.values() if key]


async def _clean_values(
    changes: ProfileChanges, *, user: User, settings: Settings
) -> tuple[dict[str, Value], list[FieldError]]:
    rules: dict[str, Callable[[Any], Value]] = {
        "bio": _bio,
        "website": _website,
        "contact_email": clean_contact_email,
        "contact_phone": clean_contact_phone,
        "user_config": partial(clean_user_config, max_bytes=settings.user_config_max_bytes),
        **{name: partial(clean_flag, field=name) for name in FLAG_FIELDS},
    }
    values: dict[str, Value] = {}
    errors: list[FieldError] = []
    if changes.settings is not None:
        if changes.user_config is not None:
            message = "Give the settings once: as a JSON value or as JSON text."
            errors.append(FieldError(ErrorCode.INVALID, message, SETTINGS))
        else:
            try:
                values["user_config"] = clean_settings(
                    changes.settings, max_bytes=settings.user_config_max_bytes
                )
            except DomainError as error:
                errors.extend(error.errors)
    if changes.username is not None:
        try:
            values["username"] = await _username(changes.username, user)
        except DomainError as error:
            errors.extend(error.errors)
    for name, clean in rules.items():
        raw = getattr(changes, name)
        if raw is None:
            continue
        try:
            values[name] = clean(raw)
        except DomainError as error:
            errors.extend(error.errors)
    return values, errors


async def _username(value: str, user: User) -> str:
    username = clean_username(value)
    if await username_taken(username, owner_id=user.id):
        raise DomainError.single(ErrorCode.USERNAME_TAKEN, field="username")
    return username


def _bio(value: str) -> str | None:
    bio = value.strip()
    if not has_no_nul(bio):
        raise DomainError.single(ErrorCode.INVALID, "Null characters are not allowed.", "bio")
    if len(bio) > BIO_MAX_LENGTH:
        raise DomainError.single(
            ErrorCode.INVALID, f"Ensure this field has at most {BIO_MAX_LENGTH} characters.", "bio"
        )
    return bio or None


def _website(value: str) -> str | None:
    website = value.strip()
    if not website:
        return None
    if len(website) > WEBSITE_MAX_LENGTH or not _is_web_url(website):
        raise DomainError.single(
            ErrorCode.INVALID_URL,
            f"Enter a valid http or https URL of at most {WEBSITE_MAX_LENGTH} characters.",
            "website",
        )
    return website


def _is_web_url(value: str) -> bool:
    if any(character.isspace() or not character.isprintable() for character in value):
        return False
    try:
        parts = urlsplit(value)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and port_ok
