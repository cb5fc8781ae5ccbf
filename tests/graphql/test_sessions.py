"""Sessions, token lifetimes and email change through ``schema.execute``."""

from datetime import timedelta

import pytest

from adapters.composition import Composition
from adapters.mailers import MemoryMailer
from domain.clock import ManualClock
from models import User
from tests.conftest import deliver
from tests.factories import PASSWORD, code_in, make_user
from tests.graphql.helpers import CLIENT_IP, USER_AGENT, execute

SESSIONS = "{ sessions { id createdAt lastUsedAt userAgent clientIp current } }"
ME = "{ user { id email } }"
REVOKE = "mutation($id: ID!) { revokeSession(id: $id) { __typename ok errors { field code } } }"
REQUEST = "mutation($p: String!, $e: String!) { requestEmailChange(password: $p, newEmail: $e) { ok errors { field code } } }"
CONFIRM = "mutation($c: String!) { confirmEmailChange(verificationCode: $c) { user { id email } errors { field code } } }"

pytestmark = pytest.mark.usefixtures("db")


async def signed_in(composition: Composition, username: str = "ann") -> str:
    if not await User.exists(username=username):
        await make_user(composition, username=username, email=f"{username}@example.com")
    return await composition.rules.sessions.login(
        username=username, password=PASSWORD, user_agent="curl/8.5"
    )


async def test_sessions_list_and_revoke(composition: Composition) -> None:
    other = await signed_in(composition)
    token = await signed_in(composition)
    listed = (await execute(composition, SESSIONS, token)).data["sessions"]
    assert [(s["current"], s["userAgent"]) for s in listed] == [
        (True, "curl/8.5"),
        (False, "curl/8.5"),
    ]
    assert all(token not in str(s) and other not in str(s) for s in listed)
    result = await execute(composition, REVOKE, token, id=listed[1]["id"])
    assert result.data["revokeSession"] == {
        "__typename": "RevokeSessionPayload",
        "ok": True,
        "errors": [],
    }
    assert (await execute(composition, ME, other)).errors[0].extensions["code"] == "UNAUTHENTICATED"
    assert (await execute(composition, ME, token)).data["user"]["email"] == "ann@example.com"


async def test_the_client_of_a_request_is_recorded(
    composition: Composition, clock: ManualClock
) -> None:
    token = await signed_in(composition)
    clock.advance(timedelta(minutes=5))
    listed = (await execute(composition, SESSIONS, token)).data["sessions"]
    assert (listed[0]["clientIp"], listed[0]["userAgent"]) == (CLIENT_IP, USER_AGENT)


@pytest.mark.parametrize("wanted", ["999", "abc", "-3"])
async def test_unknown_or_foreign_session_ids_are_not_found(
    composition: Composition, wanted: str
) -> None:
    token = await signed_in(composition)
    theirs = await signed_in(composition, "bob")
    (their_session,) = (await execute(composition, SESSIONS, theirs)).data["sessions"]
    for session_id in (wanted, their_session["id"]):
        result = await execute(composition, REVOKE, token, id=session_id)
        assert result.data["revokeSession"]["errors"] == [{"field": None, "code": "NOT_FOUND"}]
    assert (await execute(composition, SESSIONS, theirs)).data["sessions"] == [their_session]


async def test_anonymous_and_dead_tokens(composition: Composition, clock: ManualClock) -> None:
    token = await signed_in(composition)
    result = await execute(composition, SESSIONS)
    assert result.errors[0].extensions["code"] == "UNAUTHENTICATED"
    clock.advance(timedelta(days=14))
    result = await execute(composition, SESSIONS, token)
    assert result.errors[0].extensions["code"] == "UNAUTHENTICATED"
    result = await execute(composition, REVOKE, token, id="1")
    assert result.data["revokeSession"]["errors"] == [{"field": None, "code": "UNAUTHENTICATED"}]
    result = await execute(composition, REQUEST, token, p=PASSWORD, e="x@example.com")
    assert result.data["requestEmailChange"]["errors"][0]["code"] == "UNAUTHENTICATED"
    result = await execute(composition, CONFIRM, token, c="x")
    assert result.data["confirmEmailChange"]["errors"][0]["code"] == "UNAUTHENTICATED"


async def test_email_change(composition: Composition, mailer: MemoryMailer) -> None:
    token = await signed_in(composition)
    other = await signed_in(composition)
    result = await execute(
        composition, REQUEST, token, p="wrong password here", e="new@example.com"
    )
    assert result.data["requestEmailChange"] == {
        "ok": False,
        "errors": [{"field": "password", "code": "INVALID_PASSWORD"}],
    }
    result = await execute(composition, REQUEST, token, p=PASSWORD, e="new@example.com")
    assert result.data["requestEmailChange"] == {"ok": True, "errors": []}
    await deliver(composition)
    code = code_in(mailer.outbox[0])
    result = await execute(composition, CONFIRM, token, c="0b7e3c1a-5d2f-4c8e-9a61-7f3e2d1c0b9a")
    assert result.data["confirmEmailChange"] == {
        "user": None,
        "errors": [{"field": "verificationCode", "code": "INVALID_CODE"}],
    }
    result = await execute(composition, CONFIRM, token, c=code)
    assert result.data["confirmEmailChange"]["user"]["email"] == "new@example.com"
    assert (await execute(composition, ME, other)).errors[0].extensions["code"] == "UNAUTHENTICATED"
    result = await execute(composition, CONFIRM, token, c=code)
    assert result.data["confirmEmailChange"]["errors"][0]["code"] == "INVALID_CODE"
