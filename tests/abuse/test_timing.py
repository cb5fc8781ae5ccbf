"""Timing does not tell who is registered: both answers of each call do the same work.

No clock is read: the tests compare the work itself — the SQL statements run, and the
bcrypt checks made.
"""

import logging

import pytest

from adapters.composition import Composition
from adapters.mailers import MemoryMailer
from domain.errors import DomainError, ErrorCode
from tests.conftest import deliver
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.usefixtures("db")


def statements(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The SQL text (without values) that Tortoise ran, in order."""
    return [
        str(record.args[0])
        for record in caplog.records
        if record.name == "tortoise.db_client" and isinstance(record.args, tuple) and record.args
    ]


async def test_register_for_a_taken_email_runs_the_same_statements_as_for_a_new_one(
    composition: Composition, mailer: MemoryMailer, caplog: pytest.LogCaptureFixture
) -> None:
    await make_user(composition, username="owner", email="taken@example.com")
    caplog.set_level(logging.DEBUG, logger="tortoise.db_client")
    await composition.rules.registration.register(username="newbie", email="taken@example.com")
    taken = statements(caplog)
    caplog.clear()
    await composition.rules.registration.register(username="newbie", email="fresh@example.com")
    fresh = statements(caplog)
    assert fresh, "no SQL captured: the comparison would prove nothing"
    assert taken == fresh
    assert await deliver(composition) == 2
    assert [message["To"] for message in mailer.outbox] == [
        "taken@example.com",
        "fresh@example.com",
    ]


async def test_forgot_password_for_an_unknown_address_runs_the_same_statements(
    composition: Composition, mailer: MemoryMailer, caplog: pytest.LogCaptureFixture
) -> None:
    await make_user(composition, username="owner", email="owner@example.com")
    caplog.set_level(logging.DEBUG, logger="tortoise.db_client")
    await composition.rules.password_reset.request(email="owner@example.com")
    known = statements(caplog)
    caplog.clear()
    await composition.rules.password_reset.request(email="nobody@example.com")
    unknown = statements(caplog)
    assert known, "no SQL captured: the comparison would prove nothing"
    assert known == unknown
    assert await deliver(composition) == 2


async def test_login_for_an_unknown_account_spends_a_bcrypt_check_like_a_wrong_password(
    composition: Composition, monkeypatch: pytest.MonkeyPatch
) -> None:
    await make_user(composition, username="known")
    checks: list[str] = []
    real_check = composition.hasher._check_sync

    def counting_check(password: str, password_hash: str) -> bool:
        checks.append(password_hash)
        return real_check(password, password_hash)

    monkeypatch.setattr(composition.hasher, "_check_sync", counting_check)
    for username in ("known", "unknown"):
        with pytest.raises(DomainError) as raised:
            await composition.rules.sessions.login(username=username, password=PASSWORD + "x")
        assert raised.value.codes == [ErrorCode.INVALID_CREDENTIALS]
    assert len(checks) == 2
    # The same bcrypt cost either way.
    assert checks[0].split("$")[2] == checks[1].split("$")[2]
