"""Each list or get request sends a fixed number of SQL statements, however many rows.

One for the unfiltered list (its kept count joined to the page), at most 2 for a filtered
one (the count, then the page), plus 1 for the token check, which also decides the token's
lifetimes.
"""

from collections.abc import Awaitable, Callable, Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from tortoise.context import TortoiseContext

from adapters.composition import Composition
from adapters.mailers import MemoryMailer
from domain.clock import ManualClock
from tests.factories import make_user
from tests.http.helpers import graphql, signed_up
from tests.http.statements import StatementLog, counting_statements

TOKEN_CHECK = 1
LIST_STATEMENTS = 1
FILTERED_LIST_STATEMENTS = 2

USERS_QUERY = "query ($page: Int!) { users(limit: 50, page: $page) { count data { id username profileImage } } }"
USER_QUERY = "query ($id: Int) { user(id: $id) { id username email } }"


@pytest.fixture
async def token(client: httpx.AsyncClient, mailer: MemoryMailer) -> str:
    return await signed_up(client, mailer, username="alice")


@pytest.fixture
def statements(
    db: TortoiseContext, token: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[StatementLog]:
    """The statements sent through the models' connection once Alice is signed in."""
    with counting_statements(db, monkeypatch) as log:
        yield log


async def add_users(composition: Composition, number: int) -> list[int]:
    return [(await make_user(composition)).id for _ in range(number)]


async def rest_rows(client: httpx.AsyncClient, token: str, query: str) -> int:
    response = await client.get(
        f"/users?limit=50{query}", headers={"Authorization": f"Token {token}"}
    )
    assert response.status_code == 200
    return len(response.json()["data"])


async def graphql_rows(client: httpx.AsyncClient, token: str, query: str) -> int:
    assert query == "", "the GraphQL list is not filtered here"
    body = await graphql(client, USERS_QUERY, token, page=1)
    return len(body["data"]["users"]["data"])


@pytest.mark.parametrize(
    ("rows", "query", "first_rows", "sent"),
    [
        (rest_rows, "", 3, TOKEN_CHECK + LIST_STATEMENTS),
        (rest_rows, "&username__icontains=u", 2, TOKEN_CHECK + FILTERED_LIST_STATEMENTS),
        (graphql_rows, "", 3, TOKEN_CHECK + LIST_STATEMENTS),
    ],
    ids=["rest", "rest-filtered", "graphql"],
)
async def test_a_list_is_count_and_page_plus_token_check_however_many_rows(
    rows: Callable[[httpx.AsyncClient, str, str], Awaitable[int]],
    query: str,
    first_rows: int,
    sent: int,
    client: httpx.AsyncClient,
    composition: Composition,
    token: str,
    statements: StatementLog,
) -> None:
    seen = []
    for extra in (2, 60):
        await add_users(composition, extra)
        statements.clear()
        seen.append((await rows(client, token, query), len(statements)))
    assert seen == [(first_rows, sent), (50, sent)]


@pytest.mark.parametrize("query", ["", "&username__icontains=alice"], ids=["all", "filtered"])
async def test_rest_page_past_the_end_is_one_statement_and_empty(
    client: httpx.AsyncClient, token: str, statements: StatementLog, query: str
) -> None:
    response = await client.get(f"/users?page=9&limit=50{query}", headers={"Authorization": token})
    assert response.status_code == 200
    assert (response.json()["count"], response.json()["data"]) == (1, [])
    assert len(statements) == TOKEN_CHECK + 1


async def rest_user(client: httpx.AsyncClient, token: str, user_id: int | None) -> Any:
    query = "" if user_id is None else f"?id={user_id}"
    response = await client.get(f"/user{query}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    return response.json()


async def graphql_user(client: httpx.AsyncClient, token: str, user_id: int | None) -> Any:
    return (await graphql(client, USER_QUERY, token, id=user_id))["data"]["user"]


@pytest.mark.parametrize("fetch", [rest_user, graphql_user], ids=["rest", "graphql"])
async def test_get_is_the_token_check_and_one_lookup(
    fetch: Callable[[httpx.AsyncClient, str, int | None], Awaitable[Any]],
    client: httpx.AsyncClient,
    composition: Composition,
    token: str,
    statements: StatementLog,
) -> None:
    (other,) = await add_users(composition, 1)
    statements.clear()
    own = await fetch(client, token, None)
    own_count = len(statements)
    statements.clear()
    someone = await fetch(client, token, other)
    assert own["email"] == "alice@example.com"
    assert someone["id"] == other and someone.get("email") is None
    assert (own_count, len(statements)) == (TOKEN_CHECK, TOKEN_CHECK + 1)


async def test_the_token_check_stays_one_statement_with_lifetimes_and_the_session_list(
    client: httpx.AsyncClient, clock: ManualClock, token: str, statements: StatementLog
) -> None:
    """The idle and absolute lifetimes are in the one query; the last use and the client
    are written once per resolution, and a dead token costs the same one query."""
    headers = {"Authorization": f"Token {token}"}
    seen = []
    for step in (timedelta(0), timedelta(minutes=2), timedelta(seconds=10), timedelta(days=14)):
        clock.advance(step)
        statements.clear()
        response = await client.get("/user", headers=headers)
        seen.append((response.status_code, len(statements)))
    assert seen == [
        (200, TOKEN_CHECK),
        (200, TOKEN_CHECK + 1),
        (200, TOKEN_CHECK),
        (401, TOKEN_CHECK),
    ]


async def test_the_session_list_is_the_token_check_and_one_query(
    client: httpx.AsyncClient, token: str, statements: StatementLog
) -> None:
    body = await graphql(client, "{ sessions { id current } }", token)
    assert [s["current"] for s in body["data"]["sessions"]] == [True]
    assert len(statements) == TOKEN_CHECK + 1
