"""Both aerich histories are complete: applying them and diffing the models writes nothing,
and what they add by hand (the triggers of the active-user count) works."""

import asyncio
import os
import sqlite3
import subprocess
import sys

import asyncpg
import pytest

from tests.conftest import postgres_param, requires_postgres
from tests.process.conftest import REPO


@requires_postgres
@pytest.mark.parametrize("backend", ["postgres"])
def test_no_model_change_lacks_a_migration(database_url: str) -> None:
    result = subprocess.run(
        [sys.executable, "main.py", "makemigrations", "--check", "--postgres-url", database_url],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "sqlite: up to date" in result.stdout
    assert "postgres: up to date" in result.stdout


_INSERT = (
    'INSERT INTO "users" ("username", "username_key", "email", "password_hash", "is_active", '
    '"date_joined", "email_notifications", "dark_theme") '
    "VALUES ('{name}', '{name}', '{name}@example.com', '!', {active}, CURRENT_TIMESTAMP, "
    "FALSE, FALSE)"
)
# Each step, then what COUNT(*) of the active users is after it.
_STEPS = [
    (_INSERT.format(name="ann", active="TRUE"), 1),
    (_INSERT.format(name="bob", active="TRUE"), 2),
    (_INSERT.format(name="cy", active="FALSE"), 2),
    ('UPDATE "users" SET "bio" = \'hi\'', 2),
    ('UPDATE "users" SET "is_active" = FALSE WHERE "username" = \'ann\'', 1),
    ('UPDATE "users" SET "is_active" = TRUE WHERE "username" = \'cy\'', 2),
    ('DELETE FROM "users" WHERE "username" = \'bob\'', 1),
    ('DELETE FROM "users" WHERE "username" = \'ann\'', 1),
]
_COUNTED = 'SELECT "active" FROM "user_counts" WHERE "id" = 1'


def _migrate(database_url: str) -> None:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("FLOWBACK_")}
    subprocess.run(
        [sys.executable, "main.py", "migrate"],
        cwd=REPO,
        env=clean | {"FLOWBACK_DATABASE_URL": database_url},
        capture_output=True,
        timeout=120,
        check=True,
    )


@pytest.mark.parametrize("backend", ["sqlite", postgres_param()])
def test_migrated_database_keeps_the_active_user_count_exact(database_url: str) -> None:
    _migrate(database_url)
    assert asyncio.run(_counts_after_each_step(database_url)) == [0] + [n for _, n in _STEPS]


async def _counts_after_each_step(database_url: str) -> list[int]:
    if database_url.startswith("sqlite://"):
        with sqlite3.connect(database_url.removeprefix("sqlite://")) as connection:
            counts = [connection.execute(_COUNTED).fetchone()[0]]
            for statement, _ in _STEPS:
                connection.execute(statement)
                counts.append(connection.execute(_COUNTED).fetchone()[0])
        return counts
    connection = await asyncpg.connect(database_url)
    try:
        counts = [await connection.fetchval(_COUNTED)]
        for statement, _ in _STEPS:
            await connection.execute(statement)
            counts.append(await connection.fetchval(_COUNTED))
        return counts
    finally:
        await connection.close()


# Migration 8 on a database from before it: the look-alike names already there keep working,
# the earliest keeps the look, and no new name may take it.
_UNDO_SKELETONS = {
    "sqlite": [
        'DROP INDEX "uid_users_usernam_4dd0b6"',
        'ALTER TABLE "users" DROP COLUMN "username_skeleton"',
        "DELETE FROM \"aerich\" WHERE \"version\" LIKE '8\\_%' ESCAPE '\\'",
    ],
    "postgres": [
        'ALTER TABLE "users" DROP COLUMN "username_skeleton"',
        'DELETE FROM "aerich" WHERE "version" LIKE \'8\\_%\'',
    ],
}
_LEGACY = ["victim", "ape", "victim\u3164", "\u0430\u0440\u0435", "vict\u0131m", "other"]
_SKELETONS = 'SELECT "username", "username_skeleton" FROM "users" ORDER BY "id"'


@pytest.mark.parametrize("backend", ["sqlite", postgres_param()])
def test_the_skeleton_migration_keeps_old_look_alikes_and_the_earliest_look(
    database_url: str, backend: str
) -> None:
    _migrate(database_url)
    statements = [
        *_UNDO_SKELETONS[backend],
        *(_INSERT.format(name=name, active="TRUE") for name in _LEGACY),
    ]
    asyncio.run(_run(database_url, statements))
    _migrate(database_url)
    rows = asyncio.run(_run(database_url, [], query=_SKELETONS))
    assert rows == [
        ("victim", "victirn"),
        ("ape", "ape"),
        ("victim\u3164", "victirn\u1160"),
        ("\u0430\u0440\u0435", None),
        ("vict\u0131m", None),
        ("other", "other"),
    ]


async def _run(
    database_url: str, statements: list[str], *, query: str | None = None
) -> list[tuple[object, ...]]:
    if database_url.startswith("sqlite://"):
        with sqlite3.connect(database_url.removeprefix("sqlite://")) as connection:
            for statement in statements:
                connection.execute(statement)
            return connection.execute(query).fetchall() if query else []
    connection = await asyncpg.connect(database_url)
    try:
        for statement in statements:
            await connection.execute(statement)
        return [tuple(row) for row in await connection.fetch(query)] if query else []
    finally:
        await connection.close()
