"""Issue 16, point 19: a relay pass that fails on a database fault hands back what it
claimed, so no mail waits for the lease, and records what it sent, so none goes twice."""

from email.message import EmailMessage

import pytest

from adapters import outbox_delivery
from adapters.composition import Composition
from adapters.mailers import MemoryMailer
from adapters.outbox_delivery import MailCourier
from adapters.relay import Relay
from config.settings import Settings
from domain.mail import Mailer
from models import OutboxMessage, OutboxStatus

pytestmark = pytest.mark.usefixtures("db")


def fail_once(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """``outbox_delivery.<name>`` raises a database outage the first time it is called."""
    original = getattr(outbox_delivery, name)
    calls = 0

    def wrapper(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ConnectionResetError("the database went away")
        return original(*args, **kwargs)

    monkeypatch.setattr(outbox_delivery, name, wrapper)


def mail_relay(settings: Settings, mailer: Mailer) -> Relay:
    return Relay(settings=settings, couriers=[MailCourier(settings=settings, mailer=mailer)])


async def status() -> OutboxStatus:
    return (await OutboxMessage.get()).status


async def test_a_claim_left_by_a_failed_pass_is_sent_by_the_next_one(
    composition: Composition, mailer: MemoryMailer, monkeypatch: pytest.MonkeyPatch
) -> None:
    await composition.rules.registration.register(username="alice", email="alice@example.com")
    fail_once(monkeypatch, "stored_message")  # after the claim, before the send
    relay = mail_relay(composition.settings, mailer)
    await relay.run_pass()
    assert mailer.outbox == [] and await status() == OutboxStatus.SENDING
    await relay.run_pass()  # no waiting for the lease of FLOWBACK_OUTBOX_LEASE seconds
    assert [m["To"] for m in mailer.outbox] == ["alice@example.com"]
    assert await status() == OutboxStatus.SENT


async def test_a_mail_sent_but_not_recorded_is_recorded_not_sent_again(
    composition: Composition, mailer: MemoryMailer, monkeypatch: pytest.MonkeyPatch
) -> None:
    await composition.rules.registration.register(username="alice", email="alice@example.com")
    fail_once(monkeypatch, "record_sent")
    relay = mail_relay(composition.settings, mailer)
    await relay.run_pass()
    assert len(mailer.outbox) == 1 and await status() == OutboxStatus.SENDING
    await relay.run_pass()
    stored = await OutboxMessage.get()
    assert stored.status == OutboxStatus.SENT
    assert stored.content is None
    assert len(mailer.outbox) == 1


async def test_shutdown_records_what_was_sent_before_handing_back(
    settings: Settings, composition: Composition, monkeypatch: pytest.MonkeyPatch
) -> None:
    await composition.rules.registration.register(username="alice", email="alice@example.com")
    await composition.rules.registration.register(username="bob", email="bob@example.com")
    fail_once(monkeypatch, "record_sent")

    class OneMailer:
        def __init__(self) -> None:
            self.sent: list[EmailMessage] = []

        async def send(self, message: EmailMessage) -> None:
            self.sent.append(message)

    mailer = OneMailer()
    relay = mail_relay(settings, mailer)
    await relay.run_pass()  # alice's mail goes out, then the database fails
    assert await relay.settle() == 0
    assert await OutboxMessage.filter(status=OutboxStatus.SENT).count() == 1
    assert await OutboxMessage.filter(status=OutboxStatus.PENDING).count() == 1
    assert len(mailer.sent) == 1
