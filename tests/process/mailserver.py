"""An aiosmtpd handler the outbox tests can steer: accept, refuse with 4xx or 5xx, or stall."""

import asyncio
import threading
import time
from typing import Any

from tests.process.conftest import Inbox


class SteeredInbox(Inbox):
    """Keeps accepted messages like ``Inbox``; ``reply`` decides what RCPT answers.

    While ``gate`` is clear every session stalls at MAIL FROM, before any content is sent,
    so a stalled session never delivers a message even if its client dies meanwhile.
    """

    def __init__(self) -> None:
        super().__init__()
        self.reply = "250 OK"
        self.refused = 0
        self.stalled = 0
        self.gate = threading.Event()
        self.gate.set()

    async def handle_MAIL(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if not self.gate.is_set():
            self.stalled += 1
            await asyncio.to_thread(self.gate.wait)
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        reply = self.reply
        if not reply.startswith("250"):
            self.refused += 1
            return reply
        envelope.rcpt_tos.append(address)
        return reply

    def wait_until(self, condition: str, minimum: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while getattr(self, condition) < minimum and time.monotonic() < deadline:
            time.sleep(0.05)
        assert getattr(self, condition) >= minimum, f"{condition} never reached {minimum}"
