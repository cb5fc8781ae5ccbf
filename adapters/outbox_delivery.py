"""How a relay claims, delivers and records each outbox message (docs/operating/mail.md).

A claim is a lease (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, a compare-and-set on
every database); a resend after a lost lease keeps its ``Message-ID`` or ``webhook-id``.
Of the messages of one ``ordering_key`` only the oldest unfinished one can be claimed. A
sent message's content is erased; nothing here logs it.
"""

import logging
import os
import socket
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Protocol

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F, Q, Subquery
from tortoise.functions import Min
from tortoise.transactions import in_transaction

from adapters.availability import is_outage
from config.settings import Settings
from domain.mail import MailDeliveryError, Mailer
from domain.mail_cipher import UnreadableMailError
from domain.outbox import UNFINISHED, stored_message
from models import OutboxKind, OutboxMessage, OutboxStatus

logger = logging.getLogger("flowback.outbox")

ERROR_MAX_LENGTH = 1000
CLAIM_TRIES = 5


class DeliveryError(Exception):
    """Not delivered this time, and why (no secret, no content); retried unless ``final``."""

    def __init__(self, reason: str, *, final: bool = False) -> None:
        super().__init__(reason)
        self.final = final


class Courier(Protocol):
    """Delivers one kind of message; raises ``DeliveryError`` when it could not."""

    @property
    def kind(self) -> OutboxKind: ...

    #: Attempts before a message of this kind is ``failed``.
    @property
    def max_attempts(self) -> int: ...

    #: The longest one delivery may take (what shutdown waits for one in flight).
    @property
    def timeout(self) -> float: ...

    async def deliver(self, message: OutboxMessage) -> None: ...


class MailCourier:
    """The content is decrypted only to be sent."""

    kind = OutboxKind.MAIL

    def __init__(self, *, settings: Settings, mailer: Mailer) -> None:
        self.settings = settings
        self.mailer = mailer
        self.max_attempts = settings.outbox_max_attempts
        self.timeout = settings.smtp_timeout

    async def deliver(self, message: OutboxMessage) -> None:
        if message.content is None:
            raise DeliveryError("no content to send")
        try:
            mail = stored_message(message.content, settings=self.settings)
            await self.mailer.send(mail)
        except (UnreadableMailError, MailDeliveryError) as error:
            raise DeliveryError(str(error)) from None


def relay_name() -> str:
    """Recorded as the owner of the leases this relay takes."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


async def deliver_due(
    *,
    settings: Settings,
    couriers: Sequence[Courier],
    owner: str | None = None,
    stopping: Callable[[], bool] = lambda: False,
    sent_unrecorded: set[int] | None = None,
) -> int:
    """Each due message once, until ``stopping()``; returns how many went. One delivered but
    not recorded goes into ``sent_unrecorded``, for ``settle`` to record, not resend."""
    owner = owner or relay_name()
    by_kind = {courier.kind: courier for courier in couriers}
    delivered = 0
    tried: set[int] = set()  # a message due again within this pass waits for the next one
    while not stopping() and (
        claimed := await claim_next(
            owner=owner, lease=settings.outbox_lease, kinds=list(by_kind), exclude=tried
        )
    ):
        tried.add(claimed.id)
        delivered += await _deliver(
            claimed,
            courier=by_kind[claimed.kind],
            settings=settings,
            owner=owner,
            sent_unrecorded=sent_unrecorded,
        )
    return delivered


async def claim_next(
    *,
    owner: str,
    lease: float,
    kinds: Sequence[OutboxKind] = (OutboxKind.MAIL,),
    exclude: set[int] | None = None,
) -> OutboxMessage | None:
    """The oldest due message of ``kinds`` that nothing earlier in its ``ordering_key`` still
    waits for, or None."""
    for _ in range(CLAIM_TRIES):
        now = datetime.now(UTC)
        due = Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now) | Q(
            status=OutboxStatus.SENDING, leased_until__lte=now
        )
        # The oldest unfinished message of each ordering key: the only one of its key that
        # may go. A relay that sees another's claim uncommitted still sees it unfinished.
        heads = (
            OutboxMessage.filter(status__in=UNFINISHED, ordering_key__not_isnull=True)
            .annotate(head=Min("id"))
            .group_by("ordering_key")
            .values("head")
        )
        free = Q(ordering_key=None) | Q(id__in=Subquery(heads))
        async with in_transaction() as connection:
            candidate = (
                await OutboxMessage.filter(due, free, kind__in=list(kinds))
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
    """Due now for any relay; the interrupted attempt still counts."""
    return await OutboxMessage.filter(status=OutboxStatus.SENDING, lease_owner=owner).update(
        status=OutboxStatus.PENDING,
        lease_owner=None,
        leased_until=None,
        next_attempt_at=datetime.now(UTC),
    )


async def settle(owner: str, sent_unrecorded: set[int]) -> int:
    """After a failed pass or at shutdown: record what was sent but not recorded (not sent
    twice), then hand back every other claim; returns how many were handed back."""
    for message_id in sorted(sent_unrecorded):
        await record_sent(message_id)
        sent_unrecorded.discard(message_id)
    return await release_claims(owner)


def backoff(*, settings: Settings, attempts: int) -> float:
    """Seconds after the ``attempts``-th failure: doubling, capped."""
    delay = settings.outbox_backoff_base * 2.0 ** max(attempts - 1, 0)
    return float(min(delay, settings.outbox_backoff_max))


async def _deliver(
    claimed: OutboxMessage,
    *,
    courier: Courier,
    settings: Settings,
    owner: str,
    sent_unrecorded: set[int] | None,
) -> int:
    failed = partial(_record_failure, claimed, courier=courier, settings=settings, owner=owner)
    try:
        await courier.deliver(claimed)
    except DeliveryError as error:
        await failed(error)
        return 0
    except Exception as error:
        if is_outage(error):  # the database went away: the pass fails, and is settled
            raise
        # A courier's bug must not stop the relay; the message is retried like any failure.
        logger.exception("outbox message %s: unexpected error delivering it", claimed.id)
        await failed(DeliveryError(f"{type(error).__name__}: {error}"))
        return 0
    try:
        await record_sent(claimed.id)
    except Exception:
        if sent_unrecorded is not None:
            sent_unrecorded.add(claimed.id)
        raise
    logger.info(
        "outbox %s %s delivered (attempt %s, id %s)",
        claimed.kind.value,
        claimed.id,
        claimed.attempts,
        claimed.message_id,
    )
    return 1


async def record_sent(message_id: int, connection: BaseDBAsyncClient | None = None) -> None:
    """Even if the lease ran out meanwhile: the message did go out."""
    await (
        OutboxMessage.filter(id=message_id)
        .using_db(connection)
        .update(
            status=OutboxStatus.SENT,
            sent_at=datetime.now(UTC),
            content=None,
            lease_owner=None,
            leased_until=None,
            last_error=None,
        )
    )


async def _record_failure(
    claimed: OutboxMessage,
    error: DeliveryError,
    *,
    courier: Courier,
    settings: Settings,
    owner: str,
) -> None:
    reason = str(error)[:ERROR_MAX_LENGTH]
    if error.final or claimed.attempts >= courier.max_attempts:
        changes: dict[str, object] = {"status": OutboxStatus.FAILED}
        outcome = "failed for good"
    else:
        delay = backoff(settings=settings, attempts=claimed.attempts)
        retry_at = datetime.now(UTC) + timedelta(seconds=delay)
        changes = {"status": OutboxStatus.PENDING, "next_attempt_at": retry_at}
        outcome = f"retry in {delay:g}s"
    await OutboxMessage.filter(
        id=claimed.id, status=OutboxStatus.SENDING, lease_owner=owner
    ).update(lease_owner=None, leased_until=None, last_error=reason, **changes)
    logger.warning(
        "outbox %s %s attempt %s failed: %s; %s",
        claimed.kind.value,
        claimed.id,
        claimed.attempts,
        reason,
        outcome,
    )
