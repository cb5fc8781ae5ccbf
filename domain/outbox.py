"""The transactional outbox: mail is stored with the change that causes it and sent later.

Contract:
- ``enqueue`` writes the whole rendered message on the caller's connection, so the mail
  exists exactly when the caller's transaction commits. Nothing is sent inside a request;
  the relay (``adapters.outbox_delivery``) sends it, retrying until
  ``outbox_max_attempts``: then the message is ``failed`` until ``retry_failed`` re-queues it.
- The stored message may hold a verification code, so its ``content`` is encrypted with
  ``FLOWBACK_MAIL_KEY`` (``domain.mail_cipher``; ``stored_message`` opens it) and erased the
  moment it is sent. Nothing here logs a message's content.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_string, policy
from email.message import EmailMessage
from typing import cast

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from config.settings import Settings
from domain.mail_cipher import mail_cipher
from models import OutboxMessage, OutboxStatus


async def enqueue(
    message: EmailMessage, *, settings: Settings, using_db: BaseDBAsyncClient | None = None
) -> OutboxMessage:
    """Store ``message``, encrypted, for the relay; pass the transaction's connection as
    ``using_db``."""
    return await OutboxMessage.create(
        message_id=str(message["Message-ID"]),
        recipient=str(message["To"]),
        subject=str(message["Subject"]),
        content=mail_cipher(settings).seal(message.as_string()),
        next_attempt_at=datetime.now(UTC),
        using_db=using_db,
    )


async def retry_failed() -> int:
    """Re-queue every failed message with a fresh count of attempts; returns how many."""
    return await OutboxMessage.filter(status=OutboxStatus.FAILED).update(
        status=OutboxStatus.PENDING, attempts=0, next_attempt_at=datetime.now(UTC)
    )


@dataclass(frozen=True, slots=True)
class OutboxReport:
    """What waits in the outbox: no content, so no code."""

    counts: dict[OutboxStatus, int]
    oldest_waiting: datetime | None
    waiting: list[OutboxMessage]


UNSENT = (OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.FAILED)


async def counts_by_status() -> dict[OutboxStatus, int]:
    """How many messages are in each status (every status present, zero included)."""
    rows = (
        await OutboxMessage.annotate(messages=Count("id"))
        .group_by("status")
        .values_list("status", "messages")
    )
    found = {OutboxStatus(status): int(messages) for status, messages in rows}
    return {status: found.get(status, 0) for status in OutboxStatus}


async def oldest_unsent() -> datetime | None:
    """When the oldest message not yet sent was written, or None when all are sent."""
    oldest = (
        OutboxMessage.filter(status__in=UNSENT)
        .order_by("created_at")
        .first()
        .values_list("created_at", flat=True)
    )
    return cast(datetime | None, await oldest)


def sent_before(moment: datetime) -> QuerySet[OutboxMessage]:
    """The messages delivered before ``moment``; a sent message's content is already erased."""
    return OutboxMessage.filter(status=OutboxStatus.SENT, sent_at__lte=moment)


async def report(*, limit: int = 50) -> OutboxReport:
    """Counts by status, the age of the oldest unsent message, and the unsent messages."""
    counts = await counts_by_status()
    waiting = (
        await OutboxMessage.filter(status__in=UNSENT)
        .order_by("created_at", "id")
        .limit(limit)
        .only(
            "id",
            "message_id",
            "recipient",
            "subject",
            "status",
            "attempts",
            "next_attempt_at",
            "last_error",
            "created_at",
        )
    )
    return OutboxReport(
        counts=counts,
        oldest_waiting=waiting[0].created_at if waiting else None,
        waiting=list(waiting),
    )


def stored_message(content: str, *, settings: Settings) -> EmailMessage:
    """The mail an outbox row holds, decrypted (``UnreadableMailError`` with a wrong key)."""
    message = message_from_string(mail_cipher(settings).open(content), policy=policy.default)
    if not isinstance(message, EmailMessage):  # the default policy always makes one
        raise TypeError("stored mail did not parse as an EmailMessage")
    return message
