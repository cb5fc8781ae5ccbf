from datetime import UTC, datetime

import pytest

from adapters.composition import Composition
from domain.codes import digest
from domain.errors import DomainError, ErrorCode
from domain.sessions import _instant, token_from_authorization
from domain.tokens import logout
from models import ApiToken
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.usefixtures("db")


async def test_login_by_username_or_email_issues_distinct_tokens(composition: Composition) -> None:
    user = await make_user(composition, username="Dave", email="dave@example.com")
    by_name = await composition.rules.sessions.login(username="dave", password=PASSWORD)
    by_email = await composition.rules.sessions.login(
        username="DAVE@example.com", password=PASSWORD
    )
    assert by_name != by_email and len(by_name) >= 22
    for token in (by_name, by_email):
        session = await composition.rules.sessions.authenticate(token)
        assert session is not None and session.user.id == user.id
    assert await ApiToken.filter(token_hash=digest(by_name)).exists()
    assert not await ApiToken.filter(token_hash=by_name).exists()


@pytest.mark.parametrize(
    ("username", "password"), [("dave", "wrong password entirely"), ("nobody", PASSWORD)]
)
async def test_every_login_failure_is_the_same(
    composition: Composition, username: str, password: str
) -> None:
    await make_user(composition, username="dave")
    with pytest.raises(DomainError) as raised:
        await composition.rules.sessions.login(username=username, password=password)
    assert [(e.code, e.field) for e in raised.value.errors] == [
        (ErrorCode.INVALID_CREDENTIALS, None)
    ]


async def test_inactive_accounts_cannot_log_in(composition: Composition) -> None:
    await make_user(composition, username="eve", is_active=False)
    # The right password of an inactive account fails as a wrong one does.
    with pytest.raises(DomainError) as raised:
        await composition.rules.sessions.login(username="eve", password=PASSWORD)
    assert [(e.code, e.field) for e in raised.value.errors] == [
        (ErrorCode.INVALID_CREDENTIALS, None)
    ]


async def test_logout_revokes_only_the_token_used(composition: Composition) -> None:
    await make_user(composition, username="frank")
    first = await composition.rules.sessions.login(username="frank", password=PASSWORD)
    second = await composition.rules.sessions.login(username="frank", password=PASSWORD)
    session = await composition.rules.sessions.authenticate(first)
    assert session is not None
    await logout(session=session)
    assert await composition.rules.sessions.authenticate(first) is None
    assert await composition.rules.sessions.authenticate(second) is not None


async def test_a_sessions_user_is_its_accounts_record_and_the_same_object_each_time(
    composition: Composition,
) -> None:
    user = await make_user(composition, username="grace", email="grace@example.com")
    token = await composition.rules.sessions.login(username="grace", password=PASSWORD)
    session = await composition.rules.sessions.authenticate(token)
    assert session is not None
    assert session.user_id == user.id
    assert session.user is session.user
    assert (session.user.id, session.user.username, session.user.email) == (
        user.id,
        "grace",
        "grace@example.com",
    )
    assert session.user.date_joined == user.date_joined


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ("abc", "abc"),
        ("Token abc", "abc"),
        ("Bearer abc", "abc"),
        ("token  abc ", "abc"),
        ("Basic abc", None),
        ("a b c", None),
        (None, None),
    ],
)
def test_authorization_header_forms(header: str | None, token: str | None) -> None:
    assert token_from_authorization(header) == token


@pytest.mark.parametrize(
    "stored",
    [
        "2026-12-07T09:00:00+00:00",  # SQLite's text
        "2026-12-07T11:00:00+02:00",  # the same instant in another zone
        datetime(2026, 12, 7, 9, tzinfo=UTC),  # asyncpg's
        "2026-12-07 09:00:00",  # naive: in the configured zone (UTC), as Tortoise reads it
        datetime(2026, 12, 7, 9),
    ],
)
def test_a_tokens_timestamp_is_read_as_its_instant(stored: object) -> None:
    read = _instant(stored)
    assert read is not None and read.utcoffset() is not None
    assert read.timestamp() == datetime(2026, 12, 7, 9, tzinfo=UTC).timestamp()
    assert _instant(None) is None
