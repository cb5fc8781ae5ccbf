"""Tortoise's asyncpg client with two faults fixed: a connection whose ``BEGIN`` failed went
back to the pool never (the shutdown then waited 10 s), and one left in an unknown state
went back to be handed out again; here both go back closed. And a connection goes back to
the pool without a second round trip (``keep_session``)."""

import contextlib
from typing import Any

import asyncpg
from tortoise.backends.asyncpg.client import AsyncpgDBClient, TransactionWrapper
from tortoise.backends.base.client import (
    PoolConnectionWrapper,
    TransactionalDBClient,
    TransactionContext,
    TransactionContextPooled,
)
from tortoise.connection import get_connections

from adapters.availability import is_outage
from adapters.bound_loop import BoundLoopCheck


def breaks_connection(error: BaseException | None) -> bool:
    return error is not None and (
        is_outage(error) or isinstance(error, asyncpg.InternalClientError)
    )


def _discard(connection: Any) -> None:
    """The pool opens a fresh one on its next acquire."""
    # A connection the pool took back already (it saw it close) needs nothing more.
    with contextlib.suppress(asyncpg.InterfaceError):
        connection.terminate()


class DiscardingPoolConnection(PoolConnectionWrapper[asyncpg.Connection]):
    async def __aexit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> None:
        if breaks_connection(exc_val) and self.connection is not None:
            _discard(self.connection)
        await super().__aexit__(exc_type, exc_val, exc_tb)


class ReleasingTransactionContext(TransactionContextPooled):
    async def __aenter__(self) -> TransactionalDBClient:
        await self.ensure_connection()
        pool = self.client._parent._pool
        connection = await pool.acquire()
        self.client._connection = connection
        self.token = get_connections().set(self.connection_name, self.client)
        try:
            await self.client.begin()
        except BaseException:
            # Tortoise returns here without ``__aexit__``: give everything back ourselves.
            _discard(connection)
            await pool.release(connection)
            get_connections().reset(self.token)
            raise
        return self.client

    async def __aexit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> None:
        if breaks_connection(exc_val):
            _discard(self.client._connection)
            # Nothing to roll back on a closed connection: the server has done it.
            self.client._finalized = True
        await super().__aexit__(exc_type, exc_val, exc_tb)


async def keep_session(connection: asyncpg.Connection) -> None:
    """How the pool resets a connection it takes back: with nothing more than asyncpg does
    before it calls this, which rolls back a transaction left open and drops the client's
    listeners, as SQLAlchemy's and Django's pools do. asyncpg's own reset sent
    ``RESET ALL``, ``UNLISTEN *``, ``CLOSE ALL`` and ``pg_advisory_unlock_all()`` after
    every query outside a transaction: a second round trip each, for state the service
    never leaves on a session (no ``SET``, ``LISTEN``, held cursor or session-level
    advisory lock; the housekeeper's lock is the transaction's)."""


class FlowbackAsyncpgClient(BoundLoopCheck, AsyncpgDBClient):
    async def create_pool(self, **kwargs: Any) -> asyncpg.Pool:
        return await asyncpg.create_pool(None, reset=keep_session, **kwargs)

    def acquire_connection(self) -> DiscardingPoolConnection:
        return DiscardingPoolConnection(self, self._pool_init_lock)

    def _in_transaction(self) -> TransactionContext:
        return ReleasingTransactionContext(TransactionWrapper(self), self._pool_init_lock)


client_class = FlowbackAsyncpgClient
ENGINE = __name__


def checked_out_connections(client: AsyncpgDBClient) -> int:
    pool = client._pool
    if pool is None:
        return 0
    return int(pool.get_size() - pool.get_idle_size())
