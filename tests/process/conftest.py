"""A real server process on loopback, talking to a real SMTP server (aiosmtpd)."""

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from aiosmtpd.controller import Controller

from tests.conftest import POSTGRES_URL, new_database_name
from tests.process.children import free_port, kill, stop

REPO = Path(__file__).resolve().parents[2]


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 10) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.messages) >= count, f"expected {count} mails, got {len(self.messages)}"
        return self.messages


@contextmanager
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on loopback (aiosmtpd: no SMTPUTF8 unless asked), and its port."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def database_url(backend: str, tmp_path: Path) -> str:
    """An empty database that only the server's own migrations will shape."""
    if backend == "sqlite":
        return f"sqlite://{tmp_path}/flowback.sqlite3"
    assert POSTGRES_URL
    name = new_database_name()
    asyncio.run(_create_database(POSTGRES_URL, name))
    return f"{POSTGRES_URL.rsplit('/', 1)[0]}/{name}"


async def _create_database(url: str, name: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


class LiveServer:
    def __init__(self, base_url: str, process: subprocess.Popen[str]) -> None:
        self.base_url = base_url
        self.process = process

    def stop(self) -> None:
        """Terminate the process (kill it if it lingers) and reap it."""
        stop(self.process)


#: Attempts at a free port: between ``free_port()`` and the server's bind, another process
#: (a parallel test worker) may take it, and ``serve`` then refuses the port in use.
PORT_ATTEMPTS = 3


def start_server(
    env: dict[str, str],
    log: Path,
    *options: str,
    preexec_fn: Callable[[], object] | None = None,
) -> LiveServer:
    """The server, once it answers; ``preexec_fn`` runs in its process before it starts
    (to lower its resource limits, for one)."""
    for _ in range(PORT_ATTEMPTS):
        server = _start_server_on(free_port(), env, log, *options, preexec_fn=preexec_fn)
        if server is not None:
            return server
    pytest.fail(f"no free port after {PORT_ATTEMPTS} attempts:\n{log.read_text()}")


def _start_server_on(
    port: int,
    env: dict[str, str],
    log: Path,
    *options: str,
    preexec_fn: Callable[[], object] | None = None,
) -> LiveServer | None:
    """The server, once it answers; None when its port was taken meanwhile."""
    command = [sys.executable, "main.py", "serve", "--port", str(port), *options]
    with log.open("w") as output:
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT, text=True,
            start_new_session=True,  # its workers (--workers) are stopped with it
            preexec_fn=preexec_fn,
        )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            if "already in use" in log.read_text():
                return None
            pytest.fail(f"server exited early:\n{log.read_text()}")
        try:
            httpx.get(f"{base_url}/users", timeout=1)
        except httpx.TransportError:
            time.sleep(0.1)
            continue
        return LiveServer(base_url, process)
    kill(process)
    process.wait(timeout=10)
    pytest.fail(f"server did not start:\n{log.read_text()}")


def json_lines(text: str) -> list[dict[str, Any]]:
    """Every line of ``text`` as a JSON object; fails on the first line that is not one."""
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        try:
            entry = json.loads(line)
        except ValueError:
            pytest.fail(f"line {number} is not JSON: {line!r}\n{text}")
        assert isinstance(entry, dict), line
        entries.append(entry)
    return entries


def register(client: httpx.Client, username: str, *, headers: dict[str, str]) -> None:
    """Register ``username`` (at example.com) on a live server, sending ``headers``."""
    fields = {"username": username, "email": f"{username}@example.com"}
    response = client.post("/register", data=fields, headers=headers)
    assert response.status_code == 200, response.text


@pytest.fixture
def server_env(database_url: str, smtp: tuple[Inbox, int], tmp_path: Path) -> dict[str, str]:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("FLOWBACK_")}
    return clean | {
        "FLOWBACK_DATABASE_URL": database_url,
        "FLOWBACK_EMAIL_BACKEND": "smtp",
        "FLOWBACK_SMTP_HOST": "127.0.0.1",
        "FLOWBACK_SMTP_PORT": str(smtp[1]),
        "FLOWBACK_BCRYPT_ROUNDS": "4",
        "FLOWBACK_MEDIA_ROOT": str(tmp_path / "media"),
    }


@pytest.fixture
def live_server(server_env: dict[str, str], tmp_path: Path) -> Iterator[LiveServer]:
    server = start_server(server_env, tmp_path / "server.log")
    try:
        yield server
    finally:
        server.stop()
