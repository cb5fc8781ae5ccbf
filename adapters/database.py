import logging
import socket
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from aerich import Command
from tortoise import Tortoise, connections
from tortoise.backends.base.config_generator import expand_db_url

from config.settings import Settings

MIGRATIONS_ROOT = Path(__file__).resolve().parent.parent / "migrations"
MODEL_MODULES = ["models"]
APP = "models"
# Every SQLite connection overwrites what it deletes (erased mail, used codes) instead of
# leaving it in free pages; WAL frames go when the WAL is checkpointed and truncated.
SQLITE_PRAGMAS = {"secure_delete": "ON"}
POSTGRES_ENGINE = "adapters.postgres_client"
SQLITE_ENGINE = "adapters.sqlite_client"


class HideStatementValues(logging.Filter):
    """Keeps the first ``keep`` arguments of a debug line about SQL and hides the rest: Tortoise
    and aiosqlite log bound values, which include unsent mail (codes) and the database password."""

    def __init__(self, keep: int) -> None:
        super().__init__()
        self.keep = keep

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) > self.keep:
            hidden = ("[hidden]",) * (len(record.args) - self.keep)
            record.args = (*record.args[: self.keep], *hidden)
        return True


class TortoiseLifeLines(logging.Filter):
    """Tortoise's start and stop lines, each once and without object reprs (``RegisterTortoise``
    logs its stop twice, the second through ``Tortoise.close_connections``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.funcName == "close_connections":
            return False
        if record.msg == "Tortoise-ORM started, %s, %s":
            record.msg = "Tortoise-ORM started"
            record.args = ()
            record.connections = sorted(connections.db_config)
            record.apps = sorted(Tortoise.apps)
        return True


# Tortoise logs "SQL: values" (the SQL text is kept); aiosqlite a call with its values.
logging.getLogger("tortoise.db_client").addFilter(HideStatementValues(keep=1))
logging.getLogger("aiosqlite").addFilter(HideStatementValues(keep=0))
logging.getLogger("tortoise").addFilter(TortoiseLifeLines())


def dialect(database_url: str) -> str:
    """``sqlite`` or ``postgres``: the aerich history that fits this database."""
    scheme = database_url.split(":", 1)[0].lower()
    if scheme == "sqlite":
        return "sqlite"
    if scheme in ("postgres", "postgresql", "asyncpg", "psycopg"):
        return "postgres"
    raise ValueError(f"unsupported database scheme {scheme!r}; use sqlite:// or postgres://")


def pool_options(settings: Settings) -> dict[str, Any]:
    """So that a database that is away fails a request within seconds instead of hanging."""
    return {
        "minsize": settings.db_pool_min,
        "maxsize": settings.db_pool_max,
        "timeout": settings.db_connect_timeout,
        "command_timeout": settings.db_command_timeout,
    }


def tortoise_config(
    database_url: str, *, with_aerich: bool = False, pool: dict[str, Any] | None = None
) -> dict[str, Any]:
    """``pool`` (``pool_options``) applies to PostgreSQL only, ``SQLITE_PRAGMAS`` to SQLite."""
    # Tortoise caches SQL per connection name, so each dialect gets its own name.
    label = dialect(database_url)
    modules = [*MODEL_MODULES, "aerich.models"] if with_aerich else MODEL_MODULES
    expanded = expand_db_url(database_url)
    # Tortoise's clients: asyncpg's with its connection handling after faults fixed,
    # SQLite's with short reads on the event loop.
    expanded["engine"] = POSTGRES_ENGINE if label == "postgres" else SQLITE_ENGINE
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
    """Returns the files applied."""
    async with migration_command(database_url) as command:
        await command.init()
        return await command.upgrade(run_in_transaction=True)


def masked_url(database_url: str) -> str:
    parts = urlsplit(database_url)
    if parts.password is None:
        return database_url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


async def database_problem(settings: Settings) -> str | None:
    """One line naming ``FLOWBACK_DATABASE_URL``, or None when it opens; checked before the ORM
    opens it, since Tortoise hung on a SQLite file it could not create."""
    url = settings.database_url
    credentials = expand_db_url(url)["credentials"]
    if dialect(url) == "sqlite":
        reason = _sqlite_problem(str(credentials["file_path"]), settings.db_connect_timeout)
        where = f"the SQLite database {credentials['file_path']}"
    else:
        reason = await _postgres_problem(credentials, settings.db_connect_timeout)
        where = masked_url(url)
    if reason is None:
        return None
    return f"cannot use FLOWBACK_DATABASE_URL ({where}): {reason}"


def _sqlite_problem(file_path: str, timeout: float) -> str | None:
    if file_path == ":memory:" or file_path.startswith("file::memory:"):
        return None
    path = Path(file_path).absolute()
    folder = path.parent
    if not folder.exists():
        return f"the directory {folder} does not exist"
    if not folder.is_dir():
        return f"{folder} is not a directory"
    existed = path.exists()
    try:
        probe = sqlite3.connect(path, timeout=timeout)
        try:
            # WAL mode needs the file and its -wal and -shm files beside it to be writable.
            probe.execute("PRAGMA journal_mode=WAL")
            probe.execute("BEGIN IMMEDIATE")
            probe.rollback()
        finally:
            probe.close()
    except (sqlite3.Error, OSError) as error:
        if existed:
            return f"cannot open {path} for writing ({error})"
        return f"cannot create {path}: is {folder} writable? ({error})"
    return None


async def _postgres_problem(credentials: dict[str, Any], connect_timeout: float) -> str | None:
    try:
        connection = await asyncpg.connect(
            host=credentials.get("host"),
            port=credentials.get("port"),
            user=credentials.get("user"),
            password=credentials.get("password"),
            database=credentials.get("database"),
            timeout=connect_timeout,
        )
    except asyncpg.PostgresError as error:  # no such database or role, a wrong password, …
        return str(error)
    except socket.gaierror as error:
        return f"the host {credentials.get('host')!r} does not resolve ({error.strerror})"
    except TimeoutError:
        return f"no answer within {connect_timeout:g} s (FLOWBACK_DB_CONNECT_TIMEOUT)"
    except OSError as error:
        reason = "connection refused" if isinstance(error, ConnectionRefusedError) else error
        return f"cannot connect to {credentials.get('host')}:{credentials.get('port')} ({reason})"
    await connection.close()
    return None
