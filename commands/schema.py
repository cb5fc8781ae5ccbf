from pathlib import Path
from typing import Annotated

import typer

from schema import schema

SDL_FILE = "schema.graphql"


def sdl() -> str:
    """The GraphQL schema in SDL, as committed in ``schema.graphql``."""
    return schema.as_str() + "\n"


def export_schema(
    output: Annotated[
        Path | None, typer.Option(help="Write to this file instead of standard output.")
    ] = None,
) -> None:
    """Print the GraphQL schema (SDL); `--output schema.graphql` refreshes the committed copy."""
    if output is None:
        typer.echo(sdl(), nl=False)
        return
    output.write_text(sdl(), encoding="utf-8")
    typer.echo(f"wrote {output}")
