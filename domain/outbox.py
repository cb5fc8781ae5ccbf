"""The transactional outbox (docs/operating/mail.md): a message exists exactly when the
caller's transaction commits, encrypted, and its content is erased once sent."""

from collections.abc import Sequence
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
from models import OutboxKind, OutboxMessage, OutboxStatus

MAIL = (OutboxKind.MAIL,)
#: An event waiting to be fanned out, and its deliveries to the endpoints.
WEBHOOKS = (OutboxKind.EVENT, OutboxKind.WEBHOOK)


async def enqueue(
    message: EmailMessage, *, settings: Settings, using_db: BaseDBAsyncClient | None = None
) -> OutboxMessage:
    """Pass the transaction's connection as ``using_db``."""
    return await OutboxMessage.create(
        message_id=str(message["Message-ID"]),
        recipient=str(message["To"]),
        subject=str(message["Subject"]),
        content=mail_cipher(settings).seal(message.as_string()),
        next_attempt_at=datetime.now(UTC),
        using_db=using_db,
    )


async def retry_failed(kinds: Sequence[OutboxKind] = MAIL) -> int:
    """With a fresh count of attempts; returns how many."""
    return await OutboxMessage.filter(status=OutboxStatus.FAILED, kind__in=list(kinds)).update(
        status=OutboxStatus.PENDING, attempts=0, next_attempt_at=datetime.now(UTC)
    )


async def hurry_waiting(kinds: Sequence[OutboxKind]) -> int:
    """Messages waiting out a backoff become due now (their attempts count on); returns how many."""
    now = datetime.now(UTC)
    waiting = OutboxMessage.filter(
        status=OutboxStatus.PENDING, kind__in=list(kinds), next_attempt_at__gt=now
    )
    return await waiting.update(next_attempt_at=now)


@dataclass(frozen=True, slots=True)
class OutboxReport:
    """No content, so no code."""

    counts: dict[OutboxStatus, int]
    oldest_waiting: datetime | None
    waiting: list[OutboxMessage]


UNSENT = (OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.FAILED)
#: Still to be delivered: what a message of the same ordering key waits for.
UNFINISHED = (OutboxStatus.PENDING, OutboxStatus.SENDING)


async def counts_by_status(kinds: Sequence[OutboxKind] = MAIL) -> dict[OutboxStatus, int]:
    """Every status present, zero included."""
    rows = (
        await OutboxMessage.filter(kind__in=list(kinds))
        .annotate(messages=Count("id"))
        .group_by("status")
        .values_list("status", "messages")
    )
    found = {OutboxStatus(status): int(messages) for status, messages in rows}
    return {status: found.get(status, 0) for status in OutboxStatus}


async def oldest_unsent(kinds: Sequence[OutboxKind] = MAIL) -> datetime | None:
    oldest = (
        OutboxMessage.filter(status__in=UNSENT, kind__in=list(kinds))
        .order_by("created_at")
        .first()
        .values_list("created_at", flat=True)
    )
    return cast(datetime | None, await oldest)


def sent_before(moment: datetime, kinds: Sequence[OutboxKind] = MAIL) -> QuerySet[OutboxMessage]:
    return OutboxMessage.filter(status=OutboxStatus.SENT, sent_at__lte=moment, kind__in=list(kinds))


async def report(*, kinds: Sequence[OutboxKind] = MAIL, limit: int = 50) -> OutboxReport:
    counts = await counts_by_status(kinds)
    waiting = (
        await OutboxMessage.filter(status__in=UNSENT, kind__in=list(kinds))
        .order_by("created_at", "id")
        .limit(limit)
        .only(
            "id",
            "kind",
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
    """``UnreadableMailError`` with a wrong key."""
    message = message_from_string(mail_cipher(settings).open(content), policy=policy.default)
    if not isinstance(message, EmailMessage):  # the default policy always makes one
        raise TypeError("stored mail did not parse as an EmailMessage")
    return message
