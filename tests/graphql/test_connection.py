"""``usersConnection``: Relay cursor paging both ways, with the list's filters, visibility
and count."""

from typing import Any

import pytest

from adapters.composition import Composition
from domain.cursor_paging import cursor_of
from models import User
from tests.factories import PASSWORD, make_user
from tests.graphql.helpers import execute

pytestmark = pytest.mark.usefixtures("db")

CONNECTION = """
query($first: Int, $after: String, $last: Int, $before: String, $contains: String) {
  usersConnection(first: $first, after: $after, last: $last, before: $before,
                  usernameContains: $contains) {
    edges { cursor node { username email } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"""


async def _users(composition: Composition, number: int) -> tuple[list[User], str]:
    users = [await make_user(composition, username=f"u{index:02d}") for index in range(number)]
    token = await composition.rules.sessions.login(username="u00", password=PASSWORD)
    return users, token


async def _page(composition: Composition, token: str, **variables: Any) -> Any:
    result = await execute(composition, CONNECTION, token, **variables)
    assert result.errors is None, result.errors
    return result.data["usersConnection"]


def _names(page: Any) -> list[str]:
    return [edge["node"]["username"] for edge in page["edges"]]


async def test_forward_through_every_page(composition: Composition) -> None:
    users, token = await _users(composition, 7)
    first = await _page(composition, token, first=3)
    assert _names(first) == ["u00", "u01", "u02"]
    assert first["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": False,
        "startCursor": cursor_of(users[0].id),
        "endCursor": cursor_of(users[2].id),
    }
    assert [edge["cursor"] for edge in first["edges"]] == [cursor_of(u.id) for u in users[:3]]
    second = await _page(composition, token, first=3, after=first["pageInfo"]["endCursor"])
    assert _names(second) == ["u03", "u04", "u05"]
    assert second["pageInfo"]["hasPreviousPage"] is True
    last = await _page(composition, token, first=3, after=second["pageInfo"]["endCursor"])
    assert _names(last) == ["u06"]
    assert (last["pageInfo"]["hasNextPage"], last["pageInfo"]["hasPreviousPage"]) == (False, True)
    past = await _page(composition, token, first=3, after=last["pageInfo"]["endCursor"])
    assert past["edges"] == []
    assert past["pageInfo"] == {
        "hasNextPage": False,
        "hasPreviousPage": True,
        "startCursor": None,
        "endCursor": None,
    }


async def test_backward_from_the_end_and_before_a_cursor(composition: Composition) -> None:
    users, token = await _users(composition, 5)
    tail = await _page(composition, token, last=2)
    assert _names(tail) == ["u03", "u04"]
    assert (tail["pageInfo"]["hasNextPage"], tail["pageInfo"]["hasPreviousPage"]) == (False, True)
    before = await _page(composition, token, last=2, before=tail["pageInfo"]["startCursor"])
    assert _names(before) == ["u01", "u02"]
    assert (before["pageInfo"]["hasNextPage"], before["pageInfo"]["hasPreviousPage"]) == (
        True,
        True,
    )
    between = await _page(
        composition, token, after=cursor_of(users[0].id), before=cursor_of(users[4].id)
    )
    assert _names(between) == ["u01", "u02", "u03"]


async def test_a_deleted_rows_cursor_keeps_its_place(composition: Composition) -> None:
    users, token = await _users(composition, 4)
    await User.filter(id=users[1].id).update(is_active=False)
    page = await _page(composition, token, first=5, after=cursor_of(users[1].id))
    assert _names(page) == ["u02", "u03"]
    assert page["pageInfo"]["hasPreviousPage"] is True


async def test_the_lists_filters_visibility_and_count(composition: Composition) -> None:
    _, token = await _users(composition, 12)
    await User.filter(username="u11").update(is_active=False)
    query = '{ usersConnection(first: 2, usernameContains: "U1") { totalCount edges { node { username email } } } }'
    page = (await execute(composition, query, token)).data["usersConnection"]
    assert page == {
        "totalCount": 1,
        "edges": [{"node": {"username": "u10", "email": None}}],
    }
    everyone = await execute(
        composition, "{ usersConnection(first: 1) { totalCount edges { node { email } } } }", token
    )
    assert everyone.data["usersConnection"]["totalCount"] == 11
    assert everyone.data["usersConnection"]["edges"][0]["node"]["email"] is not None
    listed = await execute(composition, "{ users { count } }", token)
    assert listed.data["users"]["count"] == 11


@pytest.mark.parametrize(
    ("arguments", "field"),
    [("first: -1", "first"), ("first: 1, last: 1", "last"), ('after: "x"', "after")],
)
async def test_bad_arguments_are_a_top_level_error(
    composition: Composition, arguments: str, field: str
) -> None:
    _, token = await _users(composition, 1)
    result = await execute(
        composition, f"{{ usersConnection({arguments}) {{ totalCount }} }}", token
    )
    assert result.data is None
    assert result.errors[0].extensions == {"code": "INVALID_PAGINATION", "field": field}


async def test_it_needs_a_signed_in_caller(composition: Composition) -> None:
    result = await execute(composition, "{ usersConnection { totalCount } }")
    assert result.data is None
    assert result.errors[0].extensions == {"code": "UNAUTHENTICATED"}
