"""Issue 23 item 5: on a SQLite file, short reads run on the event loop through a read-only
connection of their own; long ones, writes and transactions keep aiosqlite's thread."""

import asyncio
from typing import Any

import pytest
from tortoise.backends.sqlite.client import SqliteClient
from tortoise.context import TortoiseContext
from tortoise.transactions import in_transaction

from adapters.database import tortoise_config
from adapters.sqlite_client import LoopReader, LoopReadingSqliteClient, _dicts_of_width
from models import User

COUNT_USERS = 'SELECT COUNT(*) AS "n" FROM "users"'


@pytest.fixture
def thread_statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The statements that went to aiosqlite's thread."""
    sent: list[str] = []
    for name in ("execute_query", "execute_query_dict"):
        through_thread = getattr(SqliteClient, name)

        async def spy(
            self: SqliteClient, query: str, values: Any = None, *, _t: Any = through_thread
        ) -> Any:
            sent.append(query)
            return await _t(self, query, values)

        monkeypatch.setattr(SqliteClient, name, spy)
    return sent


async def add_user(number: int) -> User:
    name = f"user{number}"
    return await User.create(
        username=name, username_key=name, email=f"{name}@example.com", password_hash="x"
    )


async def count_users(client: LoopReadingSqliteClient) -> int:
    rows = await client.execute_query_dict(COUNT_USERS)
    return int(rows[0]["n"])


async def test_a_short_read_runs_on_the_loop(
    client: LoopReadingSqliteClient, thread_statements: list[str]
) -> None:
    await add_user(1)
    assert await count_users(client) == 1
    found = await User.get(username="user1")
    assert found.email == "user1@example.com"
    assert all(not query.lstrip().upper().startswith("SELECT") for query in thread_statements)


async def test_a_read_neither_waits_for_nor_sees_a_transaction_in_flight(
    client: LoopReadingSqliteClient,
) -> None:
    await add_user(1)
    async with in_transaction("sqlite"):
        await add_user(2)
        # Outside the transaction (another task), the read answers at once, as committed.
        outside = asyncio.create_task(count_users(client))
        assert await asyncio.wait_for(outside, timeout=5) == 1
    assert await count_users(client) == 2


async def test_a_read_over_its_budget_is_answered_off_the_loop(
    client: LoopReadingSqliteClient, thread_statements: list[str]
) -> None:
    for number in range(200):
        await add_user(number)
    assert client.reader is not None
    client.reader.close()
    client.reader = LoopReader(client.filename, budget_seconds=0)
    pairs = 'SELECT COUNT(*) AS "n" FROM "users" a JOIN "users" b ON a."id" < b."id"'
    assert await client.execute_query_dict(pairs) == [{"n": 200 * 199 // 2}]
    assert thread_statements == [pairs]


async def test_writes_and_transactions_keep_the_writing_connection(
    client: LoopReadingSqliteClient, thread_statements: list[str]
) -> None:
    user = await add_user(1)
    await User.filter(id=user.id).update(bio="Here.")
    async with in_transaction("sqlite") as transaction:
        rows = await transaction.execute_query_dict('SELECT "bio" FROM "users"')
    assert rows == [{"bio": "Here."}]
    assert any(query.startswith("UPDATE") for query in thread_statements)
    assert 'SELECT "bio" FROM "users"' in thread_statements


async def test_an_in_memory_database_has_no_second_connection() -> None:
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config("sqlite://:memory:"))
        await ctx.generate_schemas()
        connection = ctx.db("sqlite")
        assert isinstance(connection, LoopReadingSqliteClient)
        await add_user(1)
        assert connection.reader is None
        assert await count_users(connection) == 1


@pytest.mark.parametrize(
    ("names", "rows", "dicts"),
    [
        (("n",), [(1,), (2,)], [{"n": 1}, {"n": 2}]),
        (("a", "b", "c"), [(1, "x", None)], [{"a": 1, "b": "x", "c": None}]),
        (("a", "a"), [(1, 2)], [{"a": 2}]),
        (("a", "b"), [], []),
    ],
)
def test_rows_become_the_dicts_zip_makes(
    names: tuple[str, ...], rows: list[tuple[object, ...]], dicts: list[dict[str, object]]
) -> None:
    assert _dicts_of_width(len(names))(rows, *names) == dicts
    assert dicts == [dict(zip(names, row, strict=True)) for row in rows]
