"""``POST /introspect`` (RFC 7662): only listed services may ask, and a token is active on
the terms of every other call."""

import base64
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote_plus

import httpx
import pytest

from adapters.composition import compose
from adapters.mailers import MemoryMailer
from config.settings import Settings
from domain.clock import ManualClock
from tests.conftest import asgi_client
from tests.factories import PASSWORD
from tests.http.helpers import auth, signed_up

pytestmark = pytest.mark.usefixtures("db")
DAY = timedelta(days=1)
GROUPS = ("groups", "groups-secret-0123456789")
CHAT = ("chat", "chat:secret/with+signs")
CLIENTS = ",".join(":".join(pair) for pair in (GROUPS, CHAT))


def basic(client_id: str, secret: str) -> dict[str, str]:
    """HTTP Basic as RFC 6749 §2.3.1 has a client send it: each part form-urlencoded first."""
    pair = f"{quote_plus(client_id)}:{quote_plus(secret)}"
    return {"Authorization": "Basic " + base64.b64encode(pair.encode()).decode()}


@pytest.fixture
async def client(
    mailer: MemoryMailer, clock: ManualClock, tmp_path: Path
) -> AsyncIterator[httpx.AsyncClient]:
    """The ASGI app with two services listed, ``GROUPS`` and ``CHAT``."""
    settings = Settings(
        _env_file=None,
        email_backend="memory",
        bcrypt_rounds=4,
        media_root=tmp_path,
        introspection_clients=CLIENTS,
    )
    async with asgi_client(compose(settings, mailer=mailer, clock=clock)) as client:
        yield client


async def introspect(
    client: httpx.AsyncClient, token: str, credentials: tuple[str, str] = GROUPS
) -> httpx.Response:
    return await client.post("/introspect", data={"token": token}, headers=basic(*credentials))


async def test_an_active_token_answers_whose_it_is_and_until_when(
    client: httpx.AsyncClient, mailer: MemoryMailer, clock: ManualClock
) -> None:
    token = await signed_up(client, mailer, "alice")
    signed_in = int(clock.now().timestamp())
    me = (await client.get("/user", headers=auth(token))).json()
    session = (await client.get("/user/sessions", headers=auth(token))).json()[0]
    clock.advance(10 * DAY)
    response = await introspect(client, token)
    assert response.status_code == 200, response.text
    assert response.headers["Cache-Control"] == "no-store"
    assert response.json() == {
        "active": True,
        "sub": str(me["id"]),
        "sid": str(session["id"]),
        "username": "alice",
        "iat": signed_in,
        # Used just now, 10 days in: idle expiry 14 days on, before the 90 days' end.
        "exp": signed_in + int((24 * DAY).total_seconds()),
    }
    for _ in range(7):  # used every 10 days: 80 days in, the absolute lifetime ends first
        clock.advance(10 * DAY)
        claims = (await introspect(client, token)).json()
    assert claims["exp"] == signed_in + int((90 * DAY).total_seconds())


async def test_a_service_may_send_the_token_as_json_and_its_credentials_encoded(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    token = await signed_up(client, mailer, "alice")
    response = await client.post("/introspect", json={"token": token}, headers=basic(*CHAT))
    assert response.json()["active"] is True


async def test_an_expired_token_is_only_inactive(
    client: httpx.AsyncClient, mailer: MemoryMailer, clock: ManualClock
) -> None:
    token = await signed_up(client, mailer, "alice")
    clock.advance(14 * DAY + timedelta(seconds=1))
    response = await introspect(client, token)
    assert (response.status_code, response.json()) == (200, {"active": False})


async def test_a_revoked_token_or_a_deleted_account_is_inactive(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    token = await signed_up(client, mailer, "alice")
    login = {"username": "alice", "password": PASSWORD}
    other = (await client.post("/login", data=login)).json()["token"]
    await client.post("/logout", headers=auth(token))
    assert (await introspect(client, token)).json() == {"active": False}
    assert (await introspect(client, other)).json()["active"] is True
    await client.post("/user/delete", headers=auth(other), data={"password": PASSWORD})
    assert (await introspect(client, other)).json() == {"active": False}
    assert (await introspect(client, "not a token at all")).json() == {"active": False}


async def test_introspecting_counts_as_a_use_of_the_token(
    client: httpx.AsyncClient, mailer: MemoryMailer, clock: ManualClock
) -> None:
    token = await signed_up(client, mailer, "alice")
    for _ in range(3):
        clock.advance(10 * DAY)
        assert (await introspect(client, token)).json()["active"] is True


@pytest.mark.parametrize(
    "credentials",
    [
        ("groups", CHAT[1]),  # another service's secret
        ("chat", GROUPS[1]),
        ("files", GROUPS[1]),  # a service nobody listed
        ("groups", ""),
        ("", ""),
    ],
)
async def test_anything_but_a_listed_services_own_credentials_is_refused(
    client: httpx.AsyncClient, mailer: MemoryMailer, credentials: tuple[str, str]
) -> None:
    token = await signed_up(client, mailer, "alice")
    response = await introspect(client, token, credentials)
    assert response.status_code == 401
    assert response.json() == {
        "error": "invalid_client",
        "error_description": "Introspection takes the Basic credentials of a service in "
        "FLOWBACK_INTROSPECTION_CLIENTS.",
    }
    assert response.headers["WWW-Authenticate"] == 'Basic realm="flowback-introspection"'


@pytest.mark.parametrize(
    "authorization",
    [
        "Token {token}",
        "Bearer {token}",
        "{token}",
        "Basic {basic_token}",  # the token as a Basic credential, whole or as either part
        "Basic {basic_token_as_secret}",
        "Basic not-base64!",
        None,
    ],
)
async def test_a_users_token_is_never_a_credential(
    client: httpx.AsyncClient, mailer: MemoryMailer, authorization: str | None
) -> None:
    token = await signed_up(client, mailer, "alice")
    values = {
        "token": token,
        "basic_token": base64.b64encode(f"{token}:{token}".encode()).decode(),
        "basic_token_as_secret": base64.b64encode(f"groups:{token}".encode()).decode(),
    }
    headers = {} if authorization is None else {"Authorization": authorization.format(**values)}
    response = await client.post("/introspect", data={"token": token}, headers=headers)
    assert (response.status_code, response.json()["error"]) == (401, "invalid_client")


async def test_the_credentials_are_checked_before_the_body_is_read(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/introspect", content=b"{broken", headers={"Content-Type": "application/json"}
    )
    assert (response.status_code, response.json()["error"]) == (401, "invalid_client")


@pytest.mark.parametrize(
    ("content_type", "content", "status", "description"),
    [
        ("application/x-www-form-urlencoded", b"", 400, "The token field is required."),
        ("application/x-www-form-urlencoded", b"token=%20%20", 200, None),
        ("application/json", b'{"token": ["x"]}', 400, "Not a valid string."),
        ("application/json", b"{broken", 400, None),
        ("text/plain", b"token=x", 415, None),
    ],
)
async def test_a_bad_request_from_a_service_is_oauths_invalid_request(
    client: httpx.AsyncClient,
    content_type: str,
    content: bytes,
    status: int,
    description: str | None,
) -> None:
    headers = basic(*GROUPS) | {"Content-Type": content_type}
    response = await client.post("/introspect", headers=headers, content=content)
    assert response.status_code == status, response.text
    if status == 200:
        assert response.json() == {"active": False}
        return
    assert response.json()["error"] == "invalid_request"
    if description is not None:
        assert response.json()["error_description"] == description


async def test_without_listed_services_nobody_may_introspect(
    settings: Settings, mailer: MemoryMailer
) -> None:
    async with asgi_client(compose(settings, mailer=mailer)) as client:
        token = await signed_up(client, mailer, "alice")
        response = await introspect(client, token)
    assert response.status_code == 401
