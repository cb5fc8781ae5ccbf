"""The relay: a background task of the server process that sends what the outbox holds."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from domain.mail import Mailer
from domain.outbox import deliver_due, relay_name
from domain.settings import Settings

logger = logging.getLogger("flowback.outbox")


async def relay_forever(*, settings: Settings, mailer: Mailer, owner: str) -> None:
    """Deliver what is due, then wait ``outbox_poll_interval`` seconds; until cancelled."""
    while True:
        try:
            await deliver_due(settings=settings, mailer=mailer, owner=owner)
        except Exception:
            # The database may be briefly away; the next pass tries again.
            logger.exception("outbox relay pass failed")
        await asyncio.sleep(settings.outbox_poll_interval)


@contextlib.asynccontextmanager
async def running_relay(*, settings: Settings, mailer: Mailer) -> AsyncIterator[None]:
    """Run the relay while the block runs. Stopping mid-send leaves that message leased;
    another relay (or this one after a restart) takes it when the lease runs out."""
    owner = relay_name()
    task = asyncio.create_task(
        relay_forever(settings=settings, mailer=mailer, owner=owner), name="outbox-relay"
    )
    logger.info("outbox relay %s started", owner)
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
