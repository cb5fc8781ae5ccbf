"""Changing the password, signing out everywhere and deleting an account, in the domain."""

import pytest

from adapters.composition import Composition
from adapters.mailers import MemoryMailer
from domain.errors import DomainError, ErrorCode
from domain.images import Upload
from domain.paging import PageRequest
from domain.profile_update import ProfileChanges
from domain.sessions import Session
from domain.tokens import logout_all
from domain.users import UserFilter, list_rows
from models import User
from tests.conftest import deliver
from tests.factories import FILLED_PROFILE, PASSWORD, code_in, make_user, refused_with
from tests.images import image_bytes

pytestmark = pytest.mark.usefixtures("db")
NEW_PASSWORD = "a brand new passphrase of mine"


async def _session(composition: Composition, username: str) -> tuple[str, Session]:
    token = await composition.rules.sessions.login(username=username, password=PASSWORD)
    session = await composition.rules.sessions.authenticate(token)
    assert session is not None
    return token, session


async def test_change_password_keeps_only_the_callers_token(composition: Composition) -> None:
    await make_user(composition, username="ann")
    other = await composition.rules.sessions.login(username="ann", password=PASSWORD)
    token, session = await _session(composition, "ann")
    await composition.rules.password_change.change(
        session=session, current_password=PASSWORD, new_password=NEW_PASSWORD
    )
    assert await composition.rules.sessions.authenticate(token) is not None
    assert await composition.rules.sessions.authenticate(other) is None
    assert await composition.rules.sessions.login(username="ann", password=NEW_PASSWORD)


async def test_change_password_needs_the_current_one(composition: Composition) -> None:
    await make_user(composition, username="ann")
    other = await composition.rules.sessions.login(username="ann", password=PASSWORD)
    _, session = await _session(composition, "ann")
    with pytest.raises(DomainError) as caught:
        await composition.rules.password_change.change(
            session=session,
            current_password="not my password at all",
            new_password=NEW_PASSWORD,
        )
    assert [(e.field, e.code) for e in caught.value.errors] == [
        ("current_password", ErrorCode.INVALID_PASSWORD)
    ]
    assert await composition.rules.sessions.authenticate(other) is not None
    assert await composition.rules.sessions.login(username="ann", password=PASSWORD)


@pytest.mark.parametrize(
    ("new_password", "expected"),
    [
        ("", ErrorCode.REQUIRED),
        ("short", ErrorCode.PASSWORD_TOO_SHORT),
        ("films+pic+galeries", ErrorCode.PASSWORD_TOO_COMMON),
    ],
)
async def test_change_password_applies_the_password_rules(
    composition: Composition, new_password: str, expected: ErrorCode
) -> None:
    await make_user(composition, username="ann")
    _, session = await _session(composition, "ann")
    with pytest.raises(DomainError) as caught:
        await composition.rules.password_change.change(
            session=session, current_password=PASSWORD, new_password=new_password
        )
    assert [(e.field, e.code) for e in caught.value.errors] == [("new_password", expected)]


async def test_change_password_kills_outstanding_reset_codes(
    composition: Composition, mailer: MemoryMailer
) -> None:
    await make_user(composition, username="ann", email="ann@example.com")
    await composition.rules.password_reset.request(email="ann@example.com")
    assert await deliver(composition) == 1
    _, session = await _session(composition, "ann")
    await composition.rules.password_change.change(
        session=session, current_password=PASSWORD, new_password=NEW_PASSWORD
    )
    with pytest.raises(DomainError) as caught:
        await composition.rules.password_reset.reset(
            verification_code=code_in(mailer.outbox[-1]), password=PASSWORD
        )
    assert caught.value.codes == [ErrorCode.INVALID_CODE]


async def test_logout_all_revokes_every_token(composition: Composition) -> None:
    await make_user(composition, username="ann")
    await make_user(composition, username="bob")
    bob = await composition.rules.sessions.login(username="bob", password=PASSWORD)
    other = await composition.rules.sessions.login(username="ann", password=PASSWORD)
    token, session = await _session(composition, "ann")
    await logout_all(session=session)
    assert [await composition.rules.sessions.authenticate(t) for t in (token, other)] == [
        None,
        None,
    ]
    assert await composition.rules.sessions.authenticate(bob) is not None


async def test_delete_anonymises_and_frees_username_and_email(
    composition: Composition, mailer: MemoryMailer
) -> None:
    user = await make_user(composition, username="Ann", email="ann@example.com", **FILLED_PROFILE)
    _, session = await _session(composition, "ann")
    await composition.rules.profile_update.update(
        user=session.user,
        changes=ProfileChanges(profile_image=Upload(filename="a.png", data=image_bytes("PNG"))),
    )
    stored = list(composition.settings.media_root.iterdir())
    assert len(stored) == 1
    other = await composition.rules.sessions.login(username="ann", password=PASSWORD)
    _, session = await _session(composition, "ann")
    await composition.rules.account_deletion.delete(session=session, password=PASSWORD)

    row = await User.get(id=user.id)
    assert row.username.startswith("deleted_user_") and len(row.username) > len("deleted_user_")
    assert row.username_key == row.username.casefold()
    cleared: tuple[object, ...] = (
        row.email,
        row.bio,
        row.website,
        row.contact_email,
        row.contact_phone,
        row.user_config,
        row.profile_image,
        row.banner_image,
    )
    assert cleared == (None,) * 8
    assert row.is_active is False
    assert list(composition.settings.media_root.iterdir()) == []
    assert await composition.rules.sessions.authenticate(other) is None
    with pytest.raises(DomainError) as caught:
        await composition.rules.sessions.login(username="ann", password=PASSWORD)
    assert caught.value.codes == [ErrorCode.INVALID_CREDENTIALS]
    listed = await list_rows(filters=UserFilter(), request=PageRequest())
    assert listed.count == 0

    await composition.rules.registration.register(username="ann", email="ann@example.com")
    assert await deliver(composition) == 1
    new = await composition.rules.registration.verify(
        verification_code=code_in(mailer.outbox[-1]), password=PASSWORD
    )
    assert new.id != user.id and new.username == "ann"


async def test_delete_needs_the_password(composition: Composition) -> None:
    await make_user(composition, username="ann")
    token, session = await _session(composition, "ann")
    for password, code in (
        ("", ErrorCode.REQUIRED),
        ("wrong wrong wrong", ErrorCode.INVALID_PASSWORD),
    ):
        with pytest.raises(DomainError) as caught:
            await composition.rules.account_deletion.delete(session=session, password=password)
        assert [(e.field, e.code) for e in caught.value.errors] == [("password", code)]
    assert await composition.rules.sessions.authenticate(token) is not None
    assert (await User.get(username="ann")).is_active


async def test_calls_that_began_before_a_deletion_write_nothing_to_the_anonymised_row(
    composition: Composition,
) -> None:
    await make_user(composition, username="zed", bio="mine")
    _, session = await _session(composition, "zed")
    await composition.rules.account_deletion.delete(session=session, password=PASSWORD)
    deleted = await User.get(id=session.user.id)
    # ``session`` holds the account as it was read before the deletion, as a call still
    # running would: each write refuses, as if its token had died first.
    rules = composition.rules
    calls = [
        rules.profile_update.update(user=session.user, changes=ProfileChanges(bio="back")),
        rules.profile_update.update(user=session.user, changes=ProfileChanges(username="zed")),
        rules.profile_update.update(user=session.user, changes=ProfileChanges()),
        rules.password_change.change(
            session=session, current_password=PASSWORD, new_password=NEW_PASSWORD
        ),
        rules.account_deletion.delete(session=session, password=PASSWORD),
    ]
    for call in calls:
        assert await refused_with(call) == [ErrorCode.INVALID_TOKEN]
    after = await User.get(id=session.user.id)
    assert [after.username, after.bio, after.password_hash, after.is_active] == [
        deleted.username,
        None,
        "!",
        False,
    ]
