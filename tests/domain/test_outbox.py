"""The outbox in the domain: enqueue with the transaction, relay, retries, leases, secrets."""

import asyncio
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from urllib.parse import parse_qs, urlsplit

import pytest
from tortoise.transactions import in_transaction

from adapters import outbox_delivery
from adapters.composition import Composition
from adapters.mailers import MemoryMailer
from adapters.relay import running_relay
from config.settings import Settings
from domain import outbox
from domain.mail import MailDeliveryError, verification_message
from models import OutboxMessage, OutboxStatus, PendingRegistration
from tests.conftest import deliver_mail
from tests.factories import code_in, text_of

pytestmark = pytest.mark.usefixtures("db")


class RefusingMailer:
    """A backend whose server refuses every message, as SMTP does with a 4xx or 5xx."""

    def __init__(self) -> None:
        self.tries = 0

    async def send(self, message: EmailMessage) -> None:
        self.tries += 1
        raise MailDeliveryError("451 try again later")


def outbox_settings(**overrides: object) -> Settings:
    values: dict[str, object] = {
        "email_backend": "memory",
        "bcrypt_rounds": 4,
        "outbox_backoff_base": 60,
        "outbox_max_attempts": 3,
    }
    return Settings(_env_file=None, **(values | overrides))  # type: ignore[arg-type]


async def test_register_sends_nothing_itself_and_the_relay_sends_once(
    composition: Composition, mailer: MemoryMailer
) -> None:
    await composition.rules.registration.register(username="alice", email="alice@example.com")
    assert mailer.outbox == []
    assert await deliver_mail(composition.settings, mailer) == 1
    assert await deliver_mail(composition.settings, mailer) == 0
    assert [m["To"] for m in mailer.outbox] == ["alice@example.com"]


async def test_the_mail_rolls_back_with_the_registration(composition: Composition) -> None:
    message = verification_message(
        settings=composition.settings, to="a@example.com", username="a", code="c"
    )

    async def failing_change() -> None:
        async with in_transaction() as connection:
            await outbox.enqueue(message, settings=composition.settings, using_db=connection)
            raise RuntimeError("the change that caused the mail failed")

    with pytest.raises(RuntimeError):
        await failing_change()
    assert await OutboxMessage.all().count() == 0


async def test_the_code_leaves_the_database_once_the_mail_is_sent(
    composition: Composition, mailer: MemoryMailer
) -> None:
    await composition.rules.registration.register(username="alice", email="alice@example.com")
    await deliver_mail(composition.settings, mailer)
    code = code_in(mailer.outbox[-1])
    stored = await OutboxMessage.get()
    assert (stored.status, stored.attempts) == (OutboxStatus.SENT, 1)
    assert stored.content is None
    assert stored.message_id == mailer.outbox[-1]["Message-ID"]
    assert code not in str(await OutboxMessage.all().values())
    assert code not in str(await PendingRegistration.all().values())


async def test_mail_has_headers_text_and_html_and_an_encoded_frontend_link() -> None:
    settings = outbox_settings(frontend_url="https://app.example.org/flow/")
    message = verification_message(
        settings=settings, to="a@example.com", username="<b>Al&ice</b>", code="a b&c=d"
    )
    assert message["From"] == settings.email_from
    assert message["Date"] and message["Message-ID"].endswith("@flowback.local>")
    text, html = text_of(message), text_of(message, "html")
    link = "https://app.example.org/flow/register/verify?verification_code=a+b%26c%3Dd"
    assert link in text
    assert parse_qs(urlsplit(link).query) == {"verification_code": ["a b&c=d"]}
    assert (
        'href="https://app.example.org/flow/register/verify?verification_code=a+b%26amp;'
        not in html
    )
    assert "verification_code=a+b%26c%3Dd" in html
    assert "&lt;b&gt;Al&amp;ice&lt;/b&gt;" in html and "<b>Al" not in html


async def test_without_a_frontend_url_there_is_no_link(composition: Composition) -> None:
    message = verification_message(
        settings=composition.settings, to="a@example.com", username="a", code="c"
    )
    assert "http" not in text_of(message) and "href" not in text_of(message, "html")


async def test_failures_back_off_then_fail_for_good_and_retry_requeues(
    composition: Composition, mailer: MemoryMailer
) -> None:
    settings = outbox_settings()
    await composition.rules.registration.register(username="alice", email="alice@example.com")
    refusing = RefusingMailer()
    assert await deliver_mail(settings, refusing) == 0
    first = await OutboxMessage.get()
    assert (first.status, first.attempts, first.last_error) == (
        OutboxStatus.PENDING,
        1,
        "451 try again later",
    )
    assert first.next_attempt_at > datetime.now(UTC) + timedelta(seconds=50)
    # Not due yet: a second pass leaves it alone.
    assert await deliver_mail(settings, refusing) == 0
    assert refusing.tries == 1
    for attempt in (2, 3):
        await OutboxMessage.all().update(next_attempt_at=datetime.now(UTC))
        await deliver_mail(settings, refusing)
        stored = await OutboxMessage.get()
        assert stored.attempts == attempt
    assert stored.status == OutboxStatus.FAILED
    assert stored.content is not None  # kept, so a retry can still send it
    report = await outbox.report()
    assert report.counts[OutboxStatus.FAILED] == 1
    assert [m.last_error for m in report.waiting] == ["451 try again later"]

    assert await outbox.retry_failed() == 1
    assert await deliver_mail(settings, mailer) == 1
    assert mailer.outbox[-1]["Message-ID"] == stored.message_id


def test_backoff_doubles_up_to_its_cap() -> None:
    settings = outbox_settings(outbox_backoff_base=2, outbox_backoff_max=10)
    delays = [outbox_delivery.backoff(settings=settings, attempts=n) for n in range(1, 6)]
    assert delays == [2, 4, 8, 10, 10]


async def test_a_leased_message_waits_for_its_lease_then_keeps_its_message_id(
    composition: Composition, mailer: MemoryMailer
) -> None:
    await composition.rules.registration.register(username="alice", email="alice@example.com")
    # A relay claims the message, then dies before it records anything.
    claimed = await outbox_delivery.claim_next(owner="dead relay", lease=600)
    assert claimed is not None
    assert await deliver_mail(composition.settings, mailer) == 0
    await OutboxMessage.all().update(leased_until=datetime.now(UTC) - timedelta(seconds=1))
    assert await deliver_mail(composition.settings, mailer) == 1
    assert mailer.outbox[-1]["Message-ID"] == claimed.message_id
    assert (await OutboxMessage.get()).attempts == 2


class HangingMailer:
    """A backend whose server accepts the connection and then never answers."""

    def __init__(self) -> None:
        self.started = asyncio.Event()

    async def send(self, message: EmailMessage) -> None:
        self.started.set()
        await asyncio.Event().wait()


async def test_a_stopping_relay_hands_back_the_mail_it_could_not_finish(
    composition: Composition, mailer: MemoryMailer
) -> None:
    await composition.rules.registration.register(username="alice", email="alice@example.com")
    hanging = HangingMailer()
    settings = outbox_settings(smtp_timeout=0.1, outbox_poll_interval=0.05)
    async with running_relay(settings=settings, mailer=hanging):
        await asyncio.wait_for(hanging.started.wait(), timeout=10)
        assert (await OutboxMessage.get()).status == OutboxStatus.SENDING
    handed_back = await OutboxMessage.get()
    assert (handed_back.status, handed_back.lease_owner) == (OutboxStatus.PENDING, None)
    # Due at once for another relay, not after the five-minute lease.
    assert await deliver_mail(composition.settings, mailer) == 1
    assert mailer.outbox[-1]["Message-ID"] == handed_back.message_id


async def test_a_relay_stopped_at_once_leaves_no_mail_claimed(
    composition: Composition, mailer: MemoryMailer
) -> None:
    await composition.rules.registration.register(username="alice", email="alice@example.com")
    settings = outbox_settings(outbox_poll_interval=60)
    async with running_relay(settings=settings, mailer=mailer):
        pass  # stop at once: the first pass is under way or about to start
    assert await OutboxMessage.filter(status=OutboxStatus.SENDING).count() == 0
    assert len(mailer.outbox) + await OutboxMessage.filter(status=OutboxStatus.PENDING).count() == 1
