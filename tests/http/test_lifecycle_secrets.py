"""No reset code or password reaches the logs or the database in clear."""

import logging

import httpx
import pytest

from adapters.mailers import MemoryMailer
from domain.codes import digest
from models import EmailChange, OutboxMessage, PasswordReset, User
from tests.factories import PASSWORD, code_in
from tests.http.helpers import signed_up

pytestmark = pytest.mark.usefixtures("db")
RESET_PASSWORD = "my freshly reset passphrase"
CHANGED_PASSWORD = "my changed passphrase again"


async def test_a_full_lifecycle_logs_no_secret_and_stores_only_digests(
    client: httpx.AsyncClient, mailer: MemoryMailer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = await signed_up(client, mailer)
    await client.post("/forgot_password", data={"email": "alice@example.com"})
    code = code_in(mailer.outbox[-1])
    bad = await client.post(
        "/forgot_password/verify", data={"verification_code": code, "password": "short"}
    )
    assert bad.status_code == 400
    assert code not in bad.text
    done = await client.post(
        "/forgot_password/verify", data={"verification_code": code, "password": RESET_PASSWORD}
    )
    assert done.status_code == 200
    assert code not in done.text and RESET_PASSWORD not in done.text
    token = (
        await client.post("/login", data={"username": "alice", "password": RESET_PASSWORD})
    ).json()["token"]
    changed = await client.post(
        "/user/password",
        data={"current_password": RESET_PASSWORD, "new_password": CHANGED_PASSWORD},
        headers={"Authorization": token},
    )
    assert changed.status_code == 200
    assert RESET_PASSWORD not in changed.text and CHANGED_PASSWORD not in changed.text

    [reset] = await PasswordReset.all()
    assert reset.code_hash == digest(code) and reset.used_at is not None
    user = await User.get(username="alice")
    assert user.password_hash.startswith("$2")
    for secret in (code, PASSWORD, RESET_PASSWORD, CHANGED_PASSWORD):
        assert secret not in caplog.text
        assert secret not in user.password_hash
        assert secret not in reset.code_hash

    deleted = await client.post(
        "/user/delete", data={"password": CHANGED_PASSWORD}, headers={"Authorization": token}
    )
    assert deleted.status_code == 200
    assert CHANGED_PASSWORD not in caplog.text and token not in caplog.text


async def test_sessions_and_email_change_log_no_secret_and_store_only_digests(
    client: httpx.AsyncClient, mailer: MemoryMailer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = await signed_up(client, mailer)
    auth = {"Authorization": f"Token {token}"}
    listed = await client.get("/user/sessions", headers=auth)
    assert listed.status_code == 200 and token not in listed.text
    assert digest(token) not in listed.text
    graphql = await client.post(
        "/graphql", json={"query": "{ sessions { id current } }"}, headers=auth
    )
    assert token not in graphql.text and digest(token) not in graphql.text
    asked = await client.post(
        "/user/email", data={"password": PASSWORD, "new_email": "alice@new.example"}, headers=auth
    )
    assert asked.status_code == 200 and PASSWORD not in asked.text
    code = code_in(next(m for m in mailer.outbox if m["To"] == "alice@new.example"))
    [change] = await EmailChange.all()
    assert change.code_hash == digest(code)
    stored = await OutboxMessage.all().values_list("content", flat=True)
    assert all(content is None or code not in content for content in stored)
    done = await client.post("/user/email/verify", data={"verification_code": code}, headers=auth)
    assert done.status_code == 200 and code not in done.text
    for secret in (code, token, PASSWORD):
        assert secret not in caplog.text
