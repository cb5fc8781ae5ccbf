"""The relay: a background task of the server process that sends what the outbox holds."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from domain.availability import is_outage
from domain.mail import Mailer
from domain.outbox import deliver_due, relay_name, release_claims
from domain.settings import Settings

logger = logging.getLogger("flowback.outbox")
# Beyond the SMTP timeout, what a send may take before shutdown stops waiting for it.
STOP_GRACE_SECONDS = 2.0


async def relay_forever(
    *, settings: Settings, mailer: Mailer, owner: str, stopping: asyncio.Event
) -> None:
    """Deliver what is due, then wait ``outbox_poll_interval`` seconds; until ``stopping``."""
    while not stopping.is_set():
        try:
            await deliver_due(
                settings=settings, mailer=mailer, owner=owner, stopping=stopping.is_set
            )
        except Exception as error:
            if is_outage(error):  # the database is away; the next pass tries again
                logger.warning("outbox relay pass skipped: %r", error)
            else:
                logger.exception("outbox relay pass failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), timeout=settings.outbox_poll_interval)


@contextlib.asynccontextmanager
async def running_relay(*, settings: Settings, mailer: Mailer) -> AsyncIterator[None]:
    """Run the relay while the block runs.

    On the way out the relay finishes the mail it is sending (up to the SMTP timeout),
    takes no new one, and hands back any claim it could not finish, so another relay
    sends it at once instead of after the lease. A process killed outright leaves its
    claim leased; another relay takes it when the lease runs out.
    """
    owner = relay_name()
    stopping = asyncio.Event()
    task = asyncio.create_task(
        relay_forever(settings=settings, mailer=mailer, owner=owner, stopping=stopping),
        name="outbox-relay",
    )
    logger.info("outbox relay %s started", owner)
    try:
        yield
    finally:
        stopping.set()
        # On timeout, wait_for cancels the send that hung; its claim is handed back below.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(task, timeout=settings.smtp_timeout + STOP_GRACE_SECONDS)
        await _hand_back(owner)


async def _hand_back(owner: str) -> None:
    try:
        released = await release_claims(owner)
    except Exception as error:
        logger.warning("outbox relay %s could not hand back its claims: %r", owner, error)
        return
    if released:
        logger.info("outbox relay %s handed back %s unfinished mail(s)", owner, released)
    logger.info("outbox relay %s stopped", owner)
