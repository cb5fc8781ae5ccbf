"""Y3, the limit: ``GET /users`` done with nothing but the raw driver on a bare ASGI app.

Exactly the work the REST list must do, and no more: the token check, the count and the
page, each one prepared statement with bound values (sqlite3's statement cache, asyncpg's
prepared-statement cache), then the documented envelope (``count``, ``next``,
``previous``, ``total_page``, ``data`` with absolute image URLs) through orjson. No
framework, middleware, ORM, GraphQL or validation beyond what the answer needs, so the
service's REST list can at best match it.

Served by ``bench/yardsticks.py limit --port P``, one uvicorn worker like the others.
"""

import hashlib
import math
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlencode

import asyncpg
import orjson
from starlette.types import Message, Receive, Scope, Send

from adapters.database import dialect
from adapters.postgres_client import keep_session

_TOKEN_CHECK = (
    'SELECT t."id", t."last_used_at", u.* FROM "api_tokens" t '
    'JOIN "users" u ON u."id" = t."user_id" '
    'WHERE t."token_hash" = ? AND t."revoked_at" IS NULL AND u."is_active"'
)
# The count the service must show: the row the triggers of models.counts keep exact.
_COUNT = 'SELECT "active" FROM "user_counts" WHERE "id" = 1'
_PAGE = (
    'SELECT "id", "username", "profile_image" FROM "users" WHERE "id" IN '
    '(SELECT "id" FROM "users" WHERE "is_active" ORDER BY "id" LIMIT ? OFFSET ?) ORDER BY "id"'
)
_STATEMENTS = {"session": _TOKEN_CHECK, "count": _COUNT, "page": _PAGE}
_MAX_LIMIT = 50
_DEFAULT_LIMIT = 10
_JSON = [(b"content-type", b"application/json")]
_UNAUTHORIZED = orjson.dumps({"detail": "Invalid token."})


class Database(Protocol):
    """The three statements of a list, on one driver."""

    async def session(self, token_hash: str) -> bool: ...
    async def count(self) -> int: ...
    async def page(self, *, limit: int, offset: int) -> list[dict[str, Any]]: ...


def _numbered(sql: str) -> str:
    """``?`` placeholders as asyncpg's ``$1``, ``$2`` …"""
    parts = sql.split("?")
    return "".join(f"{part}${n}" for n, part in enumerate(parts[:-1], start=1)) + parts[-1]


class SqliteDatabase:
    """stdlib sqlite3 on the event loop, as Y2 does: no thread hop per statement."""

    def __init__(self, path: str) -> None:
        self.connection = sqlite3.connect(path)
        self.connection.row_factory = sqlite3.Row

    async def session(self, token_hash: str) -> bool:
        return self.connection.execute(_TOKEN_CHECK, (token_hash,)).fetchone() is not None

    async def count(self) -> int:
        found: int = self.connection.execute(_COUNT).fetchone()[0]
        return found

    async def page(self, *, limit: int, offset: int) -> list[dict[str, Any]]:
        return [dict(row) for row in self.connection.execute(_PAGE, (limit, offset))]


class PostgresDatabase:
    """An asyncpg pool of Tortoise's default bounds; each statement prepared once per connection."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool
        self.sql = {name: _numbered(sql) for name, sql in _STATEMENTS.items()}

    async def session(self, token_hash: str) -> bool:
        async with self.pool.acquire() as connection:
            return await connection.fetchrow(self.sql["session"], token_hash) is not None

    async def count(self) -> int:
        async with self.pool.acquire() as connection:
            found: int = await connection.fetchval(self.sql["count"])
            return found

    async def page(self, *, limit: int, offset: int) -> list[dict[str, Any]]:
        async with self.pool.acquire() as connection:
            rows = await connection.fetch(self.sql["page"], limit, offset)
        return [dict(row) for row in rows]


@dataclass(frozen=True, slots=True)
class _Paging:
    page: int
    limit: int
    offset: int

    @property
    def start(self) -> int:
        return (self.page - 1) * self.limit + self.offset


def _paging(query: dict[str, str]) -> _Paging | None:
    """The page asked for; None for anything the service would refuse."""
    try:
        page, limit, offset = (
            int(query.get(name) or default)
            for name, default in (("page", 1), ("limit", _DEFAULT_LIMIT), ("offset", 0))
        )
    except ValueError:
        return None
    if page < 1 or limit < 1 or offset < 0:
        return None
    return _Paging(page=page, limit=min(limit, _MAX_LIMIT), offset=offset)


def _token(headers: Sequence[tuple[bytes, bytes]]) -> str | None:
    for name, value in headers:
        if name == b"authorization":
            parts = value.decode("latin-1").split()
            return parts[-1] if 1 <= len(parts) <= 2 else None
    return None


def _base_url(scope: Scope) -> str:
    host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), "")
    return f"{scope['scheme']}://{host}"


def envelope(
    *, scope: Scope, query: dict[str, str], paging: _Paging, count: int, rows: list[dict[str, Any]]
) -> dict[str, Any]:
    """The documented ``GET /users`` body, as the service renders it."""
    base = _base_url(scope)

    def link(exists: bool, number: int) -> str | bool:
        if not exists:
            return False
        return f"{base}{scope['path']}?{urlencode(query | {'page': str(number)})}"

    for row in rows:
        image = row["profile_image"]
        row["profile_image"] = None if image is None else f"{base}/media/{image}"
    return {
        "count": count,
        "next": link(paging.start + paging.limit < count, paging.page + 1),
        "previous": link(paging.page > 1, paging.page - 1),
        "total_page": math.ceil(max(count - paging.offset, 0) / paging.limit),
        "data": rows,
    }


async def _answer(send: Send, status: int, body: bytes) -> None:
    length = [(b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": _JSON + length})
    await send({"type": "http.response.body", "body": body})


def limit_app(database_url: str) -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    """The ASGI app of Y3 over ``database_url`` (SQLite or PostgreSQL)."""
    state: dict[str, Database] = {}

    async def users(scope: Scope, send: Send) -> None:
        database = state["database"]
        token = _token(scope["headers"])
        token_hash = hashlib.sha256(token.encode()).hexdigest() if token else None
        if token_hash is None or not await database.session(token_hash):
            await _answer(send, 401, _UNAUTHORIZED)
            return
        query = dict(parse_qsl(scope["query_string"].decode("latin-1")))
        paging = _paging(query)
        if paging is None:
            await _answer(send, 400, orjson.dumps({"detail": "Invalid pagination."}))
            return
        count = await database.count()
        rows = (
            []
            if paging.start >= count
            else await database.page(limit=paging.limit, offset=paging.start)
        )
        body = envelope(scope=scope, query=query, paging=paging, count=count, rows=rows)
        await _answer(send, 200, orjson.dumps(body))

    @asynccontextmanager
    async def connected() -> AsyncIterator[None]:
        if dialect(database_url) == "sqlite":
            sqlite = SqliteDatabase(database_url.removeprefix("sqlite://"))
            state["database"] = sqlite
            try:
                yield
            finally:
                sqlite.connection.close()
        else:
            # Connections go back as the service's do: no reset query after each statement.
            async with asyncpg.create_pool(
                database_url, min_size=1, max_size=5, reset=keep_session
            ) as pool:
                state["database"] = PostgresDatabase(pool)
                yield

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send, connected)
        elif scope["type"] == "http" and scope["path"] == "/users":
            await users(scope, send)
        else:
            await _answer(send, 404, b'{"detail": "Not found."}')

    return app


async def _lifespan(receive: Receive, send: Send, connected: Callable[[], Any]) -> None:
    message: Message = await receive()
    async with connected():
        await send({"type": "lifespan.startup.complete"})
        message = await receive()
        while message["type"] != "lifespan.shutdown":
            message = await receive()
    await send({"type": "lifespan.shutdown.complete"})
