"""Several server processes over one PostgreSQL and one Redis, as behind a load balancer.

Each test starts real servers (``main.py serve``) on loopback ports against a fresh
PostgreSQL database, with rate-limit counters in Redis and mail going to a local SMTP
server, and checks what a client of the whole deployment sees.
"""

import asyncio
import signal
import time
from pathlib import Path

import asyncpg
import httpx
import pytest

from tests.abuse import conftest as abuse
from tests.abuse.conftest import REDIS_URL
from tests.conftest import postgres_param
from tests.factories import PASSWORD, code_in
from tests.process.conftest import Inbox, LiveServer, start_server
from tests.process.tcp_proxy import TcpProxy

pytestmark = pytest.mark.parametrize("backend", [postgres_param()])
redis_prefix = abuse.redis_prefix  # Redis reachable (else skipped, or failed in CI)


@pytest.fixture
def shared_env(server_env: dict[str, str], redis_prefix: str) -> dict[str, str]:
    return server_env | {
        "FLOWBACK_REDIS_URL": REDIS_URL,
        "FLOWBACK_REDIS_KEY_PREFIX": redis_prefix,
        "FLOWBACK_OUTBOX_POLL_INTERVAL": "0.2",
        "FLOWBACK_DB_CONNECT_TIMEOUT": "2",
    }


def sign_up(register_on: LiveServer, verify_on: LiveServer, inbox: Inbox, name: str) -> None:
    fields = {"username": name, "email": f"{name}@example.com"}
    assert httpx.post(f"{register_on.base_url}/register", data=fields).status_code == 200
    mails = inbox.wait_for(len(inbox.messages) + 1)
    verify = {"verification_code": code_in(mails[-1]), "password": PASSWORD}
    response = httpx.post(f"{verify_on.base_url}/register/verify", data=verify)
    assert response.status_code == 201, response.text


def log_in(server: LiveServer, name: str) -> dict[str, str]:
    fields = {"username": name, "password": PASSWORD}
    response = httpx.post(f"{server.base_url}/login", data=fields, timeout=10)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Token {response.json()['token']}"}


def me(server: LiveServer, auth: dict[str, str]) -> httpx.Response:
    return httpx.get(f"{server.base_url}/user", headers=auth, timeout=15)


def test_two_servers_share_accounts_tokens_limits_and_mail(
    shared_env: dict[str, str], smtp: tuple[Inbox, int], tmp_path: Path
) -> None:
    inbox = smtp[0]
    env = shared_env | {"FLOWBACK_RATE_LIMIT_LOGIN_ACCOUNT": "3/minute"}
    first = start_server(env, tmp_path / "first.log")
    second = start_server(env, tmp_path / "second.log")
    try:
        sign_up(first, second, inbox, "alice")
        auth = log_in(first, "alice")
        assert me(second, auth).json()["username"] == "alice"
        assert httpx.post(f"{second.base_url}/logout", headers=auth).status_code == 200
        assert me(first, auth).status_code == 401

        wrong = {"username": "ghost", "password": "not the password at all"}
        statuses = [
            httpx.post(f"{server.base_url}/login", data=wrong, timeout=10).status_code
            for server in (first, second, first, second)
        ]
        assert statuses == [400, 400, 400, 429]

        for n in range(6):
            fields = {"username": f"user{n}", "email": f"user{n}@example.com"}
            server = (first, second)[n % 2]
            assert httpx.post(f"{server.base_url}/register", data=fields).status_code == 200
        inbox.wait_for(7)
        time.sleep(1.0)  # five more passes of both relays: a duplicate would show up now
    finally:
        second.stop()
        first.stop()
    recipients = sorted(str(message["To"]) for message in inbox.messages)
    assert recipients == sorted(["alice@example.com", *(f"user{n}@example.com" for n in range(6))])
    assert len({message["Message-ID"] for message in inbox.messages}) == 7


def test_a_database_outage_is_503_and_the_same_process_recovers(
    shared_env: dict[str, str], database_url: str, smtp: tuple[Inbox, int], tmp_path: Path
) -> None:
    host_port = database_url.split("@", 1)[1].split("/", 1)[0]
    host, port = host_port.split(":")
    with TcpProxy(host, int(port)) as proxy:
        proxied = database_url.replace(host_port, f"127.0.0.1:{proxy.port}")
        server = start_server(shared_env | {"FLOWBACK_DATABASE_URL": proxied}, tmp_path / "s.log")
        try:
            sign_up(server, server, smtp[0], "alice")
            auth = log_in(server, "alice")
            proxy.cut()
            started = time.monotonic()
            during = me(server, auth)
            graphql = httpx.post(
                f"{server.base_url}/graphql", json={"query": "{ user { id } }"}, headers=auth
            )
            ready = httpx.get(f"{server.base_url}/readyz", timeout=15)
            assert time.monotonic() - started < 10  # answered, not hung
            proxy.restore()
            after = me(server, auth)
            ready_after = httpx.get(f"{server.base_url}/readyz", timeout=15)
            assert server.process.poll() is None  # the same process throughout
        finally:
            server.stop()
    assert (during.status_code, during.headers.get("Retry-After")) == (503, "5")
    assert during.json()["errors"][0]["code"] == "SERVICE_UNAVAILABLE"
    assert graphql.status_code == 503
    assert graphql.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert ready.status_code == 503
    assert (after.status_code, after.json()["username"]) == (200, "alice")
    assert ready_after.status_code == 200


async def _terminate_backends(admin_url: str, database: str) -> int:
    connection = await asyncpg.connect(admin_url)
    try:
        rows = await connection.fetch(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = $1 AND pid <> pg_backend_pid()",
            database,
        )
    finally:
        await connection.close()
    return len(rows)


def test_killed_database_connections_are_replaced_without_a_restart(
    shared_env: dict[str, str], database_url: str, smtp: tuple[Inbox, int], tmp_path: Path
) -> None:
    server = start_server(shared_env, tmp_path / "server.log")
    try:
        sign_up(server, server, smtp[0], "alice")
        auth = log_in(server, "alice")
        admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
        assert asyncio.run(_terminate_backends(admin_url, database_url.rsplit("/", 1)[1])) > 0
        statuses = [me(server, auth).status_code for _ in range(5)]
    finally:
        server.stop()
    assert set(statuses) <= {200, 503}, statuses
    assert statuses[-2:] == [200, 200], statuses


# The bursts come from one address: let all of them wait for the hashing thread, instead of
# the production default that refuses a fifth hash in flight for one address.
BURST_FROM_ONE_ADDRESS = {"FLOWBACK_HASH_QUEUE_PER_ADDRESS": "32"}


async def _logins_then_sigterm(
    client: httpx.AsyncClient, server: LiveServer, requests: int
) -> list["asyncio.Task[httpx.Response]"]:
    """Send ``requests`` wrong logins at once and SIGTERM the server when the first one is
    answered; returns the calls, the rest still running."""
    calls = [
        asyncio.ensure_future(
            client.post("/login", data={"username": f"ghost{n}", "password": "wrong pass!"})
        )
        for n in range(requests)
    ]
    await asyncio.wait(calls, return_when=asyncio.FIRST_COMPLETED)
    server.process.send_signal(signal.SIGTERM)
    return calls


async def _burst_then_terminate(server: LiveServer, requests: int) -> list[httpx.Response]:
    """Send ``requests`` logins at once; SIGTERM the server when the first one is answered.

    By then every request has long been sent and accepted: each waits its turn for the one
    hashing thread, and answers come one bcrypt (tens of milliseconds) apart.
    """
    limits = httpx.Limits(max_connections=requests, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=server.base_url, limits=limits, timeout=60) as client:
        calls = await _logins_then_sigterm(client, server, requests)
        return list(await asyncio.gather(*calls))


def test_sigterm_lets_every_accepted_request_finish(
    server_env: dict[str, str], tmp_path: Path
) -> None:
    # bcrypt at cost 10 through one hashing thread: the burst takes about a second.
    env = server_env | BURST_FROM_ONE_ADDRESS
    env |= {"FLOWBACK_BCRYPT_ROUNDS": "10", "FLOWBACK_HASH_CONCURRENCY": "1"}
    server = start_server(env, tmp_path / "server.log")
    try:
        # A request cut off would raise here (ReadError, RemoteProtocolError).
        responses = asyncio.run(_burst_then_terminate(server, 16))
        exit_code = server.process.wait(timeout=30)
    finally:
        server.stop()
    assert [response.status_code for response in responses] == [400] * 16
    # uvicorn stops by itself, then re-raises the signal: the usual exit of a stopped server.
    assert exit_code == -signal.SIGTERM
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{server.base_url}/healthz")


async def _load_while_terminating(
    server: LiveServer, auth: dict[str, str], admin_url: str, database: str
) -> list[tuple[int, list[str]]]:
    """16 clients read the account over REST and GraphQL while the service's PostgreSQL
    backends are terminated five times; returns each answer's status and GraphQL codes."""
    answers: list[tuple[int, list[str]]] = []
    stop = asyncio.Event()

    async def client(number: int) -> None:
        async with httpx.AsyncClient(base_url=server.base_url, headers=auth, timeout=15) as http:
            while not stop.is_set():
                if number % 2:
                    response = await http.get("/user")
                    answers.append((response.status_code, []))
                else:
                    response = await http.post("/graphql", json={"query": "{ user { id } }"})
                    errors = response.json().get("errors") or []
                    codes = [error.get("extensions", {}).get("code", "") for error in errors]
                    answers.append((response.status_code, codes))

    clients = [asyncio.ensure_future(client(number)) for number in range(16)]
    for _ in range(5):
        await asyncio.sleep(0.3)
        await _terminate_backends(admin_url, database)
    await asyncio.sleep(0.5)
    stop.set()
    await asyncio.gather(*clients)
    return answers


def test_terminated_backends_under_load_are_503_never_500(
    shared_env: dict[str, str], database_url: str, smtp: tuple[Inbox, int], tmp_path: Path
) -> None:
    log = tmp_path / "server.log"
    server = start_server(shared_env | {"FLOWBACK_DB_POOL_MAX": "4"}, log)
    try:
        sign_up(server, server, smtp[0], "alice")
        auth = log_in(server, "alice")
        admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
        database = database_url.rsplit("/", 1)[1]
        answers = asyncio.run(_load_while_terminating(server, auth, admin_url, database))
        after = me(server, auth)
    finally:
        server.stop()
    statuses = {status for status, _ in answers}
    codes = {code for _, found in answers for code in found}
    assert statuses <= {200, 503}, statuses
    assert codes <= {"SERVICE_UNAVAILABLE"}, codes
    assert after.status_code == 200
    assert "unexpected" not in log.read_text()


def _shutdowns_logged(log: Path) -> int:
    return log.read_text(encoding="utf-8").count("Shutting down")


async def _shutting_down(log: Path, workers: int) -> None:
    """Until every worker has logged that it shuts down: from then on it marks each open
    connection to close (uvicorn does both in one step). The supervisor passes SIGTERM on
    to its workers a moment after receiving it, and a worker answers as usual until then."""
    for _ in range(500):
        if _shutdowns_logged(log) >= workers:
            # Let the client read what the workers had already sent before the mark.
            await asyncio.sleep(0.05)
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the workers never began to shut down")


async def _refused_while_requests_run(
    server: LiveServer, requests: int, *, log: Path, workers: int
) -> tuple[bool, list[httpx.Response]]:
    """Start ``requests`` slow logins, SIGTERM the server when the first is answered, then
    try new connections until one is refused; returns whether that happened while some
    logins were still running, and the answers given once every worker shuts down."""
    host, port = server.base_url.removeprefix("http://").split(":")
    limits = httpx.Limits(max_connections=requests, max_keepalive_connections=requests)
    async with httpx.AsyncClient(base_url=server.base_url, limits=limits, timeout=60) as client:
        calls = await _logins_then_sigterm(client, server, requests)
        await _shutting_down(log, workers)
        after_signal = [call for call in calls if not call.done()]
        refused_in_flight = False
        while not all(call.done() for call in calls):
            try:
                _, writer = await asyncio.wait_for(
                    asyncio.open_connection(host, int(port)), timeout=1
                )
            except ConnectionRefusedError:
                refused_in_flight = not all(call.done() for call in calls)
                break
            except TimeoutError:
                continue
            writer.close()
            await asyncio.sleep(0.05)  # a short pause between probes, not a wait for time
        await asyncio.gather(*calls)  # a request cut off would raise here
        return refused_in_flight, [call.result() for call in after_signal]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigterm_refuses_new_connections_at_once_and_finishes_the_rest(
    workers: str, shared_env: dict[str, str], tmp_path: Path
) -> None:
    # bcrypt at cost 12 through one hashing thread per worker: the burst lasts seconds.
    env = shared_env | BURST_FROM_ONE_ADDRESS
    env |= {"FLOWBACK_BCRYPT_ROUNDS": "12", "FLOWBACK_HASH_CONCURRENCY": "1"}
    log = tmp_path / "server.log"
    server = start_server(env, log, "--workers", workers)
    try:
        refused_in_flight, after_signal = asyncio.run(
            _refused_while_requests_run(server, 12, log=log, workers=int(workers))
        )
        server.process.wait(timeout=60)
    finally:
        server.stop()
    assert refused_in_flight, "new connections were accepted until the last request ended"
    assert after_signal and {response.status_code for response in after_signal} == {400}
    # Answered after SIGTERM on kept-alive connections: the client is told to close them.
    assert {response.headers.get("connection") for response in after_signal} == {"close"}
