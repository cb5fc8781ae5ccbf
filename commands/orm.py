from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import typer
from tortoise import Tortoise

from adapters.database import database_problem, tortoise_config
from config.settings import Settings


@asynccontextmanager
async def orm(settings: Settings) -> AsyncIterator[None]:
    """For one command's work; a database that cannot be used is one line and exit 1."""
    if (problem := await database_problem(settings)) is not None:
        typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(1)
    await Tortoise.init(config=tortoise_config(settings.database_url))
    try:
        yield
    finally:
        await Tortoise.close_connections()
