"""What happens to users, told to the rest of the platform (webhooks).

Each event goes into the outbox on the connection of the transaction that changes the user,
so it exists exactly when the change commits; the relay fans it out to every endpoint of
``FLOWBACK_WEBHOOKS`` and delivers it there (``adapters.webhooks``), at least once and, for
one user, in the order the events were written. A use case writes its event after it has
changed the user's row, whose lock makes two changes of one user commit one after the other.

The body is the Standard Webhooks payload ``{"type", "timestamp", "data"}``, ``data`` holding
the user's ``id`` and never a private value: an update names the fields that changed (and the
current username, which every service shows), a revocation the sessions it ended.
"""

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
    """``fields``: the names of what changed (``password`` and ``email`` included, never
    their values); nothing is recorded when nothing changed."""
    changed = sorted(set(fields))
    if changed:
        data = {"username": username, "fields": changed}
        await _record(UserEvent.UPDATED, user_id, data, connection)


async def user_deleted(*, user_id: int, connection: BaseDBAsyncClient) -> None:
    await _record(UserEvent.DELETED, user_id, {}, connection)


async def sessions_revoked(
    *, user_id: int, session_ids: Iterable[int], connection: BaseDBAsyncClient
) -> None:
    """``session_ids``: the sessions just ended (as ``X-Flowback-Session-Id`` and
    introspection's ``sid`` name them); nothing is recorded when none was."""
    ended = sorted(session_ids)
    if ended:
        await _record(UserEvent.SESSIONS_REVOKED, user_id, {"sessions": ended}, connection)


def ordering_key(user_id: int) -> str:
    """The events of one user are delivered in order; different users' in any."""
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
