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
    composition: Composition, mailer: MemoryMailer
) -> None:
    user = await make_user(composition, email="ann@example.com")
    await requested(composition, "  ANN@example.com ")
    [message] = mailer.outbox
    assert message["To"] == "ann@example.com"
    assert message["Subject"] == PASSWORD_RESET_SUBJECT
    code = code_in(message)
    [row] = await PasswordReset.filter(user_id=user.id)
    assert row.code_hash == digest(code)
    assert code not in (row.code_hash, str(row.id))


async def test_the_mail_waits_in_the_outbox_until_the_relay_sends_it(
    composition: Composition, mailer: MemoryMailer
) -> None:
    await make_user(composition, email="ann@example.com")
    await composition.rules.password_reset.request(email="ann@example.com")
    assert mailer.outbox == []
    [stored] = await OutboxMessage.all()
    assert (stored.recipient, stored.subject) == ("ann@example.com", PASSWORD_RESET_SUBJECT)
    assert await deliver(composition) == 1
    assert code_in(mailer.outbox[-1])
    assert (await OutboxMessage.get(id=stored.id)).content is None


async def test_no_reset_code_and_no_mail_when_the_transaction_fails(
    composition: Composition, mailer: MemoryMailer, monkeypatch: pytest.MonkeyPatch
) -> None:
    await make_user(composition, email="ann@example.com")

    async def broken(*_: object, **__: object) -> None:
        raise RuntimeError("the outbox is full")

    monkeypatch.setattr(outbox, "enqueue", broken)
    with pytest.raises(RuntimeError):
        await composition.rules.password_reset.request(email="ann@example.com")
    assert await PasswordReset.all().count() == 0
    assert await deliver(composition) == 0


async def test_unknown_address_gets_a_notice_and_no_usable_code(
    composition: Composition, mailer: MemoryMailer
) -> None:
    await requested(composition, "nobody@example.com")
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
async def test_malformed_address(composition: Composition, email: str, code: ErrorCode) -> None:
    with pytest.raises(DomainError) as caught:
        await composition.rules.password_reset.request(email=email)
    assert caught.value.codes == [code]


async def test_reset_sets_the_password_and_revokes_every_token(
    composition: Composition, mailer: MemoryMailer
) -> None:
    await make_user(composition, username="ann")
    tokens = [
        await composition.rules.sessions.login(username="ann", password=PASSWORD) for _ in range(2)
    ]
    await requested(composition, await _email("ann"))
    user = await composition.rules.password_reset.reset(
        verification_code=code_in(mailer.outbox[-1]), password=NEW_PASSWORD
    )
    assert user.username == "ann"
    assert [await composition.rules.sessions.authenticate(token) for token in tokens] == [
        None,
        None,
    ]
    assert await composition.rules.sessions.login(username="ann", password=NEW_PASSWORD)
    with pytest.raises(DomainError) as caught:
        await composition.rules.sessions.login(username="ann", password=PASSWORD)
    assert caught.value.codes == [ErrorCode.INVALID_CREDENTIALS]


async def test_a_code_works_once(composition: Composition, mailer: MemoryMailer) -> None:
    await make_user(composition, username="ann")
    await requested(composition, await _email("ann"))
    code = code_in(mailer.outbox[-1])
    await composition.rules.password_reset.reset(verification_code=code, password=NEW_PASSWORD)
    with pytest.raises(DomainError) as caught:
        await composition.rules.password_reset.reset(
            verification_code=code, password=NEW_PASSWORD + "!"
        )
    assert caught.value.codes == [ErrorCode.INVALID_CODE]
    assert caught.value.errors[0].field == "verification_code"


async def test_a_new_code_replaces_the_old_one(
    composition: Composition, mailer: MemoryMailer
) -> None:
    await make_user(composition, username="ann")
    email = await _email("ann")
    await requested(composition, email)
    old = code_in(mailer.outbox[-1])
    await requested(composition, email)
    with pytest.raises(DomainError) as caught:
        await composition.rules.password_reset.reset(verification_code=old, password=NEW_PASSWORD)
    assert caught.value.codes == [ErrorCode.INVALID_CODE]
    await composition.rules.password_reset.reset(
        verification_code=code_in(mailer.outbox[-1]), password=NEW_PASSWORD
    )


async def test_a_code_expires_by_the_clock(settings: Settings, mailer: MemoryMailer) -> None:
    clock = ManualClock()
    composition = compose(settings, mailer=mailer, clock=clock)
    await make_user(composition, username="ann")
    await requested(composition, await _email("ann"))
    code = code_in(mailer.outbox[-1])
    clock.advance(timedelta(seconds=settings.password_reset_ttl))
    with pytest.raises(DomainError) as caught:
        await composition.rules.password_reset.reset(verification_code=code, password=NEW_PASSWORD)
    assert caught.value.codes == [ErrorCode.INVALID_CODE]
    clock.advance(timedelta(seconds=-1))
    await composition.rules.password_reset.reset(verification_code=code, password=NEW_PASSWORD)


async def test_an_expired_code_is_invalid(composition: Composition, mailer: MemoryMailer) -> None:
    await make_user(composition, username="ann")
    await requested(composition, await _email("ann"))
    await PasswordReset.all().update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    with pytest.raises(DomainError) as caught:
        await composition.rules.password_reset.reset(
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
async def test_bad_codes(composition: Composition, code: str, expected: ErrorCode) -> None:
    with pytest.raises(DomainError) as caught:
        await composition.rules.password_reset.reset(verification_code=code, password=NEW_PASSWORD)
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
    composition: Composition, mailer: MemoryMailer, password: str, expected: ErrorCode
) -> None:
    await make_user(composition, username="annabelle-the-great")
    await requested(composition, await _email("annabelle-the-great"))
    code = code_in(mailer.outbox[-1])
    with pytest.raises(DomainError) as caught:
        await composition.rules.password_reset.reset(verification_code=code, password=password)
    assert caught.value.codes == [expected]
    await composition.rules.password_reset.reset(verification_code=code, password=NEW_PASSWORD)


async def requested(composition: Composition, email: str) -> int:
    """Ask for a reset code, then run the outbox relay once; returns the mails it sent."""
    await composition.rules.password_reset.request(email=email)
    return await deliver(composition)


async def _email(username: str) -> str:
    user = await User.get(username=username)
    assert user.email
    return user.email
