"""``/auth/check``: who a token belongs to, as nginx, Traefik and Envoy ask a reverse proxy's
auth service; on every database. The real nginx in front: ``tests/process/test_nginx.py``."""

from datetime import timedelta
from urllib.parse import quote, unquote

import httpx
import pytest
from tortoise.context import TortoiseContext

from adapters.composition import compose
from adapters.mailers import MemoryMailer
from config.settings import Settings
from domain.clock import ManualClock
from tests.conftest import asgi_client
from tests.factories import PASSWORD
from tests.http.helpers import auth, signed_up
from tests.http.statements import counting_statements

pytestmark = pytest.mark.usefixtures("db")
DAY = timedelta(days=1)


async def identity(client: httpx.AsyncClient, token: str) -> tuple[str, str, str]:
    response = await client.get("/auth/check", headers=auth(token))
    assert response.status_code == 200, response.text
    assert response.content == b""
    headers = response.headers
    return (
        headers["X-Flowback-User-Id"],
        headers["X-Flowback-Session-Id"],
        headers["X-Flowback-Username"],
    )


async def test_a_live_token_answers_its_user_and_session(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    token = await signed_up(client, mailer, "alice")
    me = (await client.get("/user", headers=auth(token))).json()
    sessions = (await client.get("/user/sessions", headers=auth(token))).json()
    assert await identity(client, token) == (str(me["id"]), str(sessions[0]["id"]), "alice")


@pytest.mark.parametrize("scheme", ["", "Token ", "Bearer ", "bearer "])
async def test_every_form_of_the_authorization_header_works(
    client: httpx.AsyncClient, mailer: MemoryMailer, scheme: str
) -> None:
    token = await signed_up(client, mailer, "alice")
    response = await client.get("/auth/check", headers={"Authorization": f"{scheme}{token}"})
    assert (response.status_code, response.headers["X-Flowback-Username"]) == (200, "alice")


async def test_a_username_in_any_script_is_percent_encoded_utf8(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    name = "Åsa.李+1"
    token = await signed_up(client, mailer, name, "asa@example.com")
    _, _, header = await identity(client, token)
    assert header == "%C3%85sa.%E6%9D%8E%2B1" == quote(name, safe="")
    assert header.isascii() and unquote(header) == name


async def test_head_answers_the_same_headers_without_a_body(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    token = await signed_up(client, mailer, "alice")
    response = await client.head("/auth/check", headers=auth(token))
    assert response.status_code == 200
    assert response.headers["X-Flowback-Username"] == "alice"
    assert response.content == b""


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE"])
async def test_envoy_asks_with_the_clients_method_and_path(
    client: httpx.AsyncClient, mailer: MemoryMailer, method: str
) -> None:
    """Envoy's ``ext_authz`` sends the client's method to the prefix + the client's path;
    the body, if Envoy were told to forward it, is never read."""
    token = await signed_up(client, mailer, "alice")
    response = await client.request(
        method,
        "/auth/check/group/7/poll/list?limit=5",
        headers=auth(token) | {"Content-Type": "application/json"},
        content=b"{not json",
    )
    assert (response.status_code, response.headers["X-Flowback-Username"]) == (200, "alice")
    anonymous = await client.request(method, "/auth/check/group/7/poll/list")
    assert anonymous.status_code == 401


@pytest.mark.parametrize(
    ("header", "code"),
    [
        (None, "UNAUTHENTICATED"),
        ("", "UNAUTHENTICATED"),
        ("Token not-a-token", "INVALID_TOKEN"),
        ("Basic YWxpY2U6c2VjcmV0", "INVALID_TOKEN"),
        ("Token a b", "INVALID_TOKEN"),
    ],
)
async def test_no_or_a_wrong_token_is_the_401_of_every_call(
    client: httpx.AsyncClient, header: str | None, code: str
) -> None:
    headers = {} if header is None else {"Authorization": header}
    response = await client.get("/auth/check", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"
    assert [error["code"] for error in response.json()["errors"]] == [code]
    assert "X-Flowback-User-Id" not in response.headers


async def test_a_revoked_token_or_a_deleted_account_is_refused(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    token = await signed_up(client, mailer, "alice")
    other = (await client.post("/login", data={"username": "alice", "password": PASSWORD})).json()[
        "token"
    ]
    assert (await client.post("/logout", headers=auth(token))).status_code == 200
    assert (await client.get("/auth/check", headers=auth(token))).status_code == 401
    assert (await client.get("/auth/check", headers=auth(other))).status_code == 200
    deleted = await client.post("/user/delete", headers=auth(other), data={"password": PASSWORD})
    assert deleted.status_code == 200
    assert (await client.get("/auth/check", headers=auth(other))).status_code == 401


async def test_the_idle_timeout_and_the_absolute_lifetime_hold(
    client: httpx.AsyncClient, mailer: MemoryMailer, clock: ManualClock
) -> None:
    """A check is a use: a session used only through the proxy stays alive, until its
    absolute lifetime ends it however much it is used."""
    token = await signed_up(client, mailer, "alice")
    for _ in range(8):
        clock.advance(11 * DAY)
        assert (await client.get("/auth/check", headers=auth(token))).status_code == 200
    clock.advance(2 * DAY)  # 90 days after login
    assert (await client.get("/auth/check", headers=auth(token))).status_code == 401

    idle = await signed_up(client, mailer, "bob")
    clock.advance(14 * DAY + timedelta(seconds=1))
    assert (await client.get("/auth/check", headers=auth(idle))).status_code == 401


async def test_a_check_sends_one_statement(
    client: httpx.AsyncClient,
    mailer: MemoryMailer,
    db: TortoiseContext,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = await signed_up(client, mailer, "alice")
    await identity(client, token)  # the token's use is recorded at most once a minute
    with counting_statements(db, monkeypatch) as statements:
        for _ in range(3):
            await identity(client, token)
    assert len(statements) == 3


async def test_checks_are_not_counted_against_the_callers_address(
    mailer: MemoryMailer, settings: Settings
) -> None:
    """The proxy asks for every request of every client: however many checks come from one
    address, its calls that are limited per address still have their whole allowance."""
    limited = settings.model_copy(update={"rate_limit_login_ip": "3/minute"})
    async with asgi_client(compose(limited, mailer=mailer), client_ip="10.9.8.7") as client:
        token = await signed_up(client, mailer, "alice")  # one login of three
        for _ in range(100):
            assert (await client.get("/auth/check", headers=auth(token))).status_code == 200
        for _ in range(2):
            login = {"username": "alice", "password": PASSWORD}
            assert (await client.post("/login", data=login)).status_code == 200
        assert (await client.post("/login", data=login)).status_code == 429
