"""No reset code or password reaches the logs or the database in clear."""

import logging

import httpx
import pytest

from domain.codes import digest
from domain.mail import MemoryMailer
from models import PasswordReset, User
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
