import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from tortoise.transactions import in_transaction

from adapters.availability import described, is_outage
from config.settings import Settings
from domain.clock import Clock
from domain.housekeeping import PurgeCounts, describe, purge
from domain.media import MediaStorage
from domain.sql import for_dialect
from models import ApiToken

logger = logging.getLogger("flowback.housekeeping")
# Any constant shared by every server of the service; "flowback" in ASCII.
ADVISORY_LOCK_KEY = 0x666C6F776261636B
_TRY_LOCK = "SELECT pg_try_advisory_xact_lock(?) AS locked"


async def housekeeping_pass(
    *, settings: Settings, clock: Clock, media: MediaStorage
) -> PurgeCounts | None:
    """None when another server holds the PostgreSQL lock (its pass is running)."""
    database = ApiToken._meta.db
    dialect = database.capabilities.dialect
    if dialect != "postgres":  # SQLite: one server process, one writer
        return await purge(settings=settings, clock=clock, media=media)
    async with in_transaction(database.connection_name) as connection:
        rows = await connection.execute_query_dict(
            for_dialect(_TRY_LOCK, dialect), [ADVISORY_LOCK_KEY]
        )
        if not rows or not rows[0]["locked"]:
            return None
        return await purge(settings=settings, clock=clock, media=media, connection=connection)


async def housekeep_forever(
    *, settings: Settings, clock: Clock, media: MediaStorage, stopping: asyncio.Event
) -> None:
    while not stopping.is_set():
        try:
            counts = await housekeeping_pass(settings=settings, clock=clock, media=media)
        except Exception as error:
            if is_outage(error):  # the database is away; the next pass tries again
                logger.warning("housekeeping pass skipped: %s", described(error))
            else:
                logger.exception("housekeeping pass failed")
        else:
            if counts and any(counts.values()):
                logger.info("housekeeping deleted %s", describe(counts))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), timeout=settings.housekeeping_interval)


@contextlib.asynccontextmanager
async def running_housekeeping(
    *, settings: Settings, clock: Clock, media: MediaStorage
) -> AsyncIterator[None]:
    """On the way out the pass under way may finish, for up to ``shutdown_timeout`` seconds."""
    stopping = asyncio.Event()
    task = asyncio.create_task(
        housekeep_forever(settings=settings, clock=clock, media=media, stopping=stopping),
        name="housekeeping",
    )
    try:
        yield
    finally:
        stopping.set()
        # A pass under way is let finish: cancelled as Tortoise's SQLite transaction begins,
        # it would keep the connection's lock for good and every later statement would wait.
        done, _ = await asyncio.wait({task}, timeout=settings.shutdown_timeout)
        if not done:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
