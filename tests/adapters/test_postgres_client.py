"""Issue 16, points 18 and 20: after a database fault no connection stays checked out of
the pool (its close at shutdown waited 10 s for one), and a connection left in an unknown
state is closed rather than handed out again."""

from collections.abc import AsyncIterator

import asyncpg
import pytest
from tortoise.backends.asyncpg.client import TransactionWrapper
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.context import TortoiseContext
from tortoise.transactions import in_transaction

from adapters.database import tortoise_config
from adapters.postgres_client import FlowbackAsyncpgClient, checked_out_connections
from tests.conftest import database_url_for, postgres_param

pytestmark = pytest.mark.parametrize("backend", [postgres_param()])
IN_PROGRESS = "cannot switch to state 15; another operation (2) is in progress"


@pytest.fixture
async def client(backend: str) -> AsyncIterator[FlowbackAsyncpgClient]:
    """The service's own PostgreSQL client, with a pool of one connection."""
    config = tortoise_config(
        database_url_for(backend), pool={"minsize": 1, "maxsize": 1, "timeout": 5}
    )
    async with TortoiseContext() as ctx:
        await ctx.init(config=config, _create_db=True)
        connection = ctx.db("postgres")
        assert isinstance(connection, FlowbackAsyncpgClient)
        yield connection


async def backend_pid(connection: BaseDBAsyncClient) -> int:
    rows = await connection.execute_query_dict("SELECT pg_backend_pid() AS pid")
    return int(rows[0]["pid"])


async def test_a_failed_begin_gives_its_connection_back(
    client: FlowbackAsyncpgClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    await backend_pid(client)

    async def terminated_begin(self: TransactionWrapper) -> None:
        raise asyncpg.ConnectionDoesNotExistError(
            "connection was closed in the middle of operation"
        )

    monkeypatch.setattr(TransactionWrapper, "begin", terminated_begin)
    with pytest.raises(asyncpg.ConnectionDoesNotExistError):
        async with in_transaction("postgres"):
            pass
    monkeypatch.undo()
    assert checked_out_connections(client) == 0
    # The pool of one is usable again, and the task sees no leftover transaction.
    async with in_transaction("postgres") as transaction:
        await backend_pid(transaction)
    assert await backend_pid(client) > 0
    assert checked_out_connections(client) == 0


async def test_a_connection_in_an_unknown_state_is_not_reused(
    client: FlowbackAsyncpgClient,
) -> None:
    first = await backend_pid(client)
    with pytest.raises(asyncpg.InternalClientError):
        async with client.acquire_connection():
            raise asyncpg.InternalClientError(IN_PROGRESS)
    second = await backend_pid(client)
    assert second != first

    async def fails_in_a_transaction() -> None:
        async with in_transaction("postgres") as transaction:
            await backend_pid(transaction)
            raise asyncpg.InternalClientError(IN_PROGRESS)

    with pytest.raises(asyncpg.InternalClientError):
        await fails_in_a_transaction()
    assert await backend_pid(client) != second
    assert checked_out_connections(client) == 0


async def test_a_healthy_connection_is_reused(client: FlowbackAsyncpgClient) -> None:
    first = await backend_pid(client)
    with pytest.raises(ValueError, match="a bug"):
        async with in_transaction("postgres"):
            raise ValueError("a bug, not an outage")
    assert await backend_pid(client) == first


async def test_a_query_outside_a_transaction_is_one_round_trip(
    client: FlowbackAsyncpgClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    await backend_pid(client)
    sent: list[str] = []
    execute, prepared = asyncpg.Connection.execute, asyncpg.Connection._execute

    async def noted_execute(self: asyncpg.Connection, query: str, *args: object) -> object:
        sent.append(query)
        return await execute(self, query, *args)

    async def noted_prepared(
        self: asyncpg.Connection, query: str, *args: object, **kw: object
    ) -> object:
        sent.append(query)
        return await prepared(self, query, *args, **kw)

    monkeypatch.setattr(asyncpg.Connection, "execute", noted_execute)
    monkeypatch.setattr(asyncpg.Connection, "_execute", noted_prepared)
    assert await backend_pid(client) > 0
    assert sent == ["SELECT pg_backend_pid() AS pid"]


async def test_a_transaction_left_open_is_rolled_back_when_its_connection_goes_back(
    client: FlowbackAsyncpgClient,
) -> None:
    first = await backend_pid(client)
    async with client.acquire_connection() as connection:
        await connection.execute("BEGIN")
        await connection.execute("CREATE TEMPORARY TABLE left_open (id int)")
    # The pool of one hands out the same session, with no transaction and nothing of it.
    assert await backend_pid(client) == first
    rows = await client.execute_query_dict(
        "SELECT count(*) AS tables FROM pg_tables WHERE tablename = 'left_open'"
    )
    assert rows == [{"tables": 0}]
    async with client.acquire_connection() as connection:
        assert not connection.is_in_transaction()
