"""The GraphQL layer through ``schema.execute``: payloads, __typename and top-level errors."""

import pytest

from adapters.composition import Composition
from adapters.mailers import MemoryMailer
from tests.conftest import deliver
from tests.factories import PASSWORD, code_in, make_user
from tests.graphql.helpers import execute

pytestmark = pytest.mark.usefixtures("db")


REGISTER = "mutation($u: String!, $e: String!) { register(username: $u, email: $e) { __typename ok errors { field code message } } }"
VERIFY = "mutation($c: String!, $p: String!) { verifyRegistration(verificationCode: $c, password: $p) { user { __typename id username email } errors { field code } } }"
LOGIN = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token errors { field code message } } }"


async def test_register_verify_login_payloads(
    composition: Composition, mailer: MemoryMailer
) -> None:
    result = await execute(composition, REGISTER, u="alice", e="alice@example.com")
    assert result.errors is None
    assert result.data["register"] == {"__typename": "RegisterPayload", "ok": True, "errors": []}
    assert await deliver(composition) == 1
    result = await execute(composition, VERIFY, c=code_in(mailer.outbox[-1]), p=PASSWORD)
    user = result.data["verifyRegistration"]["user"]
    assert (user["__typename"], user["username"], user["email"]) == (
        "User",
        "alice",
        "alice@example.com",
    )
    result = await execute(composition, LOGIN, u="alice", p=PASSWORD)
    assert result.data["login"]["errors"] == [] and result.data["login"]["token"]


async def test_expected_failures_are_payload_errors(composition: Composition) -> None:
    result = await execute(composition, REGISTER, u="bad name", e="x")
    assert result.errors is None
    assert result.data["register"]["ok"] is False
    assert [(e["field"], e["code"]) for e in result.data["register"]["errors"]] == [
        ("username", "INVALID_USERNAME"),
        ("email", "INVALID_EMAIL"),
    ]
    result = await execute(composition, LOGIN, u="ghost", p=PASSWORD)
    assert result.data["login"] == {
        "token": None,
        "errors": [
            {
                "field": None,
                "code": "INVALID_CREDENTIALS",
                "message": "Unable to log in with provided credentials.",
            }
        ],
    }


async def test_users_and_user_need_a_signed_in_caller(composition: Composition) -> None:
    for query, data in (("{ users { count } }", None), ("{ user { id } }", {"user": None})):
        result = await execute(composition, query, token="not-a-token")
        assert result.data == data
        assert result.errors[0].extensions == {"code": "UNAUTHENTICATED"}


async def test_email_only_on_own_record_and_unknown_id_is_null(composition: Composition) -> None:
    me = await make_user(
        composition,
        username="me",
        email="me@example.com",
        user_config='{"lang": "sv"}',
        dark_theme=True,
    )
    other = await make_user(composition, username="other", user_config='{"lang": "en"}')
    token = await composition.rules.sessions.login(username="me", password=PASSWORD)
    query = "query($id: Int) { user(id: $id) { id username email } }"
    assert (await execute(composition, query, token)).data["user"] == {
        "id": me.id,
        "username": "me",
        "email": "me@example.com",
    }
    assert (await execute(composition, query, token, id=other.id)).data["user"]["email"] is None
    assert (await execute(composition, query, token, id=987654)).data == {"user": None}
    listed = await execute(
        composition, "{ users(limit: 50) { data { username email settings darkTheme } } }", token
    )
    assert listed.data["users"]["data"] == [
        {
            "username": "me",
            "email": "me@example.com",
            "settings": {"lang": "sv"},
            "darkTheme": True,
        },
        {"username": "other", "email": None, "settings": None, "darkTheme": None},
    ]


async def test_users_paging_matches_rest_rules(composition: Composition) -> None:
    await make_user(composition, username="me")
    for number in range(11):
        await make_user(composition, username=f"u{number:02d}")
    token = await composition.rules.sessions.login(username="me", password=PASSWORD)
    query = '{ users(page: 2, limit: 3, offset: 1, usernameContains: "U0") { count totalPage page limit offset hasNext hasPrevious data { username } } }'
    page = (await execute(composition, query, token)).data["users"]
    assert page == {
        "count": 10,
        "totalPage": 3,
        "page": 2,
        "limit": 3,
        "offset": 1,
        "hasNext": True,
        "hasPrevious": True,
        "data": [{"username": "u04"}, {"username": "u05"}, {"username": "u06"}],
    }
    capped = await execute(composition, "{ users(limit: 500) { limit } }", token)
    assert capped.data["users"]["limit"] == 50


@pytest.mark.parametrize("arguments", ["page: 0", "limit: 0", "offset: -1"])
async def test_bad_paging_is_a_top_level_error(composition: Composition, arguments: str) -> None:
    await make_user(composition, username="me")
    token = await composition.rules.sessions.login(username="me", password=PASSWORD)
    result = await execute(composition, f"{{ users({arguments}) {{ count }} }}", token)
    assert result.data is None
    assert result.errors[0].extensions["code"] == "INVALID_PAGINATION"


async def test_logout_needs_a_session(composition: Composition) -> None:
    result = await execute(composition, "mutation { logout { ok errors { code } } }")
    assert result.data["logout"] == {"ok": False, "errors": [{"code": "UNAUTHENTICATED"}]}
