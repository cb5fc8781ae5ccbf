"""The relays: one sends the mail, ``webhook_concurrency`` others the webhooks, so a slow
endpoint never delays a verification mail."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Sequence

from adapters.availability import described, is_outage
from adapters.outbox_delivery import Courier, MailCourier, deliver_due, relay_name, settle
from adapters.webhooks import EventFanOut, WebhookCourier, http_client
from config.settings import Settings
from domain.mail import Mailer

logger = logging.getLogger("flowback.outbox")
# Beyond the longest delivery, what shutdown waits before it stops waiting for one.
STOP_GRACE_SECONDS = 2.0


class Relay:
    """A failed pass may leave a claim or a mail sent but not recorded; the next pass settles it
    first (``outbox_delivery.settle``)."""

    def __init__(
        self, *, settings: Settings, couriers: Sequence[Courier], owner: str | None = None
    ) -> None:
        self.settings = settings
        self.couriers = couriers
        self.owner = owner or relay_name()
        self.sent_unrecorded: set[int] = set()
        self.unsettled = False

    async def run_pass(self, stopping: Callable[[], bool] = lambda: False) -> None:
        """Never raises."""
        try:
            if self.unsettled:
                await self.settle()
            await deliver_due(
                settings=self.settings,
                couriers=self.couriers,
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
        released = await settle(self.owner, self.sent_unrecorded)
        self.unsettled = False
        if released:
            logger.info("outbox relay %s handed back %s unfinished claim(s)", self.owner, released)
        return released


async def relay_forever(relay: Relay, *, stopping: asyncio.Event) -> None:
    while not stopping.is_set():
        await relay.run_pass(stopping=stopping.is_set)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), timeout=relay.settings.outbox_poll_interval)


@contextlib.asynccontextmanager
async def running_relay(*, settings: Settings, mailer: Mailer) -> AsyncIterator[None]:
    """On the way out each relay finishes its message (up to its timeout) and hands back any
    claim it could not finish; a process killed outright leaves its claims to their lease."""
    async with http_client(settings) as client:
        mail: list[Courier] = [MailCourier(settings=settings, mailer=mailer)]
        events: list[Courier] = [
            EventFanOut(settings=settings),
            WebhookCourier(settings=settings, client=client),
        ]
        # Without endpoints, one relay marks the events done.
        posting = settings.webhook_concurrency if settings.webhooks else 1
        relays = [Relay(settings=settings, couriers=mail)]
        relays += [Relay(settings=settings, couriers=events) for _ in range(posting)]
        stopping = asyncio.Event()
        tasks = [
            asyncio.create_task(relay_forever(relay, stopping=stopping), name="outbox-relay")
            for relay in relays
        ]
        for relay in relays:
            kinds = ", ".join(courier.kind.value for courier in relay.couriers)
            logger.info("outbox relay %s started (%s)", relay.owner, kinds)
        try:
            yield
        finally:
            stopping.set()
            longest = max(courier.timeout for courier in [*mail, *events])
            # On timeout, wait_for cancels what hung; its claim is handed back below.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.gather(*tasks), timeout=longest + STOP_GRACE_SECONDS)
            for relay in relays:
                await _hand_back(relay)


async def _hand_back(relay: Relay) -> None:
    try:
        await relay.settle()
    except Exception as error:
        logger.warning("outbox relay %s could not hand back its claims: %r", relay.owner, error)
        return
    logger.info("outbox relay %s stopped", relay.owner)
