"""Every change to a user writes its event, in the transaction of the change: what the
platform hears, exactly, and nothing when the change does not happen."""

import json
from datetime import timedelta
from typing import Any

import pytest

from adapters.composition import Composition
from adapters.mailers import MemoryMailer
from domain import tokens
from domain.clock import ManualClock
from domain.errors import DomainError
from domain.images import Upload
from domain.profile_update import ProfileChanges
from domain.sessions import Session
from domain.tokens import logout
from models import ApiToken, OutboxKind, OutboxMessage, User
from tests.conftest import deliver
from tests.factories import PASSWORD, code_in, make_user
from tests.images import image_bytes

pytestmark = pytest.mark.usefixtures("db")
NEW_PASSWORD = "a brand new passphrase of mine"


async def events() -> list[dict[str, Any]]:
    """The events written so far, oldest first: type and data (the timestamp apart)."""
    rows = await OutboxMessage.filter(kind=OutboxKind.EVENT).order_by("id")
    bodies = [json.loads(row.content or "") for row in rows]
    assert all(set(body) == {"type", "timestamp", "data"} for body in bodies)
    return [{"type": body["type"], **body["data"]} for body in bodies]


async def signed_in(composition: Composition, user: User) -> Session:
    token = await composition.rules.sessions.login(username=user.username, password=PASSWORD)
    session = await composition.rules.sessions.authenticate(token)
    assert session is not None
    return session


async def test_registration_tells_of_the_new_user(
    composition: Composition, mailer: MemoryMailer
) -> None:
    registration = composition.rules.registration
    await registration.register(username="Ann", email="ann@example.com")
    await deliver(composition)
    user = await registration.verify(
        verification_code=code_in(mailer.outbox[-1]), password=PASSWORD
    )
    assert await events() == [{"type": "user.created", "id": user.id, "username": "Ann"}]
    body = json.loads((await OutboxMessage.get(kind=OutboxKind.EVENT)).content or "")
    assert body["timestamp"].endswith("Z") and "T" in body["timestamp"]


async def test_an_operators_account_is_announced_too(composition: Composition) -> None:
    user = await composition.rules.operator_accounts.create(
        username="ops", email="ops@example.com", password=PASSWORD
    )
    assert await events() == [{"type": "user.created", "id": user.id, "username": "ops"}]


async def test_an_update_names_the_fields_that_changed_never_private_values(
    composition: Composition,
) -> None:
    user = await make_user(composition, username="ann", bio="same", user_config='{"a": 1}')
    update = composition.rules.profile_update.update
    user = await update(
        user=user,
        changes=ProfileChanges(
            username="Ann2",
            bio="same",  # sent again unchanged: not a change
            user_config='{"secret": "mine"}',
            dark_theme=True,
            profile_image=Upload(filename="me.png", data=image_bytes("PNG")),
        ),
    )
    await update(user=user, changes=ProfileChanges(bio="same"))  # nothing changed: no event
    assert await events() == [
        {
            "type": "user.updated",
            "id": user.id,
            "username": "Ann2",
            "fields": ["dark_theme", "profile_image", "user_config", "username"],
        }
    ]
    stored = (await OutboxMessage.get(kind=OutboxKind.EVENT)).content or ""
    assert user.email and user.email not in stored and "secret" not in stored


async def test_a_refused_update_tells_nothing(composition: Composition) -> None:
    user = await make_user(composition, username="ann")
    await make_user(composition, username="bob")
    with pytest.raises(DomainError):
        await composition.rules.profile_update.update(
            user=user, changes=ProfileChanges(username="bob", bio="new")
        )
    assert await events() == []


async def test_a_new_password_is_an_update_and_ends_the_other_sessions(
    composition: Composition,
) -> None:
    user = await make_user(composition, username="ann")
    other = await signed_in(composition, user)
    session = await signed_in(composition, user)
    await composition.rules.password_change.change(
        session=session, current_password=PASSWORD, new_password=NEW_PASSWORD
    )
    assert await events() == [
        {"type": "user.updated", "id": user.id, "username": "ann", "fields": ["password"]},
        {"type": "user.sessions_revoked", "id": user.id, "sessions": [other.token_id]},
    ]


async def test_a_reset_password_ends_every_session(
    composition: Composition, mailer: MemoryMailer
) -> None:
    user = await make_user(composition, username="ann", email="ann@example.com")
    sessions = [await signed_in(composition, user) for _ in range(2)]
    await composition.rules.password_reset.request(email="ann@example.com")
    await deliver(composition)
    await composition.rules.password_reset.reset(
        verification_code=code_in(mailer.outbox[-1]), password=NEW_PASSWORD
    )
    assert await events() == [
        {"type": "user.updated", "id": user.id, "username": "ann", "fields": ["password"]},
        {
            "type": "user.sessions_revoked",
            "id": user.id,
            "sessions": [session.token_id for session in sessions],
        },
    ]


async def test_a_new_address_is_an_update_without_the_address(
    composition: Composition, mailer: MemoryMailer
) -> None:
    user = await make_user(composition, username="ann", email="ann@example.com")
    other = await signed_in(composition, user)
    session = await signed_in(composition, user)
    await composition.rules.email_change.request(
        session=session, password=PASSWORD, new_email="ann.new@example.com"
    )
    await deliver(composition)
    code = code_in(next(m for m in mailer.outbox if m["To"] == "ann.new@example.com"))
    await composition.rules.email_change.confirm(session=session, verification_code=code)
    assert await events() == [
        {"type": "user.updated", "id": user.id, "username": "ann", "fields": ["email"]},
        {"type": "user.sessions_revoked", "id": user.id, "sessions": [other.token_id]},
    ]
    assert "ann.new@example.com" not in str(
        await OutboxMessage.filter(kind=OutboxKind.EVENT).values()
    )


async def test_deletion_ends_the_sessions_then_the_account(composition: Composition) -> None:
    user = await make_user(composition, username="ann")
    session = await signed_in(composition, user)
    await composition.rules.account_deletion.delete(session=session, password=PASSWORD)
    assert await events() == [
        {"type": "user.sessions_revoked", "id": user.id, "sessions": [session.token_id]},
        {"type": "user.deleted", "id": user.id},
    ]


async def test_signing_out_ending_a_session_and_signing_out_everywhere(
    composition: Composition,
) -> None:
    user = await make_user(composition, username="ann")
    first, second, third, fourth = [await signed_in(composition, user) for _ in range(4)]
    await logout(session=first)
    await logout(session=first)  # already ended: nothing more to tell
    await composition.rules.sessions.revoke_session(session=second, session_id=str(third.token_id))
    await tokens.logout_all(session=second)
    revoked = [event["sessions"] for event in await events()]
    assert revoked == [[first.token_id], [third.token_id], [second.token_id, fourth.token_id]]


async def test_a_session_that_expires_tells_nothing(
    composition: Composition, clock: ManualClock
) -> None:
    user = await make_user(composition, username="ann")
    token = await composition.rules.sessions.login(username="ann", password=PASSWORD)
    clock.advance(timedelta(days=15))
    assert await composition.rules.sessions.authenticate(token) is None
    assert await events() == []
    assert await ApiToken.filter(user_id=user.id, revoked_at=None).count() == 1


async def test_the_event_is_written_in_the_transaction_of_the_change(
    composition: Composition, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure after the event is written undoes the event with the change."""
    user = await make_user(composition, username="ann")
    session = await signed_in(composition, user)

    async def broken(**_: object) -> None:
        raise RuntimeError("the database refused the last statement")

    monkeypatch.setattr("domain.password_change.credentials_changed", broken)
    with pytest.raises(RuntimeError):
        await composition.rules.password_change.change(
            session=session, current_password=PASSWORD, new_password=NEW_PASSWORD
        )
    assert await events() == []
    assert await composition.rules.sessions.login(username="ann", password=PASSWORD)
