"""The SQL every request sends, fixed text: building it through the ORM costs more than
running it. Values are always bound, never formatted in."""

from functools import cache

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.context import require_context
from tortoise.models import Model


@cache
def for_dialect(sql: str, dialect: str) -> str:
    """PostgreSQL (asyncpg) numbers its placeholders ``$1`` …"""
    if dialect != "postgres":
        return sql
    parts = sql.split("?")
    numbered = (f"{part}${number}" for number, part in enumerate(parts[:-1], start=1))
    return "".join(numbered) + parts[-1]


def connection_of(model: type[Model]) -> BaseDBAsyncClient:
    """``model._meta.db``, the connection of the current Tortoise context: the same lookup
    without the import that Tortoise's runs each time (a list makes two)."""
    alias = model._meta.default_connection
    if alias is None:
        return model._meta.db  # Tortoise's own error
    return require_context().connections.get(alias)
