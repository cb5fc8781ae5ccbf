"""The server's periodic housekeeping pass (``domain.housekeeping``), as a task of its process."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from adapters.availability import is_outage
from config.settings import Settings
from domain.clock import Clock
from domain.housekeeping import describe, housekeeping_pass

logger = logging.getLogger("flowback.housekeeping")


async def housekeep_forever(*, settings: Settings, clock: Clock, stopping: asyncio.Event) -> None:
    """A pass now and then every ``housekeeping_interval`` seconds, until ``stopping``."""
    while not stopping.is_set():
        try:
            counts = await housekeeping_pass(settings=settings, clock=clock)
        except Exception as error:
            if is_outage(error):  # the database is away; the next pass tries again
                logger.warning("housekeeping pass skipped: %r", error)
            else:
                logger.exception("housekeeping pass failed")
        else:
            if counts and any(counts.values()):
                logger.info("housekeeping deleted %s", describe(counts))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), timeout=settings.housekeeping_interval)


@contextlib.asynccontextmanager
async def running_housekeeping(*, settings: Settings, clock: Clock) -> AsyncIterator[None]:
    """Run the periodic pass while the block runs; on the way out, stop it."""
    stopping = asyncio.Event()
    task = asyncio.create_task(
        housekeep_forever(settings=settings, clock=clock, stopping=stopping), name="housekeeping"
    )
    try:
        yield
    finally:
        stopping.set()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
