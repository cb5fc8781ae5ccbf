import asyncio
import sys
from collections.abc import Callable
from typing import Annotated

import typer

from adapters.media_storage import build_storage
from commands.orm import orm
from commands.settings import load_settings
from config.settings import Settings
from domain import housekeeping
from domain.clock import SystemClock


def purge(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only count what would be deleted.")
    ] = False,
) -> None:
    """Delete the rows nobody can use any more.

    Expired registrations and codes, tokens dead for longer than FLOWBACK_TOKEN_RETENTION,
    mail sent before FLOWBACK_OUTBOX_RETENTION, and images replaced longer ago than
    FLOWBACK_REPLACED_PICTURE_GRACE: how many of each are printed.
    """
    settings = load_settings()
    counts = asyncio.run(_count(settings))
    if dry_run:
        typer.echo(f"would delete {housekeeping.describe(counts)}")
        return
    with typer.progressbar(length=sum(counts.values()), label="Purging", file=sys.stderr) as bar:
        deleted = asyncio.run(_purge(settings, on_batch=bar.update))
    typer.echo(f"deleted {housekeeping.describe(deleted)}")


async def _count(settings: Settings) -> housekeeping.PurgeCounts:
    async with orm(settings):
        return await housekeeping.count_purgeable(settings=settings, clock=SystemClock())


async def _purge(
    settings: Settings, *, on_batch: Callable[[int], None]
) -> housekeeping.PurgeCounts:
    async with orm(settings):
        return await housekeeping.purge(
            settings=settings,
            clock=SystemClock(),
            media=build_storage(root=settings.media_root),
            on_batch=on_batch,
        )
