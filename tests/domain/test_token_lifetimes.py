"""Token lifetimes, the session list and ending one session, with a clock the test moves."""

from datetime import timedelta

import pytest

from adapters.composition import Composition, compose
from adapters.mailers import MemoryMailer
from config.settings import Settings
from domain.clock import ManualClock
from domain.errors import ErrorCode
from domain.sessions import Client, Session
from domain.tokens import logout
from models import ApiToken, User
from tests.factories import PASSWORD, make_user, refused_with

pytestmark = pytest.mark.usefixtures("db")
DAY = timedelta(days=1)


async def signed_in(composition: Composition, username: str = "ann", **client: str) -> str:
    """A new token of ``username``, whose account is made on first use."""
    if not await User.exists(username=username):
        await make_user(composition, username=username)
    return await composition.rules.sessions.login(username=username, password=PASSWORD, **client)


async def test_an_unused_token_dies_after_the_idle_timeout(
    composition: Composition, clock: ManualClock
) -> None:
    token = await signed_in(composition)
    clock.advance(14 * DAY - timedelta(minutes=2))
    assert await composition.rules.sessions.authenticate(token) is not None
    clock.advance(14 * DAY - timedelta(minutes=2))
    assert await composition.rules.sessions.authenticate(token) is not None  # the use above counted
    clock.advance(14 * DAY)
    assert await composition.rules.sessions.authenticate(token) is None


async def test_a_used_token_dies_at_its_maximum_age(
    composition: Composition, clock: ManualClock
) -> None:
    token = await signed_in(composition)
    for _ in range(8):
        clock.advance(11 * DAY)
        assert await composition.rules.sessions.authenticate(token) is not None
    clock.advance(2 * DAY)  # 90 days since login
    assert await composition.rules.sessions.authenticate(token) is None


async def test_lifetimes_are_settings(mailer: MemoryMailer, clock: ManualClock) -> None:
    settings = Settings(
        _env_file=None,
        email_backend="memory",
        bcrypt_rounds=4,
        token_idle_timeout=600,
        token_max_age=3600,
    )
    composition = compose(settings, mailer=mailer, clock=clock)
    token = await signed_in(composition)
    clock.advance(timedelta(seconds=599))
    assert await composition.rules.sessions.authenticate(token) is not None
    clock.advance(timedelta(seconds=601))
    assert await composition.rules.sessions.authenticate(token) is None


async def test_the_session_list_marks_the_current_one_and_shows_no_token(
    composition: Composition,
) -> None:
    first = await signed_in(composition, client_ip="10.0.0.1", user_agent="Firefox")
    second = await signed_in(composition, client_ip="10.0.0.2", user_agent="x" * 1000)
    current = await composition.rules.sessions.authenticate(second)
    assert current is not None
    listed = await composition.rules.sessions.list_sessions(session=current)
    assert [(s.client_ip, s.user_agent, s.current) for s in listed] == [
        ("10.0.0.2", "x" * 255, True),
        ("10.0.0.1", "Firefox", False),
    ]
    shown = repr(listed)
    for token in (first, second):
        assert token not in shown
    for row in await ApiToken.all():
        assert row.token_hash not in shown


async def test_the_client_is_refreshed_as_coarsely_as_the_last_use(
    composition: Composition, clock: ManualClock
) -> None:
    token = await signed_in(composition, client_ip="10.0.0.1", user_agent="Firefox")
    moved = Client(ip="10.9.9.9", user_agent="Safari")
    clock.advance(timedelta(seconds=30))
    session = await composition.rules.sessions.authenticate(token, client=moved)
    assert session is not None
    row = await ApiToken.get(id=session.token_id)
    assert (row.client_ip, row.user_agent) == ("10.0.0.1", "Firefox")
    clock.advance(timedelta(minutes=2))
    await composition.rules.sessions.authenticate(token, client=moved)
    row = await ApiToken.get(id=session.token_id)
    assert (row.client_ip, row.user_agent) == ("10.9.9.9", "Safari")
    assert row.last_used_at == clock.now()


async def test_ending_another_session_of_ones_own_account(composition: Composition) -> None:
    mine = await signed_in(composition)
    other = await signed_in(composition)
    session = await composition.rules.sessions.authenticate(mine)
    assert session is not None
    (other_info,) = [
        s for s in await composition.rules.sessions.list_sessions(session=session) if not s.current
    ]
    await composition.rules.sessions.revoke_session(session=session, session_id=str(other_info.id))
    assert await composition.rules.sessions.authenticate(other) is None
    assert await composition.rules.sessions.authenticate(mine) is not None
    assert [s.current for s in await composition.rules.sessions.list_sessions(session=session)] == [
        True
    ]


async def test_ending_ones_own_current_session_signs_out(composition: Composition) -> None:
    token = await signed_in(composition)
    session = await composition.rules.sessions.authenticate(token)
    assert session is not None
    await composition.rules.sessions.revoke_session(
        session=session, session_id=f" {session.token_id} "
    )
    assert await composition.rules.sessions.authenticate(token) is None


async def _refused(composition: Composition, session: Session, session_id: str) -> list[ErrorCode]:
    return await refused_with(
        composition.rules.sessions.revoke_session(session=session, session_id=session_id)
    )


async def test_another_accounts_session_or_an_unknown_id_is_not_found(
    composition: Composition, clock: ManualClock
) -> None:
    mine = await signed_in(composition, "ann")
    theirs = await signed_in(composition, "bob")
    session = await composition.rules.sessions.authenticate(mine)
    their_session = await composition.rules.sessions.authenticate(theirs)
    assert session is not None and their_session is not None
    for wanted in (str(their_session.token_id), "999999", "0", "-1", "abc", "1" * 5000, "٣"):
        assert await _refused(composition, session, wanted) == [ErrorCode.NOT_FOUND]
    assert await composition.rules.sessions.authenticate(theirs) is not None
    assert await _refused(composition, session, " ") == [ErrorCode.REQUIRED]


async def test_a_dead_session_is_not_listed_and_cannot_be_ended(
    composition: Composition, clock: ManualClock
) -> None:
    old = await signed_in(composition)
    old_session = await composition.rules.sessions.authenticate(old)
    assert old_session is not None
    clock.advance(15 * DAY)
    new = await signed_in(composition)
    session = await composition.rules.sessions.authenticate(new)
    assert session is not None
    assert [s.current for s in await composition.rules.sessions.list_sessions(session=session)] == [
        True
    ]
    assert await _refused(composition, session, str(old_session.token_id)) == [ErrorCode.NOT_FOUND]
    await logout(session=session)
    assert await composition.rules.sessions.authenticate(new) is None
