"""Pictures stored under a key of their account and bytes, kept a grace period once
replaced (docs/accounts.md#profile-images).

Races: an update marks its pictures unshown before storing them and takes them back
(``store``) in the transaction that shows them, so a failed update's files go like
replaced ones; housekeeping holds each unshown row locked while it checks that no field
shows the key, so a file is never deleted under an update about to show it.
"""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from domain.images import DecodeSlots, Upload, clean_image, stored_extension
from domain.media import MediaStorage
from models import ReplacedPicture, User

BATCH_SIZE = 1000
PICTURE_FIELDS = ("profile_image", "banner_image")
# Changing it renames every picture uploaded afterwards, so it stays.
_DOMAIN = b"flowback picture\0"


@dataclass(frozen=True, slots=True)
class Picture:
    key: str
    data: bytes


def picture_key(*, owner_id: int, data: bytes, extension: str) -> str:
    """128 bits of SHA-256 over the account and the bytes."""
    digest = hashlib.sha256(_DOMAIN)
    digest.update(b"%d\0" % owner_id)
    digest.update(data)
    return f"{digest.hexdigest()[:32]}.{extension}"


async def picture_of(
    upload: Upload,
    *,
    owner_id: int,
    media: MediaStorage,
    field: str,
    max_bytes: int,
    max_pixels: int,
    slots: DecodeSlots,
) -> Picture:
    """Bytes the account already stores are taken as they are (re-encoding would change their
    key); others are cleaned (``domain.images.clean_image``)."""
    extension = stored_extension(upload.data)
    if extension is not None and len(upload.data) <= max_bytes:
        key = picture_key(owner_id=owner_id, data=upload.data, extension=extension)
        if await media.holds(key):
            return Picture(key=key, data=upload.data)
    image = await clean_image(
        upload, field=field, max_bytes=max_bytes, max_pixels=max_pixels, slots=slots
    )
    key = picture_key(owner_id=owner_id, data=image.data, extension=image.extension)
    return Picture(key=key, data=image.data)


async def store(
    pictures: Iterable[Picture],
    *,
    user_id: int,
    media: MediaStorage,
    connection: BaseDBAsyncClient,
) -> None:
    """Inside the transaction that will show them."""
    pictures = list(pictures)
    if not pictures:
        return
    keys = [picture.key for picture in pictures]
    # The account's row first, as its deletion locks it (then its unshown rows): one order,
    # no deadlock. (values() would drop the FOR UPDATE, so the row is read whole.)
    await User.select_for_update().using_db(connection).get_or_none(id=user_id)
    # Waits for a housekeeping pass that holds one of them; after it, the file may be gone.
    await ReplacedPicture.filter(user_id=user_id, key__in=keys).using_db(connection).delete()
    for picture in pictures:
        await media.save(key=picture.key, data=picture.data)


async def mark_unshown(
    keys: Iterable[str], *, user_id: int, now: datetime, connection: BaseDBAsyncClient | None
) -> None:
    rows = [ReplacedPicture(user_id=user_id, key=key, replaced_at=now) for key in set(keys)]
    if rows:
        await ReplacedPicture.bulk_create(rows, using_db=connection)


async def take_all(user: User, *, connection: BaseDBAsyncClient) -> list[str]:
    """Its row read locked, its replaced rows gone: for deleting them all."""
    replaced = ReplacedPicture.filter(user_id=user.id).using_db(connection)
    keys = {key for key in (getattr(user, name) for name in PICTURE_FIELDS) if key}
    keys.update(str(key) for key in await replaced.values_list("key", flat=True))
    await replaced.delete()
    return sorted(keys)


async def count_purgeable(*, grace: int, now: datetime) -> int:
    rows = await _due(grace=grace, now=now).values("id", "user_id", "key")
    return len(await _unused(rows, connection=None))


async def purge_replaced(
    *,
    media: MediaStorage,
    grace: int,
    now: datetime,
    on_batch: Callable[[int], None] = lambda _: None,
    connection: BaseDBAsyncClient | None = None,
) -> int:
    """Each batch in ``connection``'s transaction or its own; returns how many files went."""
    deleted = 0
    while True:
        if connection is not None:
            batch = await _purge_batch(media=media, grace=grace, now=now, connection=connection)
        else:
            async with in_transaction() as own:
                batch = await _purge_batch(media=media, grace=grace, now=now, connection=own)
        if batch is None:
            return deleted
        deleted += batch
        on_batch(batch)


async def _purge_batch(
    *, media: MediaStorage, grace: int, now: datetime, connection: BaseDBAsyncClient
) -> int | None:
    """None when no row is due."""
    rows = (
        await _due(grace=grace, now=now)
        .select_for_update(skip_locked=True)
        .limit(BATCH_SIZE)
        .using_db(connection)
        .values("id", "user_id", "key")
    )
    if not rows:
        return None
    unused = await _unused(rows, connection=connection)
    for row in unused:
        await media.delete(row["key"])
    await ReplacedPicture.filter(id__in=[row["id"] for row in rows]).using_db(connection).delete()
    return len(unused)


def _due(*, grace: int, now: datetime) -> Any:
    return ReplacedPicture.filter(replaced_at__lte=now - timedelta(seconds=grace)).order_by("id")


async def _unused(
    rows: list[dict[str, Any]], *, connection: BaseDBAsyncClient | None
) -> list[dict[str, Any]]:
    owners = User.filter(id__in={row["user_id"] for row in rows}).using_db(connection)
    shown = {
        (owner["id"], key)
        for owner in await owners.values("id", *PICTURE_FIELDS)
        for key in (owner[name] for name in PICTURE_FIELDS)
        if key
    }
    unused: dict[tuple[int, str], dict[str, Any]] = {}
    for row in rows:
        if (row["user_id"], row["key"]) not in shown:
            unused.setdefault((row["user_id"], row["key"]), row)
    return list(unused.values())
