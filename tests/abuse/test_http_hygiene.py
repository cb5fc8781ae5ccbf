"""HTTP hygiene: body limits, media types, unknown fields, the last resort, headers, logs."""

import json
import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.types import Message

from adapters.composition import Composition, compose
from adapters.mailers import MemoryMailer
from domain.registration import Registration
from main import create_app
from models import User
from rest_facade.signing_in import REGISTERED_DETAIL
from tests.abuse.conftest import app_client, small_settings
from tests.factories import PASSWORD, code_in

pytestmark = pytest.mark.usefixtures("db")


@pytest.mark.parametrize("path", ["/register", "/login", "/graphql"])
async def test_bodies_over_the_limit_are_413(client: httpx.AsyncClient, path: str) -> None:
    payload = b'{"username": "' + b"a" * 70_000 + b'"}'
    response = await client.post(
        path, content=payload, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["code"] == "PAYLOAD_TOO_LARGE"
    assert "65536" in response.json()["detail"]


async def test_a_streamed_body_without_length_is_cut_at_the_limit(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"username": "alice", "email": "alice@example.com", "pad": "'
        for _ in range(20):
            yield b"x" * 4096
        yield b'"}'

    response = await client.post(
        "/register", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["code"] == "PAYLOAD_TOO_LARGE"
    assert mailer.outbox == []


async def test_a_length_declared_beside_a_streamed_body_does_not_spare_its_count(
    composition: Composition, mailer: MemoryMailer
) -> None:
    """Content-Length with Transfer-Encoding (which servers refuse; a body of a declared
    length alone is read by the server to that length): the body is counted as it comes."""
    app = create_app(composition.settings, composition=composition, manage_orm=False)
    body = b'{"username": "alice", "email": "alice@example.com", "pad": "' + b"x" * 70_000 + b'"}'
    chunks = [body[start : start + 4096] for start in range(0, len(body), 4096)]
    messages: list[Message] = [
        {"type": "http.request", "body": chunk, "more_body": number < len(chunks) - 1}
        for number, chunk in enumerate(chunks)
    ]
    sent: list[Message] = []

    async def receive() -> Message:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    headers = {
        b"host": b"testserver",
        b"content-type": b"application/json",
        b"content-length": b"20",
        b"transfer-encoding": b"chunked",
    }
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/register",
        "raw_path": b"/register",
        "query_string": b"",
        "root_path": "",
        "headers": list(headers.items()),
        "client": ("203.0.113.7", 40000),
        "server": ("testserver", 80),
    }
    await app(scope, receive, send)
    assert sent[0]["status"] == 413
    assert json.loads(sent[-1]["body"])["errors"][0]["code"] == "PAYLOAD_TOO_LARGE"
    assert mailer.outbox == []


async def test_a_body_just_under_the_limit_is_read(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    body = {"username": "alice", "email": "alice@example.com", "pad": "x" * 60_000}
    response = await client.post("/register", json=body)
    assert response.status_code == 200
    assert response.json() == {"detail": REGISTERED_DETAIL}
    assert [message["To"] for message in mailer.outbox] == ["alice@example.com"]


@pytest.mark.parametrize("path", ["/register", "/login", "/register/verify"])
async def test_unsupported_media_type_and_bad_json(client: httpx.AsyncClient, path: str) -> None:
    xml = await client.post(path, content=b"<a/>", headers={"Content-Type": "application/xml"})
    assert xml.status_code == 415
    assert xml.json()["errors"][0]["code"] == "UNSUPPORTED_MEDIA_TYPE"
    broken = await client.post(path, content=b"{", headers={"Content-Type": "application/json"})
    assert broken.status_code == 400
    assert broken.json()["errors"][0]["code"] == "MALFORMED_BODY"
    assert broken.json()["detail"].startswith("JSON parse error")


async def test_fields_a_call_does_not_take_have_no_effect(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    register = {
        "username": "alice",
        "email": "alice@example.com",
        "password": "chosen at register time, ignored",
        "is_active": False,
        "id": 4242,
        "is_staff": True,
    }
    registered = await client.post("/register", json=register)
    assert registered.json() == {"detail": REGISTERED_DETAIL}
    verify = {
        "verification_code": code_in(mailer.outbox[-1]),
        "password": PASSWORD,
        "username": "mallory",
        "email": "mallory@example.com",
        "id": 4242,
    }
    created = await client.post("/register/verify", json=verify)
    assert created.status_code == 201
    assert created.json()["username"] == "alice" and created.json()["id"] != 4242
    user = await User.get(username="alice")
    assert (user.email, user.is_active) == ("alice@example.com", True)
    ignored = {"username": "alice", "password": register["password"]}
    refused = await client.post("/login", json=ignored)
    assert refused.status_code == 400
    assert [e["code"] for e in refused.json()["errors"]] == ["INVALID_CREDENTIALS"]
    login = {"username": "alice", "password": PASSWORD, "token": "mine", "is_active": False}
    signed_in = await client.post("/login", json=login)
    assert signed_in.status_code == 200
    token = signed_in.json()["token"]
    assert token != "mine"
    me = await client.get("/user", headers={"Authorization": f"Token {token}"})
    assert me.json()["username"] == "alice"


async def test_the_last_resort_is_a_generic_500_with_a_request_id(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*_: object, **__: object) -> None:
        raise RuntimeError("SELECT * FROM users; postgres://admin:hunter2@db:5432/flowback")

    monkeypatch.setattr(Registration, "register", broken)
    caplog.set_level(logging.ERROR, logger="flowback.errors")
    response = await client.post("/register", json={"username": "a", "email": "a@example.com"})
    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    assert response.json() == {
        "detail": "Internal server error.",
        "errors": [{"field": None, "code": "INTERNAL_ERROR", "message": "Internal server error."}],
        "request_id": request_id,
    }
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "hunter2" not in response.text and "SELECT" not in response.text
    assert "hunter2" in caplog.text
    assert request_id in [getattr(record, "request_id", None) for record in caplog.records]


async def test_a_proxy_request_id_is_kept_and_a_forged_one_replaced(
    client: httpx.AsyncClient,
) -> None:
    kept = await client.get("/users", headers={"X-Request-ID": "edge-42.a"})
    assert kept.headers["X-Request-ID"] == "edge-42.a"
    forged = await client.get("/users", headers={"X-Request-ID": "x\r\nSet-Cookie: a=b" * 10})
    assert (
        forged.headers["X-Request-ID"] != "edge-42.a" and "\n" not in forged.headers["X-Request-ID"]
    )
    assert len(forged.headers["X-Request-ID"]) == 32


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/login"), ("GET", "/users"), ("GET", "/nowhere"), ("POST", "/graphql")],
)
async def test_security_headers_on_every_response(
    client: httpx.AsyncClient, method: str, path: str
) -> None:
    response = await client.request(method, path, json={"query": "{ __typename }"})
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    if response.headers["content-type"].startswith("application/json"):
        assert (
            response.headers["Content-Security-Policy"]
            == "default-src 'none'; frame-ancestors 'none'"
        )
    assert "Strict-Transport-Security" not in response.headers  # development


async def test_production_adds_hsts(mailer: MemoryMailer) -> None:
    composition = compose(small_settings(env="production"), mailer=mailer)
    async with app_client(composition) as client:
        response = await client.get("/users")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


PREFLIGHT = {"Origin": "https://app.example", "Access-Control-Request-Method": "POST"}


async def test_cors_is_off_by_default(client: httpx.AsyncClient) -> None:
    preflight = await client.options("/login", headers=PREFLIGHT)
    assert "access-control-allow-origin" not in preflight.headers
    simple = await client.get("/users", headers={"Origin": "https://app.example"})
    assert "access-control-allow-origin" not in simple.headers


async def test_cors_allows_only_the_listed_origins(mailer: MemoryMailer) -> None:
    settings = small_settings(cors_origins="https://app.example, https://admin.example")
    composition = compose(settings, mailer=mailer)
    async with app_client(composition) as client:
        allowed = await client.options(
            "/login", headers=PREFLIGHT | {"Access-Control-Request-Headers": "Authorization"}
        )
        other = await client.options(
            "/login", headers=PREFLIGHT | {"Origin": "https://evil.example"}
        )
        simple = await client.get("/users", headers={"Origin": "https://admin.example"})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://app.example"
    assert other.status_code == 400
    assert "access-control-allow-origin" not in other.headers
    assert simple.headers["access-control-allow-origin"] == "https://admin.example"
    assert "Retry-After" in simple.headers["access-control-expose-headers"]


async def test_logs_of_a_full_flow_hold_no_password_code_or_token(
    client: httpx.AsyncClient, mailer: MemoryMailer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret_password = "zebra quartz lantern 93 swirl"
    await client.post("/register", data={"username": "alice", "email": "alice@example.com"})
    code = code_in(mailer.outbox[-1])
    await client.post("/register/verify", data={"verification_code": code, "password": "short"})
    verify = {"verification_code": code, "password": secret_password}
    assert (await client.post("/register/verify", data=verify)).status_code == 201
    await client.post("/login", json={"username": "alice", "password": secret_password + "x"})
    token = (
        await client.post("/login", json={"username": "alice", "password": secret_password})
    ).json()["token"]
    auth = {"Authorization": f"Token {token}"}
    await client.get("/users", headers=auth)
    await client.get("/user", headers=auth)
    graphql = [
        f'mutation {{ login(username: "alice", password: "{secret_password}") {{ token }} }}',
        f'mutation {{ login(username: "alice", password: "{secret_password}") {{ tokn }} }}',
        f'mutation {{ verifyRegistration(verificationCode: "{code}", password: "{secret_password}") {{ user {{ id }} }} }}',
        f'mutation {{ login(username: "alice", password: "{secret_password}" {{ token }} }}',
    ]
    for query in graphql:
        await client.post("/graphql", json={"query": query}, headers=auth)
    await client.post("/logout", headers=auth)
    await client.get("/user", headers=auth)
    assert caplog.records, "the flow logged nothing: the capture is not working"
    for secret in (secret_password, code, token):
        assert secret not in caplog.text


@pytest.mark.parametrize("user_id", ["-34239974815235", "2147483648", "0", "999999999999999999"])
async def test_ids_beyond_the_database_range_match_nobody(
    client: httpx.AsyncClient, mailer: MemoryMailer, user_id: str
) -> None:
    # Found by schemathesis: PostgreSQL refused such ids with a 500.
    await client.post("/register", data={"username": "alice", "email": "alice@example.com"})
    verify = {"verification_code": code_in(mailer.outbox[-1]), "password": PASSWORD}
    await client.post("/register/verify", data=verify)
    token = (await client.post("/login", data={"username": "alice", "password": PASSWORD})).json()[
        "token"
    ]
    auth = {"Authorization": f"Token {token}"}
    missing = await client.get(f"/user?id={user_id}", headers=auth)
    assert missing.status_code == 404
    assert [e["code"] for e in missing.json()["errors"]] == ["NOT_FOUND"]
    listed = await client.get(f"/users?id={user_id}", headers=auth)
    assert listed.status_code == 200 and listed.json()["count"] == 0
