"""The yardsticks: bare routes serving the service's first 50 users as JSON.

No auth, no GraphQL, no envelope. **Y1** runs the very ORM query of ``GET /users?limit=50``
(``domain.users.page_query``, without the count); **Y2** sends the same SQL through the
raw driver (stdlib ``sqlite3`` or ``asyncpg``). Both encode with the same orjson response as
the service, so the ratios measure our layers, not a JSON library. **Y3**
(``bench/limit.py``) is the whole REST list — token check, count, page, envelope — on the
raw driver: the limit for the service's list.

Run as its own process, served by uvicorn exactly as ``main.py serve`` serves the service:
``python bench/yardsticks.py orm|raw|limit --port P`` with ``FLOWBACK_DATABASE_URL`` set.
"""

import argparse
import sqlite3
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Route
from starlette.types import ASGIApp
from tortoise.contrib.starlette import RegisterTortoise

from adapters.database import dialect, tortoise_config
from adapters.postgres_client import keep_session
from bench.limit import limit_app
from config.settings import Settings
from domain.paging import PageRequest
from domain.user_view import PUBLIC_COLUMNS
from domain.users import all_active, page_query
from rest_facade.fast_json import ORJSONResponse

LIMIT = 50
FIRST_PAGE = PageRequest(page=1, limit=LIMIT, offset=0)
# What Tortoise sends for page_query, written out for each driver's placeholders.
_SQL = (
    'SELECT "id" "id","username" "username","profile_image" "profile_image",'
    '"banner_image" "banner_image","bio" "bio","website" "website",'
    '"contact_email" "contact_email","contact_phone" "contact_phone" FROM "users" '
    'WHERE "id" IN (SELECT "id" "id" FROM "users" WHERE "is_active"={} ORDER BY "id" ASC '
    'LIMIT {}) ORDER BY "id" ASC'
)
SQLITE_SQL = _SQL.format("?", "?")
POSTGRES_SQL = _SQL.format("$1", "$2")


def orm_app(database_url: str) -> Starlette:
    """Y1: the service's ORM page query on a bare route."""

    async def users(request: Request) -> ORJSONResponse:
        rows = await page_query(all_active(), request=FIRST_PAGE, columns=PUBLIC_COLUMNS)
        return ORJSONResponse(rows)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with RegisterTortoise(app, config=tortoise_config(database_url)):
            yield

    return Starlette(routes=[Route("/users", users)], lifespan=lifespan)


def raw_app(database_url: str) -> Starlette:
    """Y2: the same SQL through the raw driver."""
    state: dict[str, Any] = {}

    async def users_sqlite(request: Request) -> ORJSONResponse:
        cursor = state["sqlite"].execute(SQLITE_SQL, (True, LIMIT))
        return ORJSONResponse([dict(row) for row in cursor.fetchall()])

    async def users_postgres(request: Request) -> ORJSONResponse:
        async with state["pool"].acquire() as connection:
            rows = await connection.fetch(POSTGRES_SQL, True, LIMIT)
        return ORJSONResponse([dict(row) for row in rows])

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if dialect(database_url) == "sqlite":
            connection = sqlite3.connect(database_url.removeprefix("sqlite://"))
            connection.row_factory = sqlite3.Row
            state["sqlite"] = connection
            try:
                yield
            finally:
                connection.close()
        else:
            # The same pool bounds Tortoise's asyncpg client uses by default, and the
            # service's reset (none after each statement).
            async with asyncpg.create_pool(
                database_url, min_size=1, max_size=5, reset=keep_session
            ) as pool:
                state["pool"] = pool
                yield

    endpoint = users_sqlite if dialect(database_url) == "sqlite" else users_postgres
    return Starlette(routes=[Route("/users", endpoint)], lifespan=lifespan)


_APPS: dict[str, Callable[[str], ASGIApp]] = {"orm": orm_app, "raw": raw_app, "limit": limit_app}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("kind", choices=list(_APPS))
    parser.add_argument("--port", type=int, required=True)
    arguments = parser.parse_args()
    database_url = Settings().database_url
    app = _APPS[arguments.kind](database_url)
    # The same uvicorn settings as commands/serve.py: one worker, default loop and protocol,
    # no uvicorn access log (the service writes its own, in its middleware).
    uvicorn.run(app, host="127.0.0.1", port=arguments.port, proxy_headers=False, access_log=False)


if __name__ == "__main__":
    main()
