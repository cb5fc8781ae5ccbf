"""The relay: a background task of the server process that sends what the outbox holds."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable

from adapters.availability import described, is_outage
from adapters.outbox_delivery import deliver_due, relay_name, settle
from config.settings import Settings
from domain.mail import Mailer

logger = logging.getLogger("flowback.outbox")
# Beyond the SMTP timeout, what a send may take before shutdown stops waiting for it.
STOP_GRACE_SECONDS = 2.0


class Relay:
    """One relay's passes over the outbox, and what it owes the database after a fault.

    A pass that fails (the database went away mid-pass) may leave this relay's claim in
    ``sending``, or a mail sent but not recorded as sent. Before its next pass the relay
    settles that (``outbox_delivery.settle``): the sent mail is recorded, not sent again, and any
    other claim is handed back, due at once instead of after ``outbox_lease``.
    """

    def __init__(self, *, settings: Settings, mailer: Mailer, owner: str | None = None) -> None:
        self.settings = settings
        self.mailer = mailer
        self.owner = owner or relay_name()
        self.sent_unrecorded: set[int] = set()
        self.unsettled = False

    async def run_pass(self, stopping: Callable[[], bool] = lambda: False) -> None:
        """Settle what a failed pass left, then deliver what is due; never raises."""
        try:
            if self.unsettled:
                await self.settle()
            await deliver_due(
                settings=self.settings,
                mailer=self.mailer,
                owner=self.owner,
                stopping=stopping,
                sent_unrecorded=self.sent_unrecorded,
            )
        except Exception as error:
            self.unsettled = True
            if is_outage(error):  # the database is away; the next pass tries again
                logger.warning("outbox relay pass skipped: %s", described(error))
            else:
                logger.exception("outbox relay pass failed")

    async def settle(self) -> int:
        """Record what was sent, hand back other claims; returns how many were handed back."""
        released = await settle(self.owner, self.sent_unrecorded)
        self.unsettled = False
        if released:
            logger.info("outbox relay %s handed back %s unfinished mail(s)", self.owner, released)
        return released


async def relay_forever(relay: Relay, *, stopping: asyncio.Event) -> None:
    """A pass, then wait ``outbox_poll_interval`` seconds; until ``stopping``."""
    while not stopping.is_set():
        await relay.run_pass(stopping=stopping.is_set)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), timeout=relay.settings.outbox_poll_interval)


@contextlib.asynccontextmanager
async def running_relay(*, settings: Settings, mailer: Mailer) -> AsyncIterator[None]:
    """Run the relay while the block runs.

    On the way out the relay finishes the mail it is sending (up to the SMTP timeout),
    takes no new one, and hands back any claim it could not finish, so another relay
    sends it at once instead of after the lease. A process killed outright leaves its
    claim leased; another relay takes it when the lease runs out.
    """
    relay = Relay(settings=settings, mailer=mailer)
    stopping = asyncio.Event()
    task = asyncio.create_task(relay_forever(relay, stopping=stopping), name="outbox-relay")
    logger.info("outbox relay %s started", relay.owner)
    try:
        yield
    finally:
        stopping.set()
        # On timeout, wait_for cancels the send that hung; its claim is handed back below.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(task, timeout=settings.smtp_timeout + STOP_GRACE_SECONDS)
        await _hand_back(relay)


async def _hand_back(relay: Relay) -> None:
    try:
        await relay.settle()
    except Exception as error:
        logger.warning(
            "outbox relay %s could not hand back its claims: %s", relay.owner, described(error)
        )
        return
    logger.info("outbox relay %s stopped", relay.owner)
