"""Sessions, token lifetimes and email change over HTTP, through GraphQL and REST."""

from datetime import timedelta

import httpx
import pytest

from adapters.composition import Composition, compose
from adapters.mailers import MemoryMailer
from domain.clock import ManualClock
from tests.conftest import asgi_client
from tests.factories import PASSWORD, code_in
from tests.http.helpers import graphql, signed_up

pytestmark = pytest.mark.usefixtures("db")

LOGIN = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }"
SESSIONS = "{ sessions { id userAgent clientIp current } }"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"


async def graphql_login(client: httpx.AsyncClient, **headers: str) -> str:
    response = await client.post(
        "/graphql",
        json={"query": LOGIN, "variables": {"u": "alice", "p": PASSWORD}},
        headers=headers,
    )
    token: str = response.json()["data"]["login"]["token"]
    return token


async def test_graphql_records_the_client_by_the_trusted_proxy_rules(
    composition: Composition, mailer: MemoryMailer, clock: ManualClock
) -> None:
    proxy = "10.0.0.2"
    settings = composition.settings.model_copy(update={"forwarded_allow_ips": [proxy]})
    composition = compose(settings, mailer=mailer, clock=clock)
    behind_proxy = {"User-Agent": FIREFOX, "X-Forwarded-For": "198.51.100.20"}
    async with asgi_client(composition, client_ip=proxy) as trusted:
        await signed_up(trusted, mailer)
        token = await graphql_login(trusted, **behind_proxy)
        body = await graphql(trusted, SESSIONS, token)
    current = [s for s in body["data"]["sessions"] if s["current"]]
    assert current == [
        {"id": current[0]["id"], "userAgent": FIREFOX, "clientIp": "198.51.100.20", "current": True}
    ]
    clock.advance(timedelta(minutes=2))
    async with asgi_client(composition, client_ip="192.0.2.9") as untrusted:
        headers = {"Authorization": f"Bearer {token}", "X-Forwarded-For": "6.6.6.6"}
        response = await untrusted.post("/graphql", json={"query": SESSIONS}, headers=headers)
    (mine,) = [s for s in response.json()["data"]["sessions"] if s["current"]]
    assert mine["clientIp"] == "192.0.2.9"  # a forged header from anyone else is ignored


async def test_a_dead_token_is_anonymous_on_graphql(
    client: httpx.AsyncClient, token: str, clock: ManualClock
) -> None:
    clock.advance(timedelta(days=14))
    body = await graphql(client, SESSIONS, token)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_email_change_over_graphql_http(
    client: httpx.AsyncClient, mailer: MemoryMailer, token: str
) -> None:
    request = "mutation($p: String!, $e: String!) { requestEmailChange(password: $p, newEmail: $e) { ok errors { code } } }"
    body = await graphql(client, request, token, p=PASSWORD, e="alice@new.example")
    assert body["data"]["requestEmailChange"] == {"ok": True, "errors": []}
    code = code_in(next(m for m in mailer.outbox if m["To"] == "alice@new.example"))
    confirm = "mutation($c: String!) { confirmEmailChange(verificationCode: $c) { user { email } errors { code } } }"
    body = await graphql(client, confirm, token, c=code)
    assert body["data"]["confirmEmailChange"] == {
        "user": {"email": "alice@new.example"},
        "errors": [],
    }
