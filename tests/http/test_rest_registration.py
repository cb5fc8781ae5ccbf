import httpx
import pytest

from adapters.mailers import MemoryMailer
from domain.mail import VERIFICATION_SUBJECT
from tests.factories import PASSWORD, code_in, text_of

pytestmark = pytest.mark.usefixtures("db")


@pytest.mark.parametrize("encoding", ["json", "data", "files"])
async def test_register_and_verify_in_every_body_encoding(
    client: httpx.AsyncClient, mailer: MemoryMailer, encoding: str
) -> None:
    async def post(path: str, fields: dict[str, str]) -> httpx.Response:
        if encoding == "json":
            return await client.post(path, json=fields)
        if encoding == "data":
            return await client.post(path, data=fields)
        multipart = {key: (None, value) for key, value in fields.items()}
        return await client.post(path, files=multipart)

    response = await post("/register", {"username": "alice", "email": "alice@example.com"})
    assert response.status_code == 200
    assert set(response.json()) == {"detail"}
    assert mailer.outbox[-1]["Subject"] == VERIFICATION_SUBJECT
    fields = {"verification_code": code_in(mailer.outbox[-1]), "password": PASSWORD}
    response = await post("/register/verify", fields)
    assert response.status_code == 201
    assert response.json() == {"id": response.json()["id"], "username": "alice"}


async def test_field_errors_have_the_legacy_detail_and_typed_errors(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/register", json={"username": "no spaces", "email": ""})
    assert response.status_code == 400
    body = response.json()
    assert set(body["detail"]) == {"username", "email"}
    assert all(isinstance(messages, list) and messages for messages in body["detail"].values())
    assert [(e["field"], e["code"]) for e in body["errors"]] == [
        ("username", "INVALID_USERNAME"),
        ("email", "REQUIRED"),
    ]


async def test_taken_username(client: httpx.AsyncClient, mailer: MemoryMailer) -> None:
    from tests.http.helpers import signed_up

    await signed_up(client, mailer, username="Alice")
    response = await client.post("/register", json={"username": "ALICE", "email": "x@example.com"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "USERNAME_TAKEN"


async def test_registered_email_answers_like_a_new_one(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    from tests.http.helpers import signed_up

    await signed_up(client, mailer, username="alice", email="alice@example.com")
    fresh = await client.post("/register", json={"username": "bob", "email": "bob@example.com"})
    taken = await client.post("/register", json={"username": "carol", "email": "ALICE@example.com"})
    assert (taken.status_code, taken.json()) == (fresh.status_code, fresh.json())
    assert "verification code" not in text_of(mailer.outbox[-1]).lower()


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("short", "PASSWORD_TOO_SHORT"),
        ("x" * 129, "PASSWORD_TOO_LONG"),
        ("y" * 60_000, "PASSWORD_TOO_LONG"),  # longer bodies than 64 KiB are 413
        ("Films+Pic+Galeries", "PASSWORD_TOO_COMMON"),
        ("alice@example.com", "PASSWORD_TOO_SIMILAR"),
        ("", "REQUIRED"),
    ],
)
async def test_password_rules_at_verify(
    client: httpx.AsyncClient, mailer: MemoryMailer, password: str, code: str
) -> None:
    await client.post("/register", json={"username": "alice", "email": "alice@example.com"})
    fields = {"verification_code": code_in(mailer.outbox[-1]), "password": password}
    response = await client.post("/register/verify", json=fields)
    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("password", code)]


async def test_a_64_character_emoji_password_is_accepted_and_works(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    password = "🔐" * 64
    await client.post("/register", json={"username": "alice", "email": "alice@example.com"})
    fields = {"verification_code": code_in(mailer.outbox[-1]), "password": password}
    created = await client.post("/register/verify", json=fields)
    assert created.status_code == 201
    assert created.json()["username"] == "alice"
    response = await client.post("/login", json={"username": "alice", "password": password})
    assert response.status_code == 200
    token = response.json()["token"]
    me = await client.get("/user", headers={"Authorization": f"Token {token}"})
    assert me.json()["username"] == "alice"
    response = await client.post("/login", json={"username": "alice", "password": "🔐" * 63 + "🔑"})
    assert response.status_code == 400
    assert [e["code"] for e in response.json()["errors"]] == ["INVALID_CREDENTIALS"]


@pytest.mark.parametrize(
    ("path", "as_json"),
    [("/register/verify", True), ("/forgot_password/verify", False)],
    ids=["registration", "password-reset"],
)
@pytest.mark.parametrize("code", ["", "garbage", "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"])
async def test_bad_codes(client: httpx.AsyncClient, path: str, as_json: bool, code: str) -> None:
    fields = {"verification_code": code, "password": PASSWORD}
    if as_json:
        response = await client.post(path, json=fields)
    else:
        response = await client.post(path, data=fields)
    assert response.status_code == 400
    expected = "REQUIRED" if not code else "INVALID_CODE"
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("verification_code", expected)
    ]
