"""Password reset in the domain: hashed single-use expiring codes, every token revoked."""

from datetime import UTC, datetime, timedelta

import pytest

from adapters.composition import Composition, compose
from adapters.mailers import MemoryMailer
from config.settings import Settings
from domain import outbox
from domain.clock import ManualClock
from domain.codes import digest
from domain.errors import DomainError, ErrorCode
from domain.mail import NO_ACCOUNT_RESET_SUBJECT, PASSWORD_RESET_SUBJECT
from models import OutboxMessage, PasswordReset, User
from tests.conftest import deliver
from tests.factories import PASSWORD, code_in, make_user, text_of

pytestmark = pytest.mark.usefixtures("db")
NEW_PASSWORD = "a brand new passphrase of mine"


async def test_reset_mails_a_code_stored_only_as_a_digest(
    services: Composition, mailer: MemoryMailer
) -> None:
    user = await make_user(services, email="ann@example.com")
    await requested(services, "  ANN@example.com ")
    [message] = mailer.outbox
    assert message["To"] == "ann@example.com"
    assert message["Subject"] == PASSWORD_RESET_SUBJECT
    code = code_in(message)
    [row] = await PasswordReset.filter(user_id=user.id)
    assert row.code_hash == digest(code)
    assert code not in (row.code_hash, str(row.id))


async def test_the_mail_waits_in_the_outbox_until_the_relay_sends_it(
    services: Composition, mailer: MemoryMailer
) -> None:
    await make_user(services, email="ann@example.com")
    await services.rules.forgotten_password.request(email="ann@example.com")
    assert mailer.outbox == []
    [stored] = await OutboxMessage.all()
    assert (stored.recipient, stored.subject) == ("ann@example.com", PASSWORD_RESET_SUBJECT)
    assert await deliver(services) == 1
    assert code_in(mailer.outbox[-1])
    assert (await OutboxMessage.get(id=stored.id)).content is None


async def test_no_reset_code_and_no_mail_when_the_transaction_fails(
    services: Composition, mailer: MemoryMailer, monkeypatch: pytest.MonkeyPatch
) -> None:
    await make_user(services, email="ann@example.com")

    async def broken(*_: object, **__: object) -> None:
        raise RuntimeError("the outbox is full")

    monkeypatch.setattr(outbox, "enqueue", broken)
    with pytest.raises(RuntimeError):
        await services.rules.forgotten_password.request(email="ann@example.com")
    assert await PasswordReset.all().count() == 0
    assert await deliver(services) == 0


async def test_unknown_address_gets_a_notice_and_no_usable_code(
    services: Composition, mailer: MemoryMailer
) -> None:
    await requested(services, "nobody@example.com")
    [message] = mailer.outbox
    assert (message["To"], message["Subject"]) == ("nobody@example.com", NO_ACCOUNT_RESET_SUBJECT)
    assert "no account uses it" in text_of(message)
    with pytest.raises(AssertionError, match="no verification code"):
        code_in(message)
    # Written to cost what a real request costs, but born expired and without an account.
    [row] = await PasswordReset.all().values("user_id", "expires_at")
    assert row["user_id"] is None
    assert row["expires_at"] <= datetime.now(UTC)


@pytest.mark.parametrize(
    ("email", "code"), [("", ErrorCode.REQUIRED), ("nope", ErrorCode.INVALID_EMAIL)]
)
async def test_malformed_address(services: Composition, email: str, code: ErrorCode) -> None:
    with pytest.raises(DomainError) as caught:
        await services.rules.forgotten_password.request(email=email)
    assert caught.value.codes == [code]


async def test_reset_sets_the_password_and_revokes_every_token(
    services: Composition, mailer: MemoryMailer
) -> None:
    await make_user(services, username="ann")
    tokens = [
        await services.rules.sessions.login(username="ann", password=PASSWORD) for _ in range(2)
    ]
    await requested(services, await _email("ann"))
    user = await services.rules.forgotten_password.reset(
        verification_code=code_in(mailer.outbox[-1]), password=NEW_PASSWORD
    )
    assert user.username == "ann"
    assert [await services.rules.sessions.authenticate(token) for token in tokens] == [None, None]
    assert await services.rules.sessions.login(username="ann", password=NEW_PASSWORD)
    with pytest.raises(DomainError) as caught:
        await services.rules.sessions.login(username="ann", password=PASSWORD)
    assert caught.value.codes == [ErrorCode.INVALID_CREDENTIALS]


async def test_a_code_works_once(services: Composition, mailer: MemoryMailer) -> None:
    await make_user(services, username="ann")
    await requested(services, await _email("ann"))
    code = code_in(mailer.outbox[-1])
    await services.rules.forgotten_password.reset(verification_code=code, password=NEW_PASSWORD)
    with pytest.raises(DomainError) as caught:
        await services.rules.forgotten_password.reset(
            verification_code=code, password=NEW_PASSWORD + "!"
        )
    assert caught.value.codes == [ErrorCode.INVALID_CODE]
    assert caught.value.errors[0].field == "verification_code"


async def test_a_new_code_replaces_the_old_one(services: Composition, mailer: MemoryMailer) -> None:
    await make_user(services, username="ann")
    email = await _email("ann")
    await requested(services, email)
    old = code_in(mailer.outbox[-1])
    await requested(services, email)
    with pytest.raises(DomainError) as caught:
        await services.rules.forgotten_password.reset(verification_code=old, password=NEW_PASSWORD)
    assert caught.value.codes == [ErrorCode.INVALID_CODE]
    await services.rules.forgotten_password.reset(
        verification_code=code_in(mailer.outbox[-1]), password=NEW_PASSWORD
    )


async def test_a_code_expires_by_the_clock(settings: Settings, mailer: MemoryMailer) -> None:
    clock = ManualClock()
    services = compose(settings, mailer=mailer, clock=clock)
    await make_user(services, username="ann")
    await requested(services, await _email("ann"))
    code = code_in(mailer.outbox[-1])
    clock.advance(timedelta(seconds=settings.password_reset_ttl))
    with pytest.raises(DomainError) as caught:
        await services.rules.forgotten_password.reset(verification_code=code, password=NEW_PASSWORD)
    assert caught.value.codes == [ErrorCode.INVALID_CODE]
    clock.advance(timedelta(seconds=-1))
    await services.rules.forgotten_password.reset(verification_code=code, password=NEW_PASSWORD)


async def test_an_expired_code_is_invalid(services: Composition, mailer: MemoryMailer) -> None:
    await make_user(services, username="ann")
    await requested(services, await _email("ann"))
    await PasswordReset.all().update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    with pytest.raises(DomainError) as caught:
        await services.rules.forgotten_password.reset(
            verification_code=code_in(mailer.outbox[-1]), password=NEW_PASSWORD
        )
    assert caught.value.codes == [ErrorCode.INVALID_CODE]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("", ErrorCode.REQUIRED),
        ("not-a-uuid", ErrorCode.INVALID_CODE),
        ("2f1c1b56-8a6e-4a4e-9a43-3c2d1f0e9b7a", ErrorCode.INVALID_CODE),
    ],
)
async def test_bad_codes(services: Composition, code: str, expected: ErrorCode) -> None:
    with pytest.raises(DomainError) as caught:
        await services.rules.forgotten_password.reset(verification_code=code, password=NEW_PASSWORD)
    assert caught.value.codes == [expected]


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("short", ErrorCode.PASSWORD_TOO_SHORT),
        ("x" * 129, ErrorCode.PASSWORD_TOO_LONG),
        ("films+pic+galeries", ErrorCode.PASSWORD_TOO_COMMON),
        ("annabelle-the-great", ErrorCode.PASSWORD_TOO_SIMILAR),
    ],
)
async def test_the_password_rules_hold_and_the_code_survives_a_refusal(
    services: Composition, mailer: MemoryMailer, password: str, expected: ErrorCode
) -> None:
    await make_user(services, username="annabelle-the-great")
    await requested(services, await _email("annabelle-the-great"))
    code = code_in(mailer.outbox[-1])
    with pytest.raises(DomainError) as caught:
        await services.rules.forgotten_password.reset(verification_code=code, password=password)
    assert caught.value.codes == [expected]
    await services.rules.forgotten_password.reset(verification_code=code, password=NEW_PASSWORD)


async def requested(services: Composition, email: str) -> int:
    """Ask for a reset code, then run the outbox relay once; returns the mails it sent."""
    await services.rules.forgotten_password.request(email=email)
    return await deliver(services)


async def _email(username: str) -> str:
    user = await User.get(username=username)
    assert user.email
    return user.email
