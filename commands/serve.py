import asyncio
from typing import Annotated

import typer
import uvicorn

from commands.settings import load_settings
from domain.database import apply_migrations
from domain.settings import Settings


def _migrate(settings: Settings) -> None:
    applied = asyncio.run(apply_migrations(settings.database_url))
    for name in applied:
        typer.echo(f"applied migration {name}")


def migrate() -> None:
    """Apply pending database migrations."""
    _migrate(load_settings())


def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port to bind.")] = 8000,
) -> None:
    """Apply pending migrations, then serve GraphQL and the REST facade."""
    settings = load_settings()
    _migrate(settings)
    uvicorn.run("main:create_app", factory=True, host=host, port=port, proxy_headers=False)
