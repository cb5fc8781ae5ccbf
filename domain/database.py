"""Tortoise configuration and the aerich migration histories, one per SQL dialect."""

import logging
from pathlib import Path
from typing import Any

from aerich import Command
from tortoise.backends.base.config_generator import expand_db_url

from domain.settings import Settings

MIGRATIONS_ROOT = Path(__file__).resolve().parent.parent / "migrations"
MODEL_MODULES = ["models"]
APP = "models"
# Every SQLite connection overwrites what it deletes (erased mail, used codes) instead of
# leaving it in free pages; WAL frames go when the WAL is checkpointed and truncated.
SQLITE_PRAGMAS = {"secure_delete": "ON"}


class HideStatementValues(logging.Filter):
    """Keeps the first ``keep`` arguments of a debug line about SQL and hides the rest.

    Tortoise and aiosqlite log the values bound to each statement at DEBUG; those include
    the unsent mail in the outbox (with its verification code) and the connection
    parameters (with the database password), and no log may hold either.
    """

    def __init__(self, keep: int) -> None:
        super().__init__()
        self.keep = keep

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) > self.keep:
            hidden = ("[hidden]",) * (len(record.args) - self.keep)
            record.args = (*record.args[: self.keep], *hidden)
        return True


# Tortoise logs "SQL: values" (the SQL text is kept); aiosqlite a call with its values.
logging.getLogger("tortoise.db_client").addFilter(HideStatementValues(keep=1))
logging.getLogger("aiosqlite").addFilter(HideStatementValues(keep=0))


def dialect(database_url: str) -> str:
    """``sqlite`` or ``postgres``: the aerich history that fits this database."""
    scheme = database_url.split(":", 1)[0].lower()
    if scheme == "sqlite":
        return "sqlite"
    if scheme in ("postgres", "postgresql", "asyncpg", "psycopg"):
        return "postgres"
    raise ValueError(f"unsupported database scheme {scheme!r}; use sqlite:// or postgres://")


def pool_options(settings: Settings) -> dict[str, Any]:
    """asyncpg pool sizes and timeouts of ``settings``, so that a database that is away
    makes a request fail within seconds instead of hanging."""
    return {
        "minsize": settings.db_pool_min,
        "maxsize": settings.db_pool_max,
        "timeout": settings.db_connect_timeout,
        "command_timeout": settings.db_command_timeout,
    }


def tortoise_config(
    database_url: str, *, with_aerich: bool = False, pool: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The Tortoise configuration; ``pool`` (``pool_options``) applies to PostgreSQL only,
    ``SQLITE_PRAGMAS`` to SQLite."""
    # Tortoise caches SQL per connection name, so each dialect gets its own name.
    label = dialect(database_url)
    modules = [*MODEL_MODULES, "aerich.models"] if with_aerich else MODEL_MODULES
    expanded = expand_db_url(database_url)
    extra = SQLITE_PRAGMAS if label == "sqlite" else (pool or {})
    connection = expanded | {"credentials": expanded["credentials"] | extra}
    return {
        "connections": {label: connection},
        "apps": {APP: {"models": modules, "default_connection": label}},
    }


def migration_command(database_url: str, *, location: Path | None = None) -> Command:
    folder = location or MIGRATIONS_ROOT / dialect(database_url)
    return Command(
        tortoise_config=tortoise_config(database_url, with_aerich=True),
        app=APP,
        location=str(folder),
    )


async def apply_migrations(database_url: str) -> list[str]:
    """Apply every migration the database lacks; returns the files applied."""
    async with migration_command(database_url) as command:
        await command.init()
        return await command.upgrade(run_in_transaction=True)
