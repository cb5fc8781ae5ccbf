"""The account-lifecycle REST paths through the ASGI app."""

import httpx
import pytest

from adapters.mailers import MemoryMailer
from domain.mail import NO_ACCOUNT_RESET_SUBJECT, PASSWORD_RESET_SUBJECT
from tests.factories import PASSWORD, code_in
from tests.http.helpers import auth, signed_up

pytestmark = pytest.mark.usefixtures("db")
NEW_PASSWORD = "a brand new passphrase of mine"


async def test_forgot_password_flow(
    client: httpx.AsyncClient, mailer: MemoryMailer, token: str
) -> None:
    sent = len(mailer.outbox)
    known = await client.post("/forgot_password", data={"email": "alice@example.com"})
    unknown = await client.post("/forgot_password", json={"email": "nobody@example.com"})
    assert (known.status_code, unknown.status_code) == (200, 200)
    assert known.json() == unknown.json()
    mail, notice = mailer.outbox[sent:]
    assert (mail["To"], mail["Subject"]) == ("alice@example.com", PASSWORD_RESET_SUBJECT)
    assert (notice["To"], notice["Subject"]) == ("nobody@example.com", NO_ACCOUNT_RESET_SUBJECT)
    code = code_in(mail)

    weak = await client.post(
        "/forgot_password/verify",
        data={"verification_code": code, "password": "films+pic+galeries"},
    )
    assert weak.status_code == 400
    assert weak.json()["errors"][0] == {
        "field": "password",
        "code": "PASSWORD_TOO_COMMON",
        "message": "This password is too common.",
    }
    done = await client.post(
        "/forgot_password/verify", data={"verification_code": code, "password": NEW_PASSWORD}
    )
    assert done.status_code == 200, done.text
    assert (await client.get("/user", headers=auth(token))).status_code == 401
    again = await client.post(
        "/forgot_password/verify", data={"verification_code": code, "password": NEW_PASSWORD}
    )
    assert again.status_code == 400
    assert again.json()["detail"] == {
        "verification_code": ["The verification code is invalid or has expired."]
    }
    assert again.json()["errors"][0]["code"] == "INVALID_CODE"
    old = await client.post("/login", data={"username": "alice", "password": PASSWORD})
    assert old.status_code == 400
    new = await client.post("/login", data={"username": "alice", "password": NEW_PASSWORD})
    assert new.status_code == 200


async def test_forgot_password_bad_email(client: httpx.AsyncClient) -> None:
    response = await client.post("/forgot_password", data={"email": "not-an-email"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "INVALID_EMAIL"


async def test_change_password(client: httpx.AsyncClient, token: str) -> None:
    other = (await client.post("/login", data={"username": "alice", "password": PASSWORD})).json()[
        "token"
    ]
    wrong = await client.post(
        "/user/password",
        json={"current_password": "wrong wrong wrong", "new_password": NEW_PASSWORD},
        headers=auth(token),
    )
    assert wrong.status_code == 400
    assert wrong.json()["detail"] == {"current_password": ["The password is incorrect."]}
    assert wrong.json()["errors"][0]["code"] == "INVALID_PASSWORD"
    short = await client.post(
        "/user/password",
        json={"current_password": PASSWORD, "new_password": "short"},
        headers=auth(token),
    )
    assert short.json()["errors"][0]["field"] == "new_password"
    assert short.json()["errors"][0]["code"] == "PASSWORD_TOO_SHORT"
    done = await client.post(
        "/user/password",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=auth(token),
    )
    assert done.status_code == 200
    assert (await client.get("/user", headers=auth(token))).status_code == 200
    assert (await client.get("/user", headers=auth(other))).status_code == 401
    login = await client.post("/login", data={"username": "alice", "password": NEW_PASSWORD})
    assert login.status_code == 200
    assert (await client.post("/user/password", data={})).status_code == 401


async def test_logout_all(client: httpx.AsyncClient, token: str) -> None:
    other = (await client.post("/login", data={"username": "alice", "password": PASSWORD})).json()[
        "token"
    ]
    anonymous = await client.post("/logout_all")
    assert anonymous.status_code == 401
    assert anonymous.json() == {
        "detail": "Authentication credentials were not provided.",
        "errors": [
            {
                "code": "UNAUTHENTICATED",
                "field": None,
                "message": "Authentication credentials were not provided.",
            }
        ],
    }
    done = await client.post("/logout_all", headers=auth(token))
    assert done.status_code == 200
    assert done.json() == {"detail": "Successfully logged out everywhere."}
    for each in (token, other):
        dead = await client.get("/user", headers=auth(each))
        assert dead.status_code == 401
        assert [e["code"] for e in dead.json()["errors"]] == ["INVALID_TOKEN"]


async def test_delete_account(client: httpx.AsyncClient, mailer: MemoryMailer, token: str) -> None:
    watcher = await signed_up(client, mailer, username="bob")
    me = (await client.get("/user", headers=auth(token))).json()
    wrong = await client.post("/user/delete", data={"password": "nope"}, headers=auth(token))
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0] == {
        "field": "password",
        "code": "INVALID_PASSWORD",
        "message": "The password is incorrect.",
    }
    done = await client.post("/user/delete", data={"password": PASSWORD}, headers=auth(token))
    assert done.status_code == 200
    assert (await client.get("/user", headers=auth(token))).status_code == 401
    gone = await client.get(f"/user?id={me['id']}", headers=auth(watcher))
    assert gone.status_code == 404
    listing = (await client.get("/users", headers=auth(watcher))).json()
    assert [row["username"] for row in listing["data"]] == ["bob"]
    login = await client.post("/login", data={"username": "alice", "password": PASSWORD})
    assert login.status_code == 400
    # The old username and email are free again.
    await signed_up(client, mailer, username="alice")
    assert len((await client.get("/users", headers=auth(watcher))).json()["data"]) == 2
