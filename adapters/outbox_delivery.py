"""Sending what the outbox holds: how a relay claims, sends and records each message.

Contract:
- A relay (``deliver_due``) claims one due message at a time: on PostgreSQL with
  ``SELECT … FOR UPDATE SKIP LOCKED`` and on every database with a compare-and-set update,
  then holds it under a lease of ``outbox_lease`` seconds. A relay that dies mid-send loses
  the message to the next relay once the lease runs out; the resend carries the same
  ``Message-ID`` so the receiving side can recognise it.
- A relay whose pass fails on the database ``settle``s before its next pass: what it sent
  but could not record is recorded (not sent again), and its other claims are handed back.
- Each failure is recorded (``attempts``, ``last_error``) and retried after an exponential
  backoff, until ``outbox_max_attempts`` attempts: then the message is ``failed`` until
  ``domain.outbox.retry_failed`` re-queues it. A sent message's content is erased. Nothing
  here logs a message's content.
"""

import logging
import os
import socket
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from config.settings import Settings
from domain.mail import MailDeliveryError, Mailer
from domain.mail_cipher import UnreadableMailError
from domain.outbox import stored_message
from models import OutboxMessage, OutboxStatus

logger = logging.getLogger("flowback.outbox")

ERROR_MAX_LENGTH = 1000
CLAIM_TRIES = 5


def relay_name() -> str:
    """A name unique to this relay, recorded as the owner of the leases it takes."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


async def deliver_due(
    *,
    settings: Settings,
    mailer: Mailer,
    owner: str | None = None,
    stopping: Callable[[], bool] = lambda: False,
    sent_unrecorded: set[int] | None = None,
) -> int:
    """Try every message that is due now, once each, until ``stopping()`` says to stop
    between two messages; returns how many were sent.

    A message sent whose sending could not be recorded (the database failed right after)
    is added to ``sent_unrecorded``, for ``settle`` to record instead of sending it again.
    """
    owner = owner or relay_name()
    sent = 0
    tried: set[int] = set()  # a message due again within this pass waits for the next one
    while (
        not stopping()
        and (claimed := await claim_next(owner=owner, lease=settings.outbox_lease, exclude=tried))
        is not None
    ):
        tried.add(claimed.id)
        sent += await _deliver(
            claimed, settings=settings, mailer=mailer, owner=owner, sent_unrecorded=sent_unrecorded
        )
    return sent


async def claim_next(
    *, owner: str, lease: float, exclude: set[int] | None = None
) -> OutboxMessage | None:
    """Lease the oldest due message to ``owner``, or None when nothing is due."""
    for _ in range(CLAIM_TRIES):
        now = datetime.now(UTC)
        due = Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now) | Q(
            status=OutboxStatus.SENDING, leased_until__lte=now
        )
        async with in_transaction() as connection:
            candidate = (
                await OutboxMessage.filter(due)
                .exclude(id__in=sorted(exclude or ()))
                .using_db(connection)
                .order_by("next_attempt_at", "id")
                .select_for_update(skip_locked=True)
                .first()
            )
            if candidate is None:
                return None
            claimed = (
                await OutboxMessage.filter(due, id=candidate.id)
                .using_db(connection)
                .update(
                    status=OutboxStatus.SENDING,
                    lease_owner=owner,
                    leased_until=now + timedelta(seconds=lease),
                    attempts=F("attempts") + 1,
                )
            )
        if claimed == 1:
            return await OutboxMessage.get(id=candidate.id)
    return None


async def release_claims(owner: str) -> int:
    """Hand back what ``owner`` claimed but did not finish, due now for any relay.

    The interrupted attempt still counts; the resend keeps its ``Message-ID``.
    """
    return await OutboxMessage.filter(status=OutboxStatus.SENDING, lease_owner=owner).update(
        status=OutboxStatus.PENDING,
        lease_owner=None,
        leased_until=None,
        next_attempt_at=datetime.now(UTC),
    )


async def settle(owner: str, sent_unrecorded: set[int]) -> int:
    """After a failed pass or at shutdown: record as sent what was sent but not recorded
    (so it is not sent twice), then hand back every other claim of ``owner`` (so it does
    not wait for the lease); returns how many claims were handed back."""
    for message_id in sorted(sent_unrecorded):
        await _record_sent(message_id)
        sent_unrecorded.discard(message_id)
    return await release_claims(owner)


def backoff(*, settings: Settings, attempts: int) -> float:
    """Seconds to wait after the ``attempts``-th failure: doubling, capped."""
    delay = settings.outbox_backoff_base * 2.0 ** max(attempts - 1, 0)
    return float(min(delay, settings.outbox_backoff_max))


async def _deliver(
    claimed: OutboxMessage,
    *,
    settings: Settings,
    mailer: Mailer,
    owner: str,
    sent_unrecorded: set[int] | None,
) -> int:
    if claimed.content is None:
        await _record_failure(claimed, owner=owner, error="no content to send", settings=settings)
        return 0
    try:
        message = stored_message(claimed.content, settings=settings)
    except UnreadableMailError as error:
        await _record_failure(claimed, owner=owner, error=str(error), settings=settings)
        return 0
    try:
        await mailer.send(message)
    except MailDeliveryError as error:
        await _record_failure(claimed, owner=owner, error=str(error), settings=settings)
        return 0
    except Exception as error:
        # A backend bug must not stop the relay; the message is retried like any failure.
        logger.exception("outbox message %s: unexpected error from the mail backend", claimed.id)
        await _record_failure(
            claimed, owner=owner, error=f"{type(error).__name__}: {error}", settings=settings
        )
        return 0
    try:
        await _record_sent(claimed.id)
    except Exception:
        if sent_unrecorded is not None:
            sent_unrecorded.add(claimed.id)
        raise
    logger.info(
        "outbox message %s sent (attempt %s, Message-ID %s)",
        claimed.id,
        claimed.attempts,
        claimed.message_id,
    )
    return 1


async def _record_sent(message_id: int) -> None:
    """Recorded even if the lease ran out meanwhile: the message did go out."""
    await OutboxMessage.filter(id=message_id).update(
        status=OutboxStatus.SENT,
        sent_at=datetime.now(UTC),
        content=None,
        lease_owner=None,
        leased_until=None,
        last_error=None,
    )


async def _record_failure(
    claimed: OutboxMessage, *, owner: str, error: str, settings: Settings
) -> None:
    error = error[:ERROR_MAX_LENGTH]
    if claimed.attempts >= settings.outbox_max_attempts:
        changes: dict[str, object] = {"status": OutboxStatus.FAILED}
        outcome = "failed for good"
    else:
        delay = backoff(settings=settings, attempts=claimed.attempts)
        retry_at = datetime.now(UTC) + timedelta(seconds=delay)
        changes = {"status": OutboxStatus.PENDING, "next_attempt_at": retry_at}
        outcome = f"retry in {delay:g}s"
    await OutboxMessage.filter(
        id=claimed.id, status=OutboxStatus.SENDING, lease_owner=owner
    ).update(lease_owner=None, leased_until=None, last_error=error, **changes)
    logger.warning(
        "outbox message %s attempt %s failed: %s; %s", claimed.id, claimed.attempts, error, outcome
    )
