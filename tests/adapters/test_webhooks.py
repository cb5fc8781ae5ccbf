"""Webhooks to real receivers on loopback, which verify with the ``standardwebhooks`` library:
each event arrives signed as documented, in order for each user, again after a failure,
and what is forged or replayed does not verify. A real server process killed mid-delivery
and a receiver down for a while: ``tests/process/test_webhooks.py``."""

import base64
import json
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import format_span_id, format_trace_id
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from adapters import tracing
from adapters.composition import Composition, compose
from adapters.mailers import MemoryMailer
from adapters.outbox_delivery import Courier, deliver_due
from adapters.webhooks import EventFanOut, WebhookCourier, signed_headers
from config.settings import Settings
from domain.profile_update import ProfileChanges
from domain.sessions import Session
from domain.tokens import logout
from models import OutboxKind, OutboxMessage, OutboxStatus, User
from observability import logs
from tests.factories import PASSWORD
from tests.http.test_tracing import tracing_to
from tests.webhook_receiver import Delivery, Receiver

pytestmark = pytest.mark.usefixtures("db")
OLD = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
NEW = "whsec_" + base64.b64encode(b"n" * 32).decode()
OTHER = "whsec_" + base64.b64encode(b"o" * 32).decode()


@pytest.fixture
def receivers() -> Iterator[tuple[Receiver, Receiver]]:
    """The groups service (rotating from ``OLD`` to ``NEW``, verifying with ``OLD``) and the
    chat service (its own secret)."""
    groups = Receiver(OLD, path="/groups/hooks").start()
    chat = Receiver(OTHER, path="/chat/hooks").start()
    try:
        yield groups, chat
    finally:
        groups.stop()
        chat.stop()


@pytest.fixture
def composition(
    receivers: tuple[Receiver, Receiver], mailer: MemoryMailer, tmp_path: Path
) -> Composition:
    groups, chat = receivers
    endpoints = [
        {"url": groups.url, "secrets": [OLD, NEW]},
        {"url": chat.url, "secrets": [OTHER]},
    ]
    settings = Settings(
        _env_file=None,
        email_backend="memory",
        bcrypt_rounds=4,
        media_root=tmp_path,
        webhooks=json.dumps(endpoints),
        webhook_timeout=5,
        webhook_max_attempts=2,
    )
    return compose(settings, mailer=mailer)


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(follow_redirects=False) as client:
        yield client


async def relay_pass(composition: Composition, client: httpx.AsyncClient) -> int:
    """One pass of a webhook relay: events fanned out, deliveries posted."""
    settings = composition.settings
    couriers: list[Courier] = [
        EventFanOut(settings=settings),
        WebhookCourier(settings=settings, client=client),
    ]
    return await deliver_due(settings=settings, couriers=couriers)


async def due_again() -> None:
    """Skip the backoff: whatever waits for a retry is due now."""
    await OutboxMessage.filter(status=OutboxStatus.PENDING).update(
        next_attempt_at=datetime.now(UTC)
    )


async def signed_in(composition: Composition, user: User) -> Session:
    token = await composition.rules.sessions.login(username=user.username, password=PASSWORD)
    session = await composition.rules.sessions.authenticate(token)
    assert session is not None
    return session


async def ann_lives_a_little(composition: Composition) -> tuple[User, int]:
    """Created, renamed, signed in and out: three events. Ann, and the session she ended."""
    rules = composition.rules
    ann = await rules.operator_accounts.create(
        username="ann", email="ann@example.com", password=PASSWORD
    )
    ann = await rules.profile_update.update(user=ann, changes=ProfileChanges(username="Änn"))
    session = await signed_in(composition, ann)
    await logout(session=session)
    return ann, session.token_id


def events_of(deliveries: list[Delivery], user_id: int) -> list[str]:
    return [d.payload["type"] for d in deliveries if d.payload["data"]["id"] == user_id]


async def test_each_event_arrives_signed_and_shaped_as_documented(
    composition: Composition, client: httpx.AsyncClient, receivers: tuple[Receiver, Receiver]
) -> None:
    groups, chat = receivers
    before = int(time.time())
    ann, session_id = await ann_lives_a_little(composition)
    await relay_pass(composition, client)
    for receiver in (groups, chat):
        deliveries = receiver.wait_for(3)
        assert [delivery.payload["data"] for delivery in deliveries] == [
            {"id": ann.id, "username": "ann"},
            {"id": ann.id, "username": "Änn", "fields": ["username"]},
            {"id": ann.id, "sessions": [session_id]},
        ]
        assert [delivery.payload["type"] for delivery in deliveries] == [
            "user.created",
            "user.updated",
            "user.sessions_revoked",
        ]
        assert '"username":"Änn"'.encode() in deliveries[1].body  # UTF-8, not escaped
        for delivery in deliveries:
            assert set(delivery.payload) == {"type", "timestamp", "data"}
            assert delivery.webhook_id.startswith("msg_")
            assert before <= int(delivery.headers["webhook-timestamp"]) <= time.time() + 1
            assert delivery.headers["content-type"] == "application/json"
    assert len({d.webhook_id for d in groups.delivered + chat.delivered}) == 6
    assert groups.refused == chat.refused == []


async def test_during_a_rotation_receivers_on_either_secret_verify(
    composition: Composition, client: httpx.AsyncClient, receivers: tuple[Receiver, Receiver]
) -> None:
    groups, _ = receivers
    await ann_lives_a_little(composition)
    await relay_pass(composition, client)
    delivery = groups.wait_for(3)[0]
    assert len(delivery.headers["webhook-signature"].split(" ")) == 2
    assert Webhook(NEW).verify(delivery.body, delivery.headers) == delivery.payload


async def test_no_receiver_can_forge_or_read_as_valid_another_endpoints_events(
    composition: Composition, client: httpx.AsyncClient, receivers: tuple[Receiver, Receiver]
) -> None:
    groups, chat = receivers
    await ann_lives_a_little(composition)
    await relay_pass(composition, client)
    for delivery in groups.wait_for(3):
        with pytest.raises(WebhookVerificationError, match="No matching signature"):
            Webhook(OTHER).verify(delivery.body, delivery.headers)
    for delivery in chat.wait_for(3):
        with pytest.raises(WebhookVerificationError, match="No matching signature"):
            Webhook(OLD).verify(delivery.body, delivery.headers)


async def test_a_forged_or_replayed_delivery_fails_verification_in_the_receiver(
    composition: Composition, client: httpx.AsyncClient, receivers: tuple[Receiver, Receiver]
) -> None:
    groups, _ = receivers
    await ann_lives_a_little(composition)
    await relay_pass(composition, client)
    real = groups.wait_for(3)[0]
    now = int(time.time())
    keys = [base64.b64decode(OLD.removeprefix("whsec_"))]
    replayed = signed_headers(real.webhook_id, now - 600, real.body.decode(), keys)
    attempts = [
        # The body changed by someone in between.
        (real.headers, real.body.replace(b'"ann"', b'"eve"')),
        # The timestamp moved to pass for another moment: the signature no longer matches.
        (
            real.headers | {"webhook-timestamp": str(int(real.headers["webhook-timestamp"]) + 60)},
            real.body,
        ),
        # A delivery the service really signed ten minutes ago, sent again now.
        (replayed, real.body),
        # No signature at all.
        ({k: v for k, v in real.headers.items() if k != "webhook-signature"}, real.body),
    ]
    for headers, body in attempts:
        response = await client.post(groups.url, headers=headers, content=body)
        assert response.status_code == 400
    assert groups.refused == [
        "No matching signature found",
        "No matching signature found",
        "Message timestamp too old",
        "Missing required headers",
    ]
    assert len(groups.delivered) == 3


async def test_a_failed_delivery_is_retried_with_the_same_id_until_it_gives_up(
    composition: Composition, client: httpx.AsyncClient, receivers: tuple[Receiver, Receiver]
) -> None:
    groups, chat = receivers
    groups.status = 503
    ann = await composition.rules.operator_accounts.create(
        username="ann", email="ann@example.com", password=PASSWORD
    )
    await relay_pass(composition, client)
    assert len(chat.wait_for(1)) == 1 and groups.delivered == []
    waiting = await OutboxMessage.get(kind=OutboxKind.WEBHOOK, recipient=groups.url)
    assert (waiting.status, waiting.attempts) == (OutboxStatus.PENDING, 1)
    assert waiting.last_error == "the endpoint answered HTTP 503"
    assert waiting.next_attempt_at > datetime.now(UTC)  # backing off
    groups.status = 204
    await due_again()
    await relay_pass(composition, client)
    assert [d.webhook_id for d in groups.wait_for(1)] == [waiting.message_id]
    assert events_of(groups.delivered, ann.id) == ["user.created"]


async def test_one_users_events_go_in_order_and_one_failed_for_good_holds_back_none(
    composition: Composition, client: httpx.AsyncClient, receivers: tuple[Receiver, Receiver]
) -> None:
    groups, _ = receivers
    groups.status = 500
    ann, _ = await ann_lives_a_little(composition)
    bob = await composition.rules.operator_accounts.create(
        username="bob", email="bob@example.com", password=PASSWORD
    )
    await relay_pass(composition, client)
    to_groups = OutboxMessage.filter(kind=OutboxKind.WEBHOOK, recipient=groups.url)
    # Only the first event of each user was tried; the others wait for it.
    assert [m.attempts for m in await to_groups.order_by("id")] == [1, 0, 0, 1]
    await due_again()
    await relay_pass(composition, client)  # the second failure is the last (2 attempts)
    assert [m.status for m in await to_groups.order_by("id")] == [
        OutboxStatus.FAILED,
        OutboxStatus.PENDING,
        OutboxStatus.PENDING,
        OutboxStatus.FAILED,
    ]
    groups.status = 204
    await due_again()  # the second event, no longer held back, was tried once meanwhile
    await relay_pass(composition, client)
    deliveries = groups.wait_for(2)
    assert events_of(deliveries, ann.id) == ["user.updated", "user.sessions_revoked"]
    assert events_of(deliveries, bob.id) == []


async def test_an_endpoint_that_is_down_holds_back_no_other(
    composition: Composition, client: httpx.AsyncClient, receivers: tuple[Receiver, Receiver]
) -> None:
    groups, chat = receivers
    groups.stop()
    ann, _ = await ann_lives_a_little(composition)
    await relay_pass(composition, client)
    assert events_of(chat.wait_for(3), ann.id) == [
        "user.created",
        "user.updated",
        "user.sessions_revoked",
    ]
    waiting = await OutboxMessage.get(kind=OutboxKind.WEBHOOK, recipient=groups.url, attempts=1)
    assert (waiting.last_error or "").startswith("ConnectError")


async def test_a_redirect_is_a_failure_not_followed(
    composition: Composition, client: httpx.AsyncClient, receivers: tuple[Receiver, Receiver]
) -> None:
    groups, _ = receivers
    groups.status = 307
    await composition.rules.operator_accounts.create(
        username="ann", email="ann@example.com", password=PASSWORD
    )
    await relay_pass(composition, client)
    waiting = await OutboxMessage.get(kind=OutboxKind.WEBHOOK, recipient=groups.url)
    assert waiting.last_error == "the endpoint answered HTTP 307"


async def test_an_endpoint_taken_out_of_the_settings_fails_its_deliveries_at_once(
    composition: Composition,
    client: httpx.AsyncClient,
    receivers: tuple[Receiver, Receiver],
    mailer: MemoryMailer,
    tmp_path: Path,
) -> None:
    groups, chat = receivers
    groups.stop()
    await composition.rules.operator_accounts.create(
        username="ann", email="ann@example.com", password=PASSWORD
    )
    await relay_pass(composition, client)
    only_chat = composition.settings.model_copy(
        update={"webhooks": [e for e in composition.settings.webhooks if e.url == chat.url]}
    )
    await due_again()
    await relay_pass(compose(only_chat, mailer=mailer), client)
    gone = await OutboxMessage.get(kind=OutboxKind.WEBHOOK, recipient=groups.url)
    assert gone.status == OutboxStatus.FAILED
    assert gone.last_error == "the endpoint is no longer in FLOWBACK_WEBHOOKS"


async def test_without_endpoints_events_are_marked_done_and_go_nowhere(
    settings: Settings, mailer: MemoryMailer, client: httpx.AsyncClient
) -> None:
    composition = compose(settings, mailer=mailer)
    await composition.rules.operator_accounts.create(
        username="ann", email="ann@example.com", password=PASSWORD
    )
    assert await relay_pass(composition, client) == 1
    event = await OutboxMessage.get(kind=OutboxKind.EVENT)
    assert event.status == OutboxStatus.SENT
    assert not event.content  # erased, as every delivered message's
    assert not await OutboxMessage.exists(kind=OutboxKind.WEBHOOK)


async def test_a_delivery_is_a_span_whose_traceparent_the_receiver_gets(
    composition: Composition, client: httpx.AsyncClient, receivers: tuple[Receiver, Receiver]
) -> None:
    groups, _ = receivers
    exported = InMemorySpanExporter()
    tracing_to(exported).install()
    try:
        await composition.rules.operator_accounts.create(
            username="ann", email="ann@example.com", password=PASSWORD
        )
        await relay_pass(composition, client)
    finally:
        tracing.disable()
        logs.trace_ids = None
    delivery = groups.wait_for(1)[0]
    [span] = [
        span
        for span in exported.get_finished_spans()
        if span.name == "POST webhook" and (span.attributes or {}).get("url.full") == groups.url
    ]
    assert (span.attributes or {})["webhook.id"] == delivery.webhook_id
    trace_id, span_id = format_trace_id(span.context.trace_id), format_span_id(span.context.span_id)
    assert delivery.headers["traceparent"].startswith(f"00-{trace_id}-{span_id}-")
