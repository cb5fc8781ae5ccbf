"""GET /user/sessions, POST /user/sessions/revoke, POST /user/email and /user/email/verify,
and dead tokens, in both REST dialects, with a clock the test moves."""

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from tortoise.context import TortoiseContext

from adapters.composition import Composition, compose
from adapters.mailers import MemoryMailer
from config.settings import Settings
from domain.clock import ManualClock
from models import ApiToken, EmailChange
from tests.conftest import asgi_client
from tests.factories import PASSWORD, code_in
from tests.http.helpers import signed_up

pytestmark = pytest.mark.usefixtures("db")
DOCUMENT, DRF = "document", "flowback-backend"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
NEW = "alice@new.example"


@pytest.fixture(params=[DOCUMENT, DRF])
def dialect(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def composition(
    tmp_path: Path, mailer: MemoryMailer, clock: ManualClock, dialect: str
) -> Composition:
    settings = Settings(
        _env_file=None,
        email_backend="memory",
        bcrypt_rounds=4,
        media_root=tmp_path / "media",
        rest_dialect=dialect,
        forwarded_allow_ips=["127.0.0.1"],  # the test client is a proxy on this host
    )
    return compose(settings, mailer=mailer, clock=clock)


@pytest.fixture
async def client(db: TortoiseContext, composition: Composition) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(composition) as client:
        client.headers["User-Agent"] = FIREFOX
        yield client


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Token {token}"}


async def login(client: httpx.AsyncClient, username: str = "alice", **headers: str) -> str:
    response = await client.post(
        "/login", data={"username": username, "password": PASSWORD}, headers=headers
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["token"]
    return token


async def sessions_of(client: httpx.AsyncClient, token: str) -> list[dict[str, Any]]:
    response = await client.get("/user/sessions", headers=auth(token))
    assert response.status_code == 200, response.text
    body: list[dict[str, Any]] = response.json()
    return body


def error_body(dialect: str, detail: Any, *codes: str) -> dict[str, Any]:
    """What each dialect answers: DRF's bare detail, or the document's detail and errors."""
    if dialect == DRF:
        return {"detail": detail}
    return {"detail": detail, "errors": [{"code": code} for code in codes]}


def without_messages(body: dict[str, Any]) -> dict[str, Any]:
    if "errors" in body:
        body["errors"] = [{"code": error["code"]} for error in body["errors"]]
    return body


async def test_the_list_shows_each_session_and_never_a_token(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    first = await signed_up(client, mailer)
    second = await login(client, **{"User-Agent": "curl/8.5", "X-Forwarded-For": "198.51.100.4"})
    listed = await sessions_of(client, second)
    assert [(s["user_agent"], s["client_ip"], s["current"]) for s in listed] == [
        ("curl/8.5", "198.51.100.4", True),
        (FIREFOX, "127.0.0.1", False),
    ]
    assert set(listed[0]) == {
        "id",
        "created_at",
        "last_used_at",
        "user_agent",
        "client_ip",
        "current",
    }
    assert isinstance(listed[0]["id"], int) and listed[0]["created_at"].endswith("Z")
    hashes = [row.token_hash for row in await ApiToken.all()]
    for secret in (first, second, *hashes):
        assert secret not in str(listed)


async def test_ending_a_session(client: httpx.AsyncClient, mailer: MemoryMailer) -> None:
    other = await signed_up(client, mailer)
    token = await login(client)
    (_, theirs) = await sessions_of(client, token)
    response = await client.post(
        "/user/sessions/revoke", json={"id": theirs["id"]}, headers=auth(token)
    )
    assert response.status_code == 200 and response.json() == {
        "detail": "The session has been ended."
    }
    assert (await client.get("/user", headers=auth(other))).status_code == 401
    assert [s["current"] for s in await sessions_of(client, token)] == [True]
    response = await client.post(
        "/user/sessions/revoke", data={"id": str(theirs["id"])}, headers=auth(token)
    )
    assert response.status_code == 404  # already ended


async def test_another_accounts_or_an_unknown_session_is_not_found(
    client: httpx.AsyncClient, mailer: MemoryMailer, dialect: str
) -> None:
    token = await signed_up(client, mailer, "alice")
    bob = await signed_up(client, mailer, "bob")
    (bobs,) = await sessions_of(client, bob)
    for wanted in (bobs["id"], 999999, "abc", -1, 2**70):
        response = await client.post(
            "/user/sessions/revoke", json={"id": wanted}, headers=auth(token)
        )
        assert response.status_code == 404, wanted
        assert without_messages(response.json()) == error_body(dialect, "Not found.", "NOT_FOUND")
    assert (await client.get("/user", headers=auth(bob))).status_code == 200
    response = await client.post("/user/sessions/revoke", json={}, headers=auth(token))
    assert response.status_code == 400
    detail = {"id": ["This field is required."]}
    assert without_messages(response.json()) == error_body(dialect, detail, "REQUIRED")


async def test_calls_need_a_live_token(
    client: httpx.AsyncClient, token: str, clock: ManualClock
) -> None:
    calls = [
        ("GET", "/user/sessions", None),
        ("POST", "/user/sessions/revoke", {"id": 1}),
        ("POST", "/user/email", {"password": PASSWORD, "new_email": NEW}),
        ("POST", "/user/email/verify", {"verification_code": "x"}),
    ]
    for method, path, body in calls:
        response = await client.request(method, path, json=body)
        assert response.status_code == 401
        assert response.json()["detail"] == "Authentication credentials were not provided."
    clock.advance(timedelta(days=14))
    for method, path, body in calls:
        response = await client.request(method, path, json=body, headers=auth(token))
        assert response.status_code == 401 and response.json()["detail"] == "Invalid token."
        assert response.headers["WWW-Authenticate"] == "Token"


async def test_a_token_dies_at_its_maximum_age_however_much_it_is_used(
    client: httpx.AsyncClient, token: str, clock: ManualClock
) -> None:
    for _ in range(8):
        clock.advance(timedelta(days=11))
        assert (await client.get("/user", headers=auth(token))).status_code == 200
    clock.advance(timedelta(days=2))  # 90 days since login
    response = await client.get("/user", headers=auth(token))
    assert response.status_code == 401 and response.json()["detail"] == "Invalid token."


async def test_changing_the_email_address(
    client: httpx.AsyncClient, mailer: MemoryMailer, token: str, dialect: str
) -> None:
    other = await login(client)
    response = await client.post(
        "/user/email", data={"password": PASSWORD, "new_email": NEW}, headers=auth(token)
    )
    assert response.status_code == 200
    assert response.json() == {
        "detail": "A verification code has been sent to the new email address."
    }
    to_new, to_old = mailer.outbox[-2:]
    assert (to_new["To"], to_old["To"]) == (NEW, "alice@example.com")
    code = code_in(to_new)
    assert (await EmailChange.get()).code_hash != code
    response = await client.post(
        "/user/email/verify", json={"verification_code": code}, headers=auth(token)
    )
    assert response.status_code == 200, response.text
    assert response.json()["email"] == NEW and response.json()["username"] == "alice"
    assert (await client.get("/user", headers=auth(other))).status_code == 401
    assert (await client.get("/user", headers=auth(token))).json()["email"] == NEW
    response = await client.post(
        "/user/email/verify", json={"verification_code": code}, headers=auth(token)
    )
    assert response.status_code == 400
    detail = {"verification_code": ["The verification code is invalid or has expired."]}
    assert without_messages(response.json()) == error_body(dialect, detail, "INVALID_CODE")


async def test_email_change_refusals(
    client: httpx.AsyncClient, mailer: MemoryMailer, token: str, dialect: str, clock: ManualClock
) -> None:
    await signed_up(client, mailer, "bob")
    sent = len(mailer.outbox)
    response = await client.post(
        "/user/email",
        json={"password": "not my password at all", "new_email": NEW},
        headers=auth(token),
    )
    assert response.status_code == 400
    detail = {"password": ["The password is incorrect."]}
    assert without_messages(response.json()) == error_body(dialect, detail, "INVALID_PASSWORD")
    response = await client.post(
        "/user/email", json={"password": PASSWORD, "new_email": "nope"}, headers=auth(token)
    )
    assert response.status_code == 400
    detail = {"new_email": ["Enter a valid email address."]}
    assert without_messages(response.json()) == error_body(dialect, detail, "INVALID_EMAIL")
    assert len(mailer.outbox) == sent
    # An address with an account: the same answer, and its owner hears of it.
    response = await client.post(
        "/user/email",
        json={"password": PASSWORD, "new_email": "bob@example.com"},
        headers=auth(token),
    )
    assert response.status_code == 200
    to_bob, to_alice = mailer.outbox[-2:]
    assert (to_bob["To"], to_bob["Subject"]) == ("bob@example.com", "Flowback email change attempt")
    assert to_alice["To"] == "alice@example.com"
    # An expired code.
    await client.post(
        "/user/email", json={"password": PASSWORD, "new_email": NEW}, headers=auth(token)
    )
    code = code_in(mailer.outbox[-2])
    clock.advance(timedelta(hours=1))
    response = await client.post(
        "/user/email/verify", json={"verification_code": code}, headers=auth(token)
    )
    assert response.status_code == 400
    detail = {"verification_code": ["The verification code is invalid or has expired."]}
    assert without_messages(response.json()) == error_body(dialect, detail, "INVALID_CODE")
    # Over the per-account limit.
    response = await client.post(
        "/user/email", json={"password": PASSWORD, "new_email": NEW}, headers=auth(token)
    )
    assert response.status_code == 429 and int(response.headers["Retry-After"]) >= 1
