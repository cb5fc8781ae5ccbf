import asyncio
import shutil
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from aerich.migrate import Migrate

from adapters.database import APP, MIGRATIONS_ROOT, dialect, migration_command


def makemigrations(
    postgres_url: Annotated[
        str,
        typer.Option(metavar="URL", help="An empty scratch PostgreSQL database to diff against."),
    ],
    name: Annotated[
        str, typer.Option(metavar="NAME", help="Suffix of the new migration files.")
    ] = "update",
    check: Annotated[
        bool, typer.Option("--check", help="Only fail if a migration is missing; write nothing.")
    ] = False,
) -> None:
    """Write a migration for each SQL dialect.

    For developers: the models are compared with each dialect's migration history, and what
    changed is written as a new migration of each.
    """
    missing = []
    with tempfile.TemporaryDirectory() as scratch:
        for url in (f"sqlite://{scratch}/scratch.sqlite3", postgres_url):
            folder = MIGRATIONS_ROOT / dialect(url)
            if check:
                folder = shutil.copytree(folder, Path(scratch, dialect(url)))
            first = not any(Path(folder, APP).glob("*.py"))
            written = asyncio.run(_make_migration(url, folder, name, first=first))
            typer.echo(f"{dialect(url)}: {written or 'up to date'}")
            if written:
                missing.append(dialect(url))
    if check and missing:
        typer.echo(
            f"error: the models have changes with no migration for {', '.join(missing)}; "
            "run `python main.py makemigrations --postgres-url URL --name NAME`",
            err=True,
        )
        raise typer.Exit(1)


async def _make_migration(database_url: str, folder: Path, name: str, *, first: bool) -> str | None:
    _reset_aerich_operators()
    async with migration_command(database_url, location=folder) as command:
        if first:
            await command.init_db(safe=True)
            return "initial migration"
        await command.init()
        await command.upgrade(run_in_transaction=True)
        await command.init()  # again, so aerich diffs against the upgraded database
        written: str | None = await command.migrate(name=name, no_input=True)
        return written


def _reset_aerich_operators() -> None:
    """aerich keeps pending SQL in class attributes; without this reset the second dialect's
    migration would also carry the first dialect's statements."""
    for attribute in (
        "upgrade_operators",
        "downgrade_operators",
        "_upgrade_fk_m2m_index_operators",
        "_downgrade_fk_m2m_index_operators",
        "_upgrade_m2m",
        "_downgrade_m2m",
    ):
        setattr(Migrate, attribute, [])
