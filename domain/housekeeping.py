"""Housekeeping: deleting rows nobody can use any more, so that tables do not grow for ever.

What goes: pending registrations, password-reset and email-change codes once expired (a
used code expires like an unused one); tokens dead (revoked, idle or too old) for longer
than ``token_retention`` seconds, which keeps them in the account's history that long; and
sent mail older than ``outbox_retention`` seconds (its content is already erased). Each
server runs a pass every ``housekeeping_interval`` seconds (``adapters.housekeeper``); on
PostgreSQL a pass holds a
transaction-scoped advisory lock, so one server at a time does the work and the others skip
it. ``python main.py purge`` runs the same deletions.
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from config.settings import Settings
from domain.clock import Clock
from domain.sql import for_dialect
from models import (
    ApiToken,
    EmailChange,
    OutboxMessage,
    OutboxStatus,
    PasswordReset,
    PendingRegistration,
)

logger = logging.getLogger("flowback.housekeeping")
BATCH_SIZE = 1000
# Any constant shared by every server of the service; "flowback" in ASCII.
ADVISORY_LOCK_KEY = 0x666C6F776261636B
_TRY_LOCK = "SELECT pg_try_advisory_xact_lock(?) AS locked"

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
        "sent mail": OutboxMessage.filter(status=OutboxStatus.SENT, sent_at__lte=sent_before),
    }


async def count_purgeable(*, settings: Settings, clock: Clock) -> PurgeCounts:
    """How many rows a pass would delete now, deleting nothing."""
    queries = purgeable(settings=settings, now=clock.now())
    return {name: await query.count() for name, query in queries.items()}


async def purge(
    *,
    settings: Settings,
    clock: Clock,
    on_batch: Callable[[int], None] = lambda _: None,
    connection: BaseDBAsyncClient | None = None,
) -> PurgeCounts:
    """Delete what is purgeable now, in batches of ``BATCH_SIZE`` (``on_batch`` hears each
    batch's size); returns how many rows of each kind went."""
    queries = purgeable(settings=settings, now=clock.now())
    counts: PurgeCounts = {}
    for name, query in queries.items():
        counts[name] = await _delete_in_batches(query, on_batch=on_batch, connection=connection)
    return counts


async def housekeeping_pass(*, settings: Settings, clock: Clock) -> PurgeCounts | None:
    """One pass; None when another server holds the PostgreSQL lock (its pass is running)."""
    database = ApiToken._meta.db
    dialect = database.capabilities.dialect
    if dialect != "postgres":  # SQLite: one server process, one writer
        return await purge(settings=settings, clock=clock)
    async with in_transaction(database.connection_name) as connection:
        rows = await connection.execute_query_dict(
            for_dialect(_TRY_LOCK, dialect), [ADVISORY_LOCK_KEY]
        )
        if not rows or not rows[0]["locked"]:
            return None
        return await purge(settings=settings, clock=clock, connection=connection)


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
