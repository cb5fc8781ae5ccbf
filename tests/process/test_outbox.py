"""The outbox against real server processes and a real SMTP server on loopback."""

import os
import re
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from aiosmtpd.controller import Controller

from tests.conftest import requires_postgres
from tests.factories import PASSWORD, code_in
from tests.process.children import free_port
from tests.process.conftest import REPO, LiveServer, start_server
from tests.process.mailserver import SteeredInbox
from tests.process.test_cli import run_main

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class MailServer:
    """aiosmtpd on a fixed loopback port that a test can start late, after refusing."""

    def __init__(self) -> None:
        self.inbox = SteeredInbox()
        self.port = free_port()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self.inbox.gate.set()
            self._controller.stop()
            self._controller = None


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    server = MailServer()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def servers() -> Iterator[list[LiveServer]]:
    """Every server process a test starts; all are stopped at the end."""
    started: list[LiveServer] = []
    try:
        yield started
    finally:
        for server in started:
            server.stop()


def outbox_env(database_url: str, smtp_port: int, **settings: str) -> dict[str, str]:
    """A server on ``database_url`` relaying to loopback SMTP, with quick polling and backoff."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("FLOWBACK_")}
    values = {
        "DATABASE_URL": database_url,
        "EMAIL_BACKEND": "smtp",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
        "BCRYPT_ROUNDS": "4",
        "OUTBOX_POLL_INTERVAL": "0.1",
        "OUTBOX_BACKOFF_BASE": "0.2",
        "OUTBOX_BACKOFF_MAX": "0.5",
        "OUTBOX_MAX_ATTEMPTS": "1000",
    } | settings
    return clean | {f"FLOWBACK_{key}": value for key, value in values.items()}


def register(server: LiveServer, username: str) -> None:
    response = httpx.post(
        f"{server.base_url}/register",
        data={"username": username, "email": f"{username}@example.com"},
        timeout=10,
    )
    assert response.status_code == 200, response.text


def outbox_listing(env: dict[str, str], command: str = "outbox") -> str:
    """What ``python main.py outbox`` (or ``webhooks``) prints."""
    result = run_main(command, env=env, cwd=REPO)
    assert result.returncode == 0, result.stderr
    return result.stdout


def wait_for_listing(
    env: dict[str, str], text: str, timeout: float = 30, *, command: str = "outbox"
) -> str:
    deadline = time.monotonic() + timeout
    while True:
        listing = outbox_listing(env, command)
        if text in listing or time.monotonic() > deadline:
            assert text in listing, listing
            return listing
        time.sleep(0.2)


def recipients(inbox: SteeredInbox) -> list[str]:
    return sorted(str(message["To"]) for message in inbox.messages)


def test_refused_then_4xx_then_recovered_delivers_each_mail_once(
    database_url: str, mail_server: MailServer, servers: list[LiveServer], tmp_path: Path
) -> None:
    env = outbox_env(database_url, mail_server.port)
    servers.append(start_server(env, tmp_path / "server.log"))
    names = [f"user{n}" for n in range(4)]
    for name in names[:2]:
        register(servers[0], name)
    wait_for_listing(env, "Connect")  # the relay tried, and the connection was refused
    mail_server.inbox.reply = "451 4.3.0 Try again later"
    mail_server.start()
    for name in names[2:]:
        register(servers[0], name)
    mail_server.inbox.wait_until("refused", len(names))
    assert mail_server.inbox.messages == []
    mail_server.inbox.reply = "250 OK"
    mail_server.inbox.wait_for(len(names))
    wait_for_listing(env, f"pending: 0  sending: 0  sent: {len(names)}  failed: 0")
    assert recipients(mail_server.inbox) == [f"{name}@example.com" for name in names]


def test_a_mail_claimed_by_a_killed_server_is_sent_after_a_restart(
    database_url: str, mail_server: MailServer, servers: list[LiveServer], tmp_path: Path
) -> None:
    env = outbox_env(database_url, mail_server.port, OUTBOX_LEASE="2", SMTP_TIMEOUT="60")
    mail_server.inbox.gate.clear()
    mail_server.start()
    servers.append(start_server(env, tmp_path / "first.log"))
    register(servers[0], "kim")
    mail_server.inbox.wait_until("stalled", 1)  # the relay holds the mail, mid-send
    servers[0].process.send_signal(signal.SIGKILL)
    servers[0].process.wait(timeout=10)
    mail_server.inbox.gate.set()
    assert mail_server.inbox.messages == []

    servers.append(start_server(env, tmp_path / "second.log"))
    mail = mail_server.inbox.wait_for(1)[0]
    wait_for_listing(env, "pending: 0  sending: 0  sent: 1  failed: 0")
    assert recipients(mail_server.inbox) == ["kim@example.com"]
    verify = {"verification_code": code_in(mail), "password": PASSWORD}
    response = httpx.post(f"{servers[1].base_url}/register/verify", data=verify, timeout=10)
    assert response.status_code == 201, response.text


def test_register_answers_while_smtp_is_stalled(
    database_url: str, mail_server: MailServer, servers: list[LiveServer], tmp_path: Path
) -> None:
    env = outbox_env(database_url, mail_server.port, SMTP_TIMEOUT="120")
    mail_server.inbox.gate.clear()
    mail_server.start()
    servers.append(start_server(env, tmp_path / "server.log"))
    register(servers[0], "first")
    mail_server.inbox.wait_until("stalled", 1)
    names = ["first", "second", "third", "fourth"]
    for name in names[1:]:
        register(servers[0], name)  # answered although the mail server is not answering
    graphql = httpx.post(
        f"{servers[0].base_url}/graphql",
        json={
            "query": 'mutation { register(username: "fifth", email: "fifth@example.com") '
            "{ ok errors { code } } }"
        },
        timeout=10,
    )
    assert graphql.json() == {"data": {"register": {"ok": True, "errors": []}}}
    assert mail_server.inbox.messages == []
    mail_server.inbox.gate.set()
    mail_server.inbox.wait_for(5)
    wait_for_listing(env, "pending: 0  sending: 0  sent: 5  failed: 0")
    assert recipients(mail_server.inbox) == sorted(f"{n}@example.com" for n in [*names, "fifth"])


@requires_postgres
@pytest.mark.parametrize("backend", ["postgres"])
def test_two_servers_on_one_postgres_deliver_every_mail_exactly_once(
    database_url: str, mail_server: MailServer, servers: list[LiveServer], tmp_path: Path
) -> None:
    env = outbox_env(database_url, mail_server.port, OUTBOX_POLL_INTERVAL="0.05")
    mail_server.inbox.reply = "451 4.3.0 Not yet"  # let the outbox fill up before sending
    mail_server.start()
    servers.append(start_server(env, tmp_path / "first.log"))
    servers.append(start_server(env, tmp_path / "second.log"))
    names = [f"user{n}" for n in range(30)]
    for number, name in enumerate(names):
        register(servers[number % 2], name)
    mail_server.inbox.reply = "250 OK"
    mail_server.inbox.wait_for(len(names), timeout=60)
    wait_for_listing(env, f"pending: 0  sending: 0  sent: {len(names)}  failed: 0")
    assert recipients(mail_server.inbox) == sorted(f"{name}@example.com" for name in names)
    message_ids = {message["Message-ID"] for message in mail_server.inbox.messages}
    assert len(message_ids) == len(names)


def test_a_permanent_5xx_fails_for_good_until_retried(
    database_url: str, mail_server: MailServer, servers: list[LiveServer], tmp_path: Path
) -> None:
    env = outbox_env(database_url, mail_server.port, OUTBOX_MAX_ATTEMPTS="3")
    mail_server.inbox.reply = "550 5.1.1 Mailbox unavailable"
    mail_server.start()
    servers.append(start_server(env, tmp_path / "server.log"))
    register(servers[0], "lee")
    listing = wait_for_listing(env, "failed: 1")
    assert "attempts=3" in listing
    assert "550 5.1.1 Mailbox unavailable" in listing
    assert "lee@example.com" in listing
    assert not UUID.search(listing), "the listing shows a verification code"
    assert mail_server.inbox.refused == 3

    mail_server.inbox.reply = "250 OK"
    retried = run_main("outbox", "retry", env=env, cwd=REPO)
    assert retried.stdout.strip() == "re-queued 1 failed message"
    mail = mail_server.inbox.wait_for(1)[0]
    verify = {"verification_code": code_in(mail), "password": PASSWORD}
    response = httpx.post(f"{servers[0].base_url}/register/verify", data=verify, timeout=10)
    assert response.status_code == 201, response.text


def test_send_test_email_says_whether_it_worked(mail_server: MailServer, tmp_path: Path) -> None:
    env = outbox_env(f"sqlite://{tmp_path}/unused.sqlite3", mail_server.port)
    refused = run_main("send-test-email", "ops@example.com", env=env, cwd=REPO)
    assert refused.returncode == 1
    assert "NOT sent" in refused.stderr and "Traceback" not in refused.stderr
    mail_server.start()
    sent = run_main("send-test-email", "ops@example.com", env=env, cwd=REPO)
    assert sent.returncode == 0, sent.stderr
    assert "sent a test email to ops@example.com" in sent.stdout
    mail = mail_server.inbox.wait_for(1)[0]
    assert (mail["To"], mail["Subject"]) == ("ops@example.com", "Flowback test email")
