"""Housekeeping deletes what nobody can use any more, and nothing else."""

import asyncio
import logging
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from adapters.composition import Composition
from adapters.housekeeper import ADVISORY_LOCK_KEY, housekeeping_pass, running_housekeeping
from domain.clock import ManualClock
from domain.housekeeping import count_purgeable, purge
from domain.media import MediaStorage
from domain.pictures import picture_key
from models import (
    ApiToken,
    EmailChange,
    OutboxKind,
    OutboxMessage,
    OutboxStatus,
    PasswordReset,
    PendingRegistration,
    ReplacedPicture,
)
from tests.conftest import postgres_param
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("db")
DAY = timedelta(days=1)
NOTHING = {
    "pending registrations": 0,
    "password reset codes": 0,
    "email change codes": 0,
    "dead tokens": 0,
    "sent mail": 0,
    "delivered events": 0,
    "replaced pictures": 0,
}


async def seed_rows(composition: Composition, clock: ManualClock) -> dict[str, int]:
    """One row of each kind that should go and one that should stay; the expected counts."""
    now = clock.now()
    user = await make_user(composition)
    for number, expires in enumerate((now - DAY, now + DAY)):
        await PendingRegistration.create(
            username=f"p{number}",
            email=f"p{number}@example.com",
            code_hash=f"{number}" * 64,
            expires_at=expires,
        )
        await PasswordReset.create(user=user, code_hash=f"r{number}" * 32, expires_at=expires)
        await EmailChange.create(
            user=user,
            new_email="n@example.com",
            code_hash=f"e{number}" * 32,
            created_at=now - DAY,
            expires_at=expires,
        )
    settings = composition.settings
    retention = timedelta(seconds=settings.token_retention)
    idle = timedelta(seconds=settings.token_idle_timeout)
    long_ago = now - retention - DAY
    tokens = {
        "revoked long ago": {"revoked_at": long_ago, "last_used_at": now},
        "idle for long": {"last_used_at": now - idle - retention - DAY},
        "too old for long": {
            "created_at": now - timedelta(seconds=settings.token_max_age) - retention - DAY,
            "last_used_at": now,
        },
        "revoked lately": {"revoked_at": now - DAY, "last_used_at": now},  # stays
        "live": {"last_used_at": now},  # stays
    }
    for number, columns in enumerate(tokens.values()):
        values: dict[str, Any] = {"created_at": now - DAY} | columns
        await ApiToken.create(user=user, token_hash=f"t{number}" * 32, **values)
    outbox_retention = timedelta(seconds=settings.outbox_retention)
    for number, (kind, status, sent_at) in enumerate(
        [
            (OutboxKind.MAIL, OutboxStatus.SENT, now - outbox_retention - DAY),
            (OutboxKind.MAIL, OutboxStatus.SENT, now - DAY),
            (OutboxKind.MAIL, OutboxStatus.FAILED, None),
            (OutboxKind.MAIL, OutboxStatus.PENDING, None),
            (OutboxKind.EVENT, OutboxStatus.SENT, now - outbox_retention - DAY),
            (OutboxKind.WEBHOOK, OutboxStatus.SENT, now - outbox_retention - DAY),
            (OutboxKind.WEBHOOK, OutboxStatus.SENT, now - DAY),
            (OutboxKind.WEBHOOK, OutboxStatus.FAILED, None),
        ]
    ):
        await OutboxMessage.create(
            kind=kind,
            message_id=f"<{number}@x>",
            recipient="a@example.com",
            subject="s",
            status=status,
            sent_at=sent_at,
            next_attempt_at=now - outbox_retention - DAY,
        )
    grace = timedelta(seconds=settings.replaced_picture_grace)
    for number, replaced_at in enumerate((now - grace - DAY, now - grace + DAY)):
        key = f"{number}" * 32 + ".png"
        await composition.rules.media.save(key=key, data=b"picture")
        await ReplacedPicture.create(user=user, key=key, replaced_at=replaced_at)
    return {
        "pending registrations": 1,
        "password reset codes": 1,
        "email change codes": 1,
        "dead tokens": 3,
        "sent mail": 1,
        "delivered events": 2,
        "replaced pictures": 1,
    }


async def remaining() -> list[int]:
    return [
        await model.all().count()
        for model in (
            PendingRegistration,
            PasswordReset,
            EmailChange,
            ApiToken,
            OutboxMessage,
            ReplacedPicture,
        )
    ]


async def test_a_pass_deletes_only_what_is_dead(
    composition: Composition, clock: ManualClock
) -> None:
    expected = await seed_rows(composition, clock)
    before = await remaining()
    assert await count_purgeable(settings=composition.settings, clock=clock) == expected
    assert await remaining() == before  # counting deletes nothing
    batches: list[int] = []
    deleted = await purge(
        settings=composition.settings,
        clock=clock,
        media=composition.rules.media,
        on_batch=batches.append,
    )
    assert deleted == expected and sum(batches) == sum(expected.values())
    assert await remaining() == [1, 1, 1, 2, 5, 1]
    assert await count_purgeable(settings=composition.settings, clock=clock) == NOTHING
    assert (
        await housekeeping_pass(
            settings=composition.settings, clock=clock, media=composition.rules.media
        )
        == NOTHING
    )


async def test_time_passing_makes_more_purgeable(
    composition: Composition, clock: ManualClock
) -> None:
    await seed_rows(composition, clock)
    await purge(settings=composition.settings, clock=clock, media=composition.rules.media)
    clock.advance(timedelta(seconds=composition.settings.token_retention) + 2 * DAY)
    counts = await housekeeping_pass(
        settings=composition.settings, clock=clock, media=composition.rules.media
    )
    assert counts is not None
    assert (counts["pending registrations"], counts["dead tokens"]) == (1, 1)


@pytest.mark.parametrize("backend", [postgres_param()], indirect=True)
async def test_on_postgres_one_pass_at_a_time(composition: Composition, clock: ManualClock) -> None:
    """SQLite serves from one process, so only PostgreSQL takes the advisory lock."""
    await seed_rows(composition, clock)
    connection = ApiToken._meta.db
    async with connection.acquire_connection() as holder:  # another server's pass
        await holder.execute("SELECT pg_advisory_lock($1)", ADVISORY_LOCK_KEY)
        assert (
            await housekeeping_pass(
                settings=composition.settings, clock=clock, media=composition.rules.media
            )
            is None
        )
        await holder.execute("SELECT pg_advisory_unlock($1)", ADVISORY_LOCK_KEY)
    counts = await housekeeping_pass(
        settings=composition.settings, clock=clock, media=composition.rules.media
    )
    assert counts is not None and counts["dead tokens"] == 3


async def test_the_server_runs_a_pass_at_start_and_logs_what_it_deleted(
    composition: Composition, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="flowback.housekeeping")
    await seed_rows(composition, clock)
    async with running_housekeeping(
        settings=composition.settings, clock=clock, media=composition.rules.media
    ):
        # Until the pass is done: a count of bare yields ran out on a loaded machine, where
        # each statement's answer takes many turns of the loop to arrive.
        for _ in range(3_000):
            if "housekeeping deleted" in caplog.text:
                break
            await asyncio.sleep(0.01)
    assert "housekeeping deleted 1 pending registrations" in caplog.text
    assert await remaining() == [1, 1, 1, 2, 5, 1]


class HeldDeletes:
    """The service's media storage, whose deletes wait until ``release`` is set."""

    def __init__(self, media: MediaStorage) -> None:
        self.media = media
        self.deleting = asyncio.Event()
        self.release = asyncio.Event()

    async def save(self, *, key: str, data: bytes) -> None:
        await self.media.save(key=key, data=data)

    async def holds(self, key: str) -> bool:
        return await self.media.holds(key)

    async def delete(self, key: str) -> None:
        self.deleting.set()
        await self.release.wait()
        await self.media.delete(key)

    def urls(self, *, base_url: str) -> Callable[[str], str]:
        return self.media.urls(base_url=base_url)

    def url_prefix(self, *, base_url: str) -> str | None:
        return self.media.url_prefix(base_url=base_url)

    @property
    def served_directory(self) -> Path | None:
        return self.media.served_directory


async def test_a_pass_under_way_when_the_server_stops_ends_whole(
    composition: Composition, clock: ManualClock
) -> None:
    user = await make_user(composition)
    media = HeldDeletes(composition.rules.media)
    key = picture_key(owner_id=user.id, data=b"picture", extension="png")
    await media.save(key=key, data=b"picture")
    grace = timedelta(seconds=composition.settings.replaced_picture_grace)
    await ReplacedPicture.create(user=user, key=key, replaced_at=clock.now() - grace)
    async with running_housekeeping(settings=composition.settings, clock=clock, media=media):
        await asyncio.wait_for(media.deleting.wait(), timeout=30)
        asyncio.get_running_loop().call_later(0.05, media.release.set)
    # Cut short, the pass would have rolled back (or, cut as its transaction began on
    # SQLite, held the connection's lock so that this statement never ended).
    assert await ReplacedPicture.all().count() == 0
    assert not await media.holds(key)
