import json
from datetime import UTC, datetime

import pytest
from tortoise.transactions import in_transaction

from adapters.composition import Composition
from domain.tokens import credentials_changed, logout, logout_all, revoke_tokens
from models import OutboxKind, OutboxMessage, PasswordReset, User
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.usefixtures("db")


class RolledBackError(Exception):
    pass


async def changed_then_failed(user_id: int) -> None:
    async with in_transaction() as connection:
        await credentials_changed(user_id=user_id, now=datetime.now(UTC), connection=connection)
        raise RolledBackError


async def tokens_of(composition: Composition, user: User, count: int) -> list[str]:
    login = composition.rules.sessions.login
    return [await login(username=user.username, password=PASSWORD) for _ in range(count)]


async def live(composition: Composition, tokens: list[str]) -> list[bool]:
    return [await composition.rules.sessions.authenticate(t) is not None for t in tokens]


async def test_credentials_changed_is_undone_with_the_callers_transaction(
    composition: Composition,
) -> None:
    user = await make_user(composition, username="tia")
    tokens = await tokens_of(composition, user, 2)
    reset = await PasswordReset.create(user=user, code_hash="0" * 64, expires_at=datetime.now(UTC))
    with pytest.raises(RolledBackError):
        await changed_then_failed(user.id)
    assert await live(composition, tokens) == [True, True]
    assert (await PasswordReset.get(id=reset.id)).used_at is None
    async with in_transaction() as connection:
        await credentials_changed(user_id=user.id, now=datetime.now(UTC), connection=connection)
    assert await live(composition, tokens) == [False, False]
    assert (await PasswordReset.get(id=reset.id)).used_at is not None


async def test_credentials_changed_touches_only_the_accounts_unused_codes(
    composition: Composition,
) -> None:
    user = await make_user(composition, username="wes")
    other = await make_user(composition, username="xia")
    used_at = datetime(2026, 1, 2, tzinfo=UTC)
    expires = datetime.now(UTC)
    used = await PasswordReset.create(
        user=user, code_hash="1" * 64, expires_at=expires, used_at=used_at
    )
    theirs = await PasswordReset.create(user=other, code_hash="2" * 64, expires_at=expires)
    async with in_transaction() as connection:
        await credentials_changed(user_id=user.id, now=datetime.now(UTC), connection=connection)
    assert (await PasswordReset.get(id=used.id)).used_at == used_at
    assert (await PasswordReset.get(id=theirs.id)).used_at is None


async def test_revoking_keeps_the_token_asked_for_and_counts_the_others(
    composition: Composition,
) -> None:
    user = await make_user(composition, username="uma")
    other = await make_user(composition, username="vic")
    tokens = await tokens_of(composition, user, 3)
    theirs = await tokens_of(composition, other, 1)
    kept = await composition.rules.sessions.authenticate(tokens[0])
    assert kept is not None
    async with in_transaction() as connection:
        assert (
            await revoke_tokens(user_id=user.id, keep_token_id=kept.token_id, connection=connection)
            == 2
        )
    assert await live(composition, tokens + theirs) == [True, False, False, True]
    async with in_transaction() as connection:  # those revoked already are not counted
        assert await revoke_tokens(user_id=user.id, connection=connection) == 1
    await logout_all(session=kept)
    assert await live(composition, theirs) == [True]


async def test_signing_out_ends_the_one_session_and_says_whose_it_was(
    composition: Composition,
) -> None:
    user = await make_user(composition, username="yan")
    tokens = await tokens_of(composition, user, 2)
    session = await composition.rules.sessions.authenticate(tokens[0])
    assert session is not None
    await logout(session=session)
    assert await live(composition, tokens) == [False, True]
    [event] = await OutboxMessage.filter(kind=OutboxKind.EVENT)
    body = json.loads(event.content or "")
    assert (body["type"], body["data"]) == (
        "user.sessions_revoked",
        {"id": user.id, "sessions": [session.token_id]},
    )
    assert event.ordering_key == f"user:{user.id}"
