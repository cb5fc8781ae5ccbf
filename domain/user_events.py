"""User events for the platform's webhooks (docs/operating/platform.md), written in the
transaction of the change; ``data`` never holds a private value."""

import json
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from models import OutboxKind, OutboxMessage


class UserEvent(StrEnum):
    CREATED = "user.created"
    UPDATED = "user.updated"
    DELETED = "user.deleted"
    #: Sessions ended other than by expiry: signing out, a new password or address, deletion.
    SESSIONS_REVOKED = "user.sessions_revoked"


async def user_created(*, user_id: int, username: str, connection: BaseDBAsyncClient) -> None:
    await _record(UserEvent.CREATED, user_id, {"username": username}, connection)


async def user_updated(
    *, user_id: int, username: str, fields: Iterable[str], connection: BaseDBAsyncClient
) -> None:
    """``fields`` names what changed, never its value; nothing is recorded when nothing changed."""
    changed = sorted(set(fields))
    if changed:
        data = {"username": username, "fields": changed}
        await _record(UserEvent.UPDATED, user_id, data, connection)


async def user_deleted(*, user_id: int, connection: BaseDBAsyncClient) -> None:
    await _record(UserEvent.DELETED, user_id, {}, connection)


async def sessions_revoked(
    *, user_id: int, session_ids: Iterable[int], connection: BaseDBAsyncClient
) -> None:
    """Nothing is recorded when no session ended."""
    ended = sorted(session_ids)
    if ended:
        await _record(UserEvent.SESSIONS_REVOKED, user_id, {"sessions": ended}, connection)


def ordering_key(user_id: int) -> str:
    """One user's events are delivered in order; different users' in any."""
    return f"user:{user_id}"


async def _record(
    event: UserEvent, user_id: int, data: dict[str, Any], connection: BaseDBAsyncClient
) -> None:
    now = datetime.now(UTC)
    body = {
        "type": event.value,
        "timestamp": now.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "data": {"id": user_id, **data},
    }
    await OutboxMessage.create(
        kind=OutboxKind.EVENT,
        message_id=f"evt_{uuid.uuid4().hex}",
        recipient="",
        subject=event.value,
        content=json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        ordering_key=ordering_key(user_id),
        next_attempt_at=now,
        using_db=connection,
    )
