"""Each list or get request sends a fixed number of SQL statements, however many rows.

One for the unfiltered list (its kept count joined to the page), at most 2 for a filtered
one (the count, then the page), plus 1 for the token check, which also decides the token's
lifetimes.
"""

from collections.abc import Awaitable, Callable
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
from tests.http.statements import counting_statements

TOKEN_CHECK = 1
LIST_STATEMENTS = 1
FILTERED_LIST_STATEMENTS = 2

USERS_QUERY = "query ($page: Int!) { users(limit: 50, page: $page) { count data { id username profileImage } } }"
USER_QUERY = "query ($id: Int) { user(id: $id) { id username email } }"


@pytest.fixture
async def token(client: httpx.AsyncClient, mailer: MemoryMailer) -> str:
    return await signed_up(client, mailer, username="alice")


async def add_users(services: Composition, number: int) -> list[int]:
    return [(await make_user(services)).id for _ in range(number)]


async def test_rest_list_is_count_and_page_plus_token_check_however_many_rows(
    client: httpx.AsyncClient,
    db: TortoiseContext,
    services: Composition,
    token: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    headers = {"Authorization": f"Token {token}"}
    seen = []
    with counting_statements(db, monkeypatch) as log:
        for extra in (2, 60):
            await add_users(services, extra)
            log.clear()
            response = await client.get("/users?limit=50", headers=headers)
            assert response.status_code == 200
            seen.append((len(response.json()["data"]), len(log)))
    assert seen == [(3, TOKEN_CHECK + LIST_STATEMENTS), (50, TOKEN_CHECK + LIST_STATEMENTS)]


async def test_rest_filtered_list_is_count_and_page_plus_token_check_however_many_rows(
    client: httpx.AsyncClient,
    db: TortoiseContext,
    services: Composition,
    token: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    headers = {"Authorization": f"Token {token}"}
    seen = []
    with counting_statements(db, monkeypatch) as log:
        for extra in (2, 60):
            await add_users(services, extra)
            log.clear()
            response = await client.get("/users?limit=50&username__icontains=u", headers=headers)
            assert response.status_code == 200
            seen.append((len(response.json()["data"]), len(log)))
    expected = TOKEN_CHECK + FILTERED_LIST_STATEMENTS
    assert seen == [(2, expected), (50, expected)]


@pytest.mark.parametrize("query", ["", "&username__icontains=alice"], ids=["all", "filtered"])
async def test_rest_page_past_the_end_is_one_statement_and_empty(
    client: httpx.AsyncClient,
    db: TortoiseContext,
    token: str,
    monkeypatch: pytest.MonkeyPatch,
    query: str,
) -> None:
    with counting_statements(db, monkeypatch) as log:
        response = await client.get(
            f"/users?page=9&limit=50{query}", headers={"Authorization": token}
        )
    assert response.status_code == 200
    assert (response.json()["count"], response.json()["data"]) == (1, [])
    assert len(log) == TOKEN_CHECK + 1


async def test_graphql_list_is_count_and_page_plus_token_check_however_many_rows(
    client: httpx.AsyncClient,
    db: TortoiseContext,
    services: Composition,
    token: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen = []
    with counting_statements(db, monkeypatch) as log:
        for extra in (2, 60):
            await add_users(services, extra)
            log.clear()
            body = await graphql(client, USERS_QUERY, token, page=1)
            seen.append((len(body["data"]["users"]["data"]), len(log)))
    assert seen == [(3, TOKEN_CHECK + LIST_STATEMENTS), (50, TOKEN_CHECK + LIST_STATEMENTS)]


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
    db: TortoiseContext,
    services: Composition,
    token: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (other,) = await add_users(services, 1)
    with counting_statements(db, monkeypatch) as log:
        own = await fetch(client, token, None)
        own_count = len(log)
        log.clear()
        someone = await fetch(client, token, other)
        someone_count = len(log)
    assert own["email"] == "alice@example.com"
    assert someone["id"] == other and someone.get("email") is None
    assert (own_count, someone_count) == (TOKEN_CHECK, TOKEN_CHECK + 1)


async def test_the_token_check_stays_one_statement_with_lifetimes_and_the_session_list(
    client: httpx.AsyncClient,
    db: TortoiseContext,
    clock: ManualClock,
    token: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The idle and absolute lifetimes are in the one query; the last use and the client
    are written once per resolution, and a dead token costs the same one query."""
    headers = {"Authorization": f"Token {token}"}
    seen = []
    with counting_statements(db, monkeypatch) as log:
        for step in (timedelta(0), timedelta(minutes=2), timedelta(seconds=10), timedelta(days=14)):
            clock.advance(step)
            log.clear()
            response = await client.get("/user", headers=headers)
            seen.append((response.status_code, len(log)))
    assert seen == [
        (200, TOKEN_CHECK),
        (200, TOKEN_CHECK + 1),
        (200, TOKEN_CHECK),
        (401, TOKEN_CHECK),
    ]


async def test_the_session_list_is_the_token_check_and_one_query(
    client: httpx.AsyncClient, db: TortoiseContext, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with counting_statements(db, monkeypatch) as log:
        body = await graphql(client, "{ sessions { id current } }", token)
    assert [s["current"] for s in body["data"]["sessions"]] == [True]
    assert len(log) == TOKEN_CHECK + 1
