"""Moving an account to another address with a code mailed there, with a clock the test moves."""

import logging
from datetime import timedelta

import pytest

from adapters.composition import Composition
from adapters.mailers import MemoryMailer
from domain.clock import ManualClock
from domain.codes import digest
from domain.errors import DomainError, ErrorCode
from domain.sessions import Session
from models import EmailChange, OutboxMessage, PasswordReset, User
from tests.conftest import deliver
from tests.factories import PASSWORD, code_in, make_user, text_of

pytestmark = pytest.mark.usefixtures("db")
NEW = "ann.new@example.com"


async def signed_in(composition: Composition, username: str = "ann") -> tuple[str, Session]:
    if not await User.exists(username=username):
        await make_user(composition, username=username, email=f"{username}@example.com")
    token = await composition.rules.sessions.login(username=username, password=PASSWORD)
    session = await composition.rules.sessions.authenticate(token)
    assert session is not None
    return token, session


async def requested(composition: Composition, session: Session, new_email: str = NEW) -> None:
    await composition.rules.email_change.request(
        session=session, password=PASSWORD, new_email=new_email
    )
    await deliver(composition)


async def refused(
    composition: Composition, session: Session, code: str
) -> list[tuple[ErrorCode, str | None]]:
    with pytest.raises(DomainError) as raised:
        await composition.rules.email_change.confirm(session=session, verification_code=code)
    return [(error.code, error.field) for error in raised.value.errors]


INVALID = [(ErrorCode.INVALID_CODE, "verification_code")]


async def test_the_code_goes_to_the_new_address_and_a_notice_to_the_old(
    composition: Composition, mailer: MemoryMailer
) -> None:
    _, session = await signed_in(composition)
    await requested(composition, session, " Ann.New@Example.com ")
    to_new, to_old = mailer.outbox
    assert (to_new["To"], to_new["Subject"]) == (NEW, "Flowback Email Change Code")
    assert (to_old["To"], to_old["Subject"]) == (
        "ann@example.com",
        "Flowback email change requested",
    )
    code = code_in(to_new)
    assert code not in text_of(to_old)
    change = await EmailChange.get(user_id=session.user.id)
    assert change.code_hash == digest(code) and change.new_email == NEW
    assert await OutboxMessage.filter(content__contains=code).count() == 0  # erased once sent


async def test_confirming_moves_the_account_and_ends_its_other_sessions(
    composition: Composition, mailer: MemoryMailer
) -> None:
    token, session = await signed_in(composition)
    other, _ = await signed_in(composition)
    await PasswordReset.create(
        user_id=session.user.id,
        code_hash="r" * 64,
        expires_at=composition.clock.now() + timedelta(hours=1),
    )
    await requested(composition, session)
    code = code_in(mailer.outbox[0])
    user = await composition.rules.email_change.confirm(session=session, verification_code=code)
    assert user.email == NEW and (await User.get(id=user.id)).email == NEW
    assert await composition.rules.sessions.authenticate(token) is not None
    assert await composition.rules.sessions.authenticate(other) is None
    assert not await PasswordReset.filter(user_id=user.id, used_at=None).exists()
    assert await composition.rules.sessions.login(username=NEW, password=PASSWORD)
    assert await refused(composition, session, code) == INVALID  # works once


async def test_an_expired_code_is_invalid(
    composition: Composition, clock: ManualClock, mailer: MemoryMailer
) -> None:
    _, session = await signed_in(composition)
    await requested(composition, session)
    clock.advance(timedelta(seconds=composition.settings.email_change_ttl))
    assert await refused(composition, session, code_in(mailer.outbox[0])) == INVALID
    assert (await User.get(id=session.user.id)).email == "ann@example.com"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("not a code", INVALID),
        ("2f1c1b56-8a6e-4a4e-9a43-3c2d1f0e9b7a", INVALID),
        ("   ", [(ErrorCode.REQUIRED, "verification_code")]),
    ],
)
async def test_bad_codes(
    composition: Composition, code: str, expected: list[tuple[ErrorCode, str | None]]
) -> None:
    _, session = await signed_in(composition)
    assert await refused(composition, session, code) == expected


async def test_another_accounts_code_is_invalid(
    composition: Composition, mailer: MemoryMailer
) -> None:
    _, ann = await signed_in(composition, "ann")
    _, bob = await signed_in(composition, "bob")
    await requested(composition, ann)
    assert await refused(composition, bob, code_in(mailer.outbox[0])) == INVALID


async def test_a_new_request_replaces_the_earlier_code(
    composition: Composition, mailer: MemoryMailer
) -> None:
    _, session = await signed_in(composition)
    await requested(composition, session, "first@example.com")
    first = code_in(mailer.outbox[0])
    await requested(composition, session, "second@example.com")
    assert await refused(composition, session, first) == INVALID


async def test_a_taken_address_gets_the_same_answer_and_its_owner_a_notice(
    composition: Composition, mailer: MemoryMailer
) -> None:
    await make_user(composition, username="bob", email="bob@example.com")
    _, session = await signed_in(composition)
    await requested(composition, session, "bob@example.com")
    to_owner, to_old = mailer.outbox
    assert (to_owner["To"], to_owner["Subject"]) == (
        "bob@example.com",
        "Flowback email change attempt",
    )
    assert to_old["To"] == "ann@example.com"
    assert "code" not in text_of(to_owner).lower()
    change = await EmailChange.get(user_id=session.user.id)
    assert change.expires_at <= composition.clock.now()  # written already expired


async def test_an_address_taken_meanwhile_is_the_generic_failure(
    composition: Composition, mailer: MemoryMailer
) -> None:
    _, session = await signed_in(composition)
    await requested(composition, session)
    await make_user(composition, username="bob", email=NEW)
    assert await refused(composition, session, code_in(mailer.outbox[0])) == INVALID
    assert (await User.get(id=session.user.id)).email == "ann@example.com"


@pytest.mark.parametrize(
    ("password", "new_email", "expected"),
    [
        ("wrong password entirely", NEW, [(ErrorCode.INVALID_PASSWORD, "password")]),
        ("", NEW, [(ErrorCode.REQUIRED, "password")]),
        (PASSWORD, "not an address", [(ErrorCode.INVALID_EMAIL, "new_email")]),
        (PASSWORD, "", [(ErrorCode.REQUIRED, "new_email")]),
    ],
)
async def test_bad_requests_change_nothing_and_mail_nothing(
    composition: Composition,
    mailer: MemoryMailer,
    password: str,
    new_email: str,
    expected: list[tuple[ErrorCode, str | None]],
) -> None:
    _, session = await signed_in(composition)
    with pytest.raises(DomainError) as raised:
        await composition.rules.email_change.request(
            session=session, password=password, new_email=new_email
        )
    assert [(e.code, e.field) for e in raised.value.errors] == expected
    assert await deliver(composition) == 0 and not await EmailChange.exists()


async def test_rate_limited_per_account_and_per_address(composition: Composition) -> None:
    _, ann = await signed_in(composition, "ann")
    for number in range(3):
        await requested(composition, ann, f"new{number}@example.com")
    with pytest.raises(DomainError) as raised:
        await requested(composition, ann, "new9@example.com")
    assert raised.value.codes == [ErrorCode.RATE_LIMITED]
    for name in ("bob", "carl", "dora"):
        _, session = await signed_in(composition, name)
        await requested(composition, session, "target@example.com")
    _, eve = await signed_in(composition, "eve")
    with pytest.raises(DomainError) as raised:
        await requested(composition, eve, "target@example.com")
    assert raised.value.codes == [ErrorCode.RATE_LIMITED]


async def test_codes_are_never_logged(
    composition: Composition, mailer: MemoryMailer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    _, session = await signed_in(composition)
    await requested(composition, session)
    code = code_in(mailer.outbox[0])
    await composition.rules.email_change.confirm(session=session, verification_code=code)
    assert code not in caplog.text


async def test_code_guessing_is_limited_per_client_ip(
    composition: Composition, mailer: MemoryMailer
) -> None:
    _, ann = await signed_in(composition, "ann")
    await requested(composition, ann)
    guess = "00000000-1111-4111-8111-111111111111"
    for _ in range(20):  # FLOWBACK_RATE_LIMIT_EMAIL_CHANGE_VERIFY_IP: 20 a minute
        assert await refused(composition, ann, guess) == INVALID
    assert await refused(composition, ann, guess) == [(ErrorCode.RATE_LIMITED, None)]
    # The right code too, from this address; another address may still try.
    code = code_in(next(m for m in mailer.outbox if m["To"] == NEW))
    assert await refused(composition, ann, code) == [(ErrorCode.RATE_LIMITED, None)]
    moved = await composition.rules.email_change.confirm(
        session=ann, verification_code=code, client_ip="192.0.2.8"
    )
    assert moved.email == NEW
