"""Webhooks from real server processes to a receiver that verifies with ``standardwebhooks``:
a receiver down for a while, a server killed with SIGKILL mid-delivery, and two servers on one
PostgreSQL; every event arrives, each user's in order."""

import json
import signal
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import requires_postgres
from tests.factories import PASSWORD, code_in
from tests.process.conftest import LiveServer, start_server
from tests.process.test_outbox import MailServer, outbox_env, wait_for_listing
from tests.webhook_receiver import Delivery, Receiver

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


class Platform:
    """Servers of one database, the SMTP server their mail goes to, and the webhook receiver
    their events go to; whatever a test starts is stopped at its end."""

    def __init__(self, database_url: str, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.receiver = Receiver(SECRET)
        self.mail = MailServer()
        self.mail.start()
        endpoints = [{"url": self.receiver.url, "secrets": [SECRET]}]
        self.env = outbox_env(
            database_url,
            self.mail.port,
            WEBHOOKS=json.dumps(endpoints),
            WEBHOOK_MAX_ATTEMPTS="1000",
        )
        self.servers: list[LiveServer] = []
        self.clients: list[httpx.Client] = []

    def serve(self, **settings: str) -> LiveServer:
        """One more server, with these ``FLOWBACK_*`` settings besides the common ones."""
        env = self.env | {f"FLOWBACK_{name}": value for name, value in settings.items()}
        server = start_server(env, self.tmp_path / f"server{len(self.servers)}.log")
        self.servers.append(server)
        return server

    def signed_up(self, server: LiveServer, username: str) -> httpx.Client:
        """A client of ``username``, registered, verified and signed in (user.created)."""
        client = httpx.Client(base_url=server.base_url, timeout=10)
        self.clients.append(client)
        email = f"{username}@example.com"
        mails = len(self.mail.inbox.messages)
        assert client.post("/register", data={"username": username, "email": email}).is_success
        message = next(m for m in self.mail.inbox.wait_for(mails + 1) if m["To"] == email)
        verify = {"verification_code": code_in(message), "password": PASSWORD}
        assert client.post("/register/verify", data=verify).status_code == 201
        token = client.post("/login", data={"username": username, "password": PASSWORD}).json()
        client.headers["Authorization"] = f"Token {token['token']}"
        return client

    def wait_for_listing(self, text: str) -> str:
        """What ``python main.py webhooks`` prints, once it says ``text``."""
        return wait_for_listing(self.env, text, command="webhooks")

    def close(self) -> None:
        for client in self.clients:
            client.close()
        for server in self.servers:
            server.stop()
        self.receiver.stop()
        self.mail.stop()


@pytest.fixture
def platform(database_url: str, tmp_path: Path) -> Iterator[Platform]:
    platform = Platform(database_url, tmp_path)
    try:
        yield platform
    finally:
        platform.close()


def live_a_little(client: httpx.Client) -> None:
    """user.updated, then user.sessions_revoked."""
    assert client.post("/user/update", data={"bio": "hello"}).status_code == 200
    assert client.post("/logout").status_code == 200


def first_arrivals(deliveries: list[Delivery]) -> dict[int, list[str]]:
    """Each user's event types in the order they first arrived (a resend, after an unclear
    failure, carries the same ``webhook-id`` and is skipped)."""
    seen: set[str] = set()
    by_user: dict[int, list[str]] = {}
    for delivery in deliveries:
        if delivery.webhook_id in seen:
            continue
        seen.add(delivery.webhook_id)
        by_user.setdefault(delivery.payload["data"]["id"], []).append(delivery.payload["type"])
    return by_user


LIFE = ["user.created", "user.updated", "user.sessions_revoked"]


@pytest.mark.parametrize("backend", ["sqlite"])  # the claims of PostgreSQL: below
def test_a_receiver_down_for_a_while_gets_every_event_in_order_once_up(
    platform: Platform,
) -> None:
    receiver = platform.receiver
    server = platform.serve()
    for name in ("ann", "bob", "cy"):
        live_a_little(platform.signed_up(server, name))
    platform.wait_for_listing("ConnectError")  # tried, and refused
    receiver.start()
    deliveries = receiver.wait_for(9)
    assert list(first_arrivals(deliveries).values()) == [LIFE, LIFE, LIFE]
    assert len({d.webhook_id for d in deliveries}) == 9 == len(deliveries)
    platform.wait_for_listing("pending: 0  sending: 0  sent: 9  failed: 0")
    assert receiver.refused == []


def test_a_server_killed_mid_delivery_loses_nothing(platform: Platform) -> None:
    receiver = platform.receiver
    receiver.gate.clear()  # every delivery is held, mid-request
    receiver.start()
    first = platform.serve(OUTBOX_LEASE="2", WEBHOOK_TIMEOUT="60")
    for name in ("ann", "bob"):
        live_a_little(platform.signed_up(first, name))
    receiver.wait_until_held(1)
    first.process.send_signal(signal.SIGKILL)
    first.process.wait(timeout=10)
    receiver.gate.set()  # what was held is answered to nobody: the killed server never knew

    platform.serve(OUTBOX_LEASE="2", WEBHOOK_TIMEOUT="60")
    deliveries = receiver.wait_for(6)
    assert list(first_arrivals(deliveries).values()) == [LIFE, LIFE]
    platform.wait_for_listing("pending: 0  sending: 0  sent: 6  failed: 0")


@requires_postgres
@pytest.mark.parametrize("backend", ["postgres"])
def test_two_servers_on_one_postgres_keep_each_users_order(platform: Platform) -> None:
    """Eight relays posting at once (two servers, four each): each user's sessions end in
    the order they were ended, however the relays interleave."""
    receiver = platform.receiver
    receiver.delay = 0.02
    receiver.start()
    fast = {"OUTBOX_POLL_INTERVAL": "0.05", "WEBHOOK_CONCURRENCY": "4"}
    servers = [platform.serve(**fast), platform.serve(**fast)]
    ended: dict[int, list[int]] = {}  # each user's sessions, in the order they ended
    for number, name in enumerate(("ann", "bob", "cy")):
        client = platform.signed_up(servers[number % 2], name)
        user_id = client.get("/user").json()["id"]
        login = {"username": name, "password": PASSWORD}
        tokens = [client.post("/login", data=login).json()["token"] for _ in range(5)]
        for count, token in enumerate(tokens):  # from both servers, alternately
            server = servers[count % 2]
            auth = {"Authorization": f"Token {token}"}
            sessions = httpx.get(f"{server.base_url}/user/sessions", headers=auth, timeout=10)
            current = next(s["id"] for s in sessions.json() if s["current"])
            response = httpx.post(f"{server.base_url}/logout", headers=auth, timeout=10)
            assert response.status_code == 200
            ended.setdefault(user_id, []).append(current)
    deliveries = receiver.wait_for(3 + 15, timeout=60)
    revoked: dict[int, list[int]] = {}
    seen: set[str] = set()
    for delivery in deliveries:
        if delivery.payload["type"] == "user.sessions_revoked" and delivery.webhook_id not in seen:
            seen.add(delivery.webhook_id)
            data = delivery.payload["data"]
            revoked.setdefault(data["id"], []).extend(data["sessions"])
    assert revoked == ended
