from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from config.settings import Settings
from domain import outbox, pictures
from domain.clock import Clock
from domain.media import MediaStorage
from models import ApiToken, EmailChange, PasswordReset, PendingRegistration

BATCH_SIZE = 1000

PurgeCounts = dict[str, int]


def purgeable(*, settings: Settings, now: datetime) -> dict[str, QuerySet[Any]]:
    """What a pass at ``now`` deletes, by the name the counts are reported under."""
    retention = timedelta(seconds=settings.token_retention)
    idle_before = now - timedelta(seconds=settings.token_idle_timeout) - retention
    dead_tokens = (
        Q(revoked_at__lte=now - retention)
        | Q(created_at__lte=now - timedelta(seconds=settings.token_max_age) - retention)
        | Q(last_used_at__lte=idle_before)
        | Q(last_used_at=None, created_at__lte=idle_before)
    )
    sent_before = now - timedelta(seconds=settings.outbox_retention)
    return {
        "pending registrations": PendingRegistration.filter(expires_at__lte=now),
        "password reset codes": PasswordReset.filter(expires_at__lte=now),
        "email change codes": EmailChange.filter(expires_at__lte=now),
        "dead tokens": ApiToken.filter(dead_tokens),
        "sent mail": outbox.sent_before(sent_before),
        "delivered events": outbox.sent_before(sent_before, outbox.WEBHOOKS),
    }


REPLACED_PICTURES = "replaced pictures"


async def count_purgeable(*, settings: Settings, clock: Clock) -> PurgeCounts:
    now = clock.now()
    queries = purgeable(settings=settings, now=now)
    counts = {name: await query.count() for name, query in queries.items()}
    grace = settings.replaced_picture_grace
    counts[REPLACED_PICTURES] = await pictures.count_purgeable(grace=grace, now=now)
    return counts


async def purge(
    *,
    settings: Settings,
    clock: Clock,
    media: MediaStorage,
    on_batch: Callable[[int], None] = lambda _: None,
    connection: BaseDBAsyncClient | None = None,
) -> PurgeCounts:
    """In batches of ``BATCH_SIZE``, ``on_batch`` hearing each batch's size."""
    now = clock.now()
    queries = purgeable(settings=settings, now=now)
    counts: PurgeCounts = {}
    for name, query in queries.items():
        counts[name] = await _delete_in_batches(query, on_batch=on_batch, connection=connection)
    counts[REPLACED_PICTURES] = await pictures.purge_replaced(
        media=media,
        grace=settings.replaced_picture_grace,
        now=now,
        on_batch=on_batch,
        connection=connection,
    )
    return counts


def describe(counts: PurgeCounts) -> str:
    """``3 pending registrations, 0 password reset codes, …``"""
    return ", ".join(f"{number} {name}" for name, number in counts.items())


async def _delete_in_batches(
    query: QuerySet[Any],
    *,
    on_batch: Callable[[int], None],
    connection: BaseDBAsyncClient | None,
) -> int:
    model = query.model
    deleted = 0
    while True:
        batch = query.limit(BATCH_SIZE)
        if connection is not None:
            batch = batch.using_db(connection)
        ids = await batch.values_list("id", flat=True)
        if not ids:
            return deleted
        removal = model.filter(id__in=ids)
        if connection is not None:
            removal = removal.using_db(connection)
        deleted += await removal.delete()
        on_batch(len(ids))
