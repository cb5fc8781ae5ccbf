"""User events fanned out to ``FLOWBACK_WEBHOOKS`` and posted in the Standard Webhooks format
(docs/operating/platform.md); the secrets are read at each attempt and never stored."""

import asyncio
import base64
import hashlib
import hmac
import time
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

import httpx
from tortoise.transactions import in_transaction

from adapters.outbox_delivery import DeliveryError, record_sent
from adapters.tracing import Attributes, inject_traceparent, outbound_span
from config.settings import Settings, WebhookEndpoint, webhook_key
from models import OutboxKind, OutboxMessage

USER_AGENT = "flowback-user-service"


class EventFanOut:
    """One delivery per endpoint, each with its own ``webhook-id`` and ordering key, in the
    transaction that marks the event done, so it is fanned out exactly once."""

    kind = OutboxKind.EVENT
    timeout = 0.0  # database work only

    def __init__(self, *, settings: Settings) -> None:
        self.endpoints = [endpoint.url for endpoint in settings.webhooks]
        self.max_attempts = settings.outbox_max_attempts

    async def deliver(self, message: OutboxMessage) -> None:
        now = datetime.now(UTC)
        async with in_transaction() as connection:
            for url in self.endpoints:
                await OutboxMessage.create(
                    kind=OutboxKind.WEBHOOK,
                    message_id=f"msg_{uuid.uuid4().hex}",
                    recipient=url,
                    subject=message.subject,
                    content=message.content,
                    ordering_key=f"{endpoint_key(url)}:{message.ordering_key}",
                    next_attempt_at=now,
                    using_db=connection,
                )
            await record_sent(message.id, connection)


class WebhookCourier:
    """Signs with every secret of the endpoint, so receivers on either verify in a rotation."""

    kind = OutboxKind.WEBHOOK

    def __init__(self, *, settings: Settings, client: httpx.AsyncClient) -> None:
        self.endpoints: Mapping[str, WebhookEndpoint] = {
            endpoint.url: endpoint for endpoint in settings.webhooks
        }
        self.client = client
        self.timeout = settings.webhook_timeout
        self.max_attempts = settings.webhook_max_attempts

    async def deliver(self, message: OutboxMessage) -> None:
        endpoint = self.endpoints.get(message.recipient)
        if endpoint is None:
            raise DeliveryError("the endpoint is no longer in FLOWBACK_WEBHOOKS", final=True)
        if message.content is None:
            raise DeliveryError("no content to send", final=True)
        keys = [webhook_key(secret) for secret in endpoint.secrets]
        headers = signed_headers(message.message_id, int(time.time()), message.content, keys)
        try:
            async with asyncio.timeout(self.timeout):
                status = await post(self.client, endpoint.url, message.content, headers=headers)
        except TimeoutError:
            raise DeliveryError(f"no answer within {self.timeout:g}s") from None
        if not 200 <= status < 300:
            raise DeliveryError(f"the endpoint answered HTTP {status}")


def signed_headers(
    webhook_id: str, timestamp: int, body: str, keys: Sequence[bytes]
) -> dict[str, str]:
    signed = f"{webhook_id}.{timestamp}.{body}".encode()
    signatures = (
        "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        for key in keys
    )
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signatures),
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }


async def post(client: httpx.AsyncClient, url: str, body: str, *, headers: dict[str, str]) -> int:
    """Returns the status, reading none of the answer's body; ``DeliveryError`` when nothing
    came back. The one place a webhook leaves the service, in a span of its own."""
    attributes: Attributes = {
        "http.request.method": "POST",
        "url.full": url,
        "webhook.id": headers["webhook-id"],
    }
    with outbound_span("POST webhook", attributes=attributes):
        traced = dict(headers)
        inject_traceparent(traced)
        try:
            async with client.stream("POST", url, content=body.encode(), headers=traced) as answer:
                return answer.status_code
        except httpx.HTTPError as error:
            raise DeliveryError(f"{type(error).__name__}: {error}") from None


def endpoint_key(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()[:16]


def http_client(settings: Settings) -> httpx.AsyncClient:
    """A redirect is failed, not followed, as the spec has it; proxy variables are honoured."""
    return httpx.AsyncClient(timeout=settings.webhook_timeout, follow_redirects=False)
