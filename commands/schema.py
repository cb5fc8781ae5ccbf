from pathlib import Path
from typing import Annotated

import typer

from commands.output import emit
from commands.settings import load_settings
from schema import app_schema

SDL_FILE = "schema.graphql"


def sdl() -> str:
    """As committed in ``schema.graphql``."""
    return app_schema(load_settings()).as_str() + "\n"


def export_schema(
    output: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Write to this file instead of standard output."),
    ] = None,
) -> None:
    """Print the GraphQL schema (SDL).

    With --output schema.graphql, refresh the committed copy.
    """
    emit(sdl(), output)
