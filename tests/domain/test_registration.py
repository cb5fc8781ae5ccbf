import asyncio
from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta

import pytest
from tortoise.context import TortoiseContext

from adapters.composition import Composition, compose
from adapters.mailers import MemoryMailer
from config.settings import Settings
from domain.clock import ManualClock
from domain.codes import digest
from domain.errors import DomainError, ErrorCode
from domain.mail import EXISTING_ACCOUNT_SUBJECT, VERIFICATION_SUBJECT
from models import PendingRegistration, User
from tests.conftest import deliver
from tests.factories import PASSWORD, code_in, make_user, refused_with

pytestmark = pytest.mark.usefixtures("db")


async def registered_code(
    composition: Composition,
    mailer: MemoryMailer,
    username: str = "alice",
    email: str = "alice@example.com",
) -> str:
    await composition.rules.registration.register(username=username, email=email)
    assert await deliver(composition) == 1
    return code_in(mailer.outbox[-1])


def verification(composition: Composition, code: str, password: str = PASSWORD) -> Awaitable[User]:
    return composition.rules.registration.verify(verification_code=code, password=password)


async def test_register_mails_a_code_and_stores_only_its_digest(
    composition: Composition, mailer: MemoryMailer
) -> None:
    code = await registered_code(composition, mailer)
    message = mailer.outbox[-1]
    assert message["Subject"] == VERIFICATION_SUBJECT
    assert message["To"] == "alice@example.com"
    pending = await PendingRegistration.get(email="alice@example.com")
    assert pending.code_hash == digest(code)
    assert code not in str(await PendingRegistration.all().values())


async def test_verify_creates_the_account_with_a_bcrypt_hash(
    composition: Composition, mailer: MemoryMailer
) -> None:
    code = await registered_code(composition, mailer, username="Alice")
    user = await verification(composition, code)
    stored = await User.get(id=user.id)
    assert (stored.username, stored.email) == ("Alice", "alice@example.com")
    assert stored.password_hash.startswith("$2b$") and PASSWORD not in stored.password_hash


async def test_a_code_works_once(composition: Composition, mailer: MemoryMailer) -> None:
    code = await registered_code(composition, mailer)
    await verification(composition, code)
    assert await refused_with(verification(composition, code)) == [ErrorCode.INVALID_CODE]


@pytest.mark.parametrize(
    "code",
    ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"],
)
async def test_malformed_or_unknown_codes_are_one_generic_error(
    composition: Composition, code: str
) -> None:
    with pytest.raises(DomainError) as raised:
        await verification(composition, code)
    assert [(e.code, e.field) for e in raised.value.errors] == [
        (ErrorCode.INVALID_CODE, "verification_code")
    ]


async def test_an_expired_code_is_invalid(composition: Composition, mailer: MemoryMailer) -> None:
    code = await registered_code(composition, mailer)
    await PendingRegistration.all().update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    assert await refused_with(verification(composition, code)) == [ErrorCode.INVALID_CODE]


async def test_a_code_expires_by_the_clock(settings: Settings, mailer: MemoryMailer) -> None:
    clock = ManualClock()
    composition = compose(settings, mailer=mailer, clock=clock)
    code = await registered_code(composition, mailer)
    clock.advance(timedelta(seconds=settings.verification_ttl))
    assert await refused_with(verification(composition, code)) == [ErrorCode.INVALID_CODE]
    clock.advance(timedelta(seconds=-1))
    assert (await verification(composition, code)).username == "alice"


async def test_registering_again_replaces_the_old_code(
    composition: Composition, mailer: MemoryMailer
) -> None:
    first = await registered_code(composition, mailer)
    second = await registered_code(composition, mailer)
    assert await refused_with(verification(composition, first)) == [ErrorCode.INVALID_CODE]
    assert (await verification(composition, second)).username == "alice"


async def test_a_bad_password_keeps_the_code_usable(
    composition: Composition, mailer: MemoryMailer
) -> None:
    code = await registered_code(composition, mailer)
    assert await refused_with(verification(composition, code, "short")) == [
        ErrorCode.PASSWORD_TOO_SHORT
    ]
    assert await verification(composition, code)


async def test_taken_username_is_refused_without_regard_to_case(composition: Composition) -> None:
    await make_user(composition, username="Alice")
    with pytest.raises(DomainError) as raised:
        await composition.rules.registration.register(username="aLiCe", email="other@example.com")
    assert raised.value.codes == [ErrorCode.USERNAME_TAKEN]


async def test_username_claimed_meanwhile_fails_verification(
    composition: Composition, mailer: MemoryMailer
) -> None:
    code = await registered_code(composition, mailer, username="bob", email="bob@example.com")
    await make_user(composition, username="BOB")
    assert await refused_with(verification(composition, code)) == [ErrorCode.USERNAME_TAKEN]


async def test_an_email_with_an_account_gets_a_notice_not_a_code(
    composition: Composition, mailer: MemoryMailer
) -> None:
    await make_user(composition, email="carol@example.com")
    await composition.rules.registration.register(username="newname", email="Carol@example.com")
    assert await deliver(composition) == 1
    assert mailer.outbox[-1]["Subject"] == EXISTING_ACCOUNT_SUBJECT
    # Written to cost what a new address costs, but born expired: no code can use it.
    alive = PendingRegistration.filter(expires_at__gt=datetime.now(UTC))
    assert await alive.count() == 0


async def test_username_and_email_errors_are_reported_together(composition: Composition) -> None:
    with pytest.raises(DomainError) as raised:
        await composition.rules.registration.register(username="bad name", email="nope")
    assert raised.value.codes == [ErrorCode.INVALID_USERNAME, ErrorCode.INVALID_EMAIL]


async def test_concurrent_verifies_of_one_code_create_one_account(
    composition: Composition, mailer: MemoryMailer, db: TortoiseContext
) -> None:
    code = await registered_code(composition, mailer)
    attempts = [
        composition.rules.registration.verify(verification_code=code, password=PASSWORD)
        for _ in range(8)
    ]
    results = await asyncio.gather(*attempts, return_exceptions=True)
    created = [r for r in results if isinstance(r, User)]
    assert len(created) == 1
    assert all(
        isinstance(r, DomainError) and r.codes == [ErrorCode.INVALID_CODE]
        for r in results
        if r not in created
    )
    assert await User.all().count() == 1
