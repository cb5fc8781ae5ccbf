"""``usersConnection`` over HTTP: a page costs the same statements at any depth, each one read
from the id index, and ``totalCount`` costs a statement only when it is selected."""

from collections.abc import Iterator

import httpx
import pytest
from tortoise.context import TortoiseContext

from adapters.composition import Composition
from domain.cursor_paging import cursor_of
from models import User
from tests.factories import make_user
from tests.http.helpers import graphql, signed_up
from tests.http.statements import StatementLog, counting_statements

TOKEN_CHECK = 1
PAGE = "query($after: String) { usersConnection(first: 50, after: $after) { edges { node { id } } pageInfo { hasNextPage hasPreviousPage } } }"
COUNTED = "query($after: String) { usersConnection(first: 50, after: $after) { totalCount edges { node { id } } } }"


@pytest.fixture
async def token(client: httpx.AsyncClient, mailer: object) -> str:
    return await signed_up(client, mailer, username="alice")  # type: ignore[arg-type]


@pytest.fixture
def statements(
    db: TortoiseContext, token: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[StatementLog]:
    with counting_statements(db, monkeypatch) as log:
        yield log


async def _ids(client: httpx.AsyncClient, token: str, query: str, after: str | None) -> list[int]:
    body = await graphql(client, query, token, after=after)
    assert "errors" not in body, body
    return [edge["node"]["id"] for edge in body["data"]["usersConnection"]["edges"]]


async def test_a_deep_page_sends_the_statements_of_the_first(
    client: httpx.AsyncClient, composition: Composition, token: str, statements: StatementLog
) -> None:
    ids = [(await make_user(composition)).id for _ in range(120)]
    statements.clear()
    assert len(await _ids(client, token, PAGE, None)) == 50
    first = list(statements.statements)
    deep_after = cursor_of(ids[60])
    statements.clear()
    assert await _ids(client, token, PAGE, deep_after) == ids[61:111]
    deep = list(statements.statements)
    # The first page needs no probe behind it; any later one probes one index entry.
    assert (len(first), len(deep)) == (TOKEN_CHECK + 1, TOKEN_CHECK + 2)
    assert not any("OFFSET" in statement.upper() for statement in first + deep)
    statements.clear()
    assert len(await _ids(client, token, COUNTED, deep_after)) == 50
    assert len(statements) == TOKEN_CHECK + 2 + 1


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_each_statement_searches_the_id_index(
    client: httpx.AsyncClient, composition: Composition, token: str, statements: StatementLog
) -> None:
    ids = [(await make_user(composition)).id for _ in range(30)]
    statements.clear()
    await _ids(client, token, PAGE, cursor_of(ids[10]))
    backward = "query($b: String) { usersConnection(last: 5, before: $b) { edges { cursor } } }"
    await graphql(client, backward, token, b=cursor_of(ids[20]))
    connection = User._meta.db
    reads = [statement for statement in statements.statements if 'FROM "users"' in statement]
    assert len(reads) == 4
    for statement in reads:
        values = [True, ids[10], 51][: statement.count("?")]
        plan = await connection.execute_query_dict(f"EXPLAIN QUERY PLAN {statement}", values)
        details = " ".join(row["detail"] for row in plan)
        assert "SEARCH users USING" in details and "INDEX" in details, (statement, details)
        assert "SCAN" not in details and "TEMP B-TREE" not in details, (statement, details)
