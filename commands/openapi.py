import json
from pathlib import Path
from typing import Annotated

import typer

from commands.output import emit
from rest_facade.openapi import document_for

#: Where each dialect's document is committed.
COMMITTED = {"document": "openapi.json", "flowback-backend": "openapi.flowback-backend.json"}


def render(dialect: str = "document") -> str:
    """The document as committed: indented, keys in order, one final newline."""
    return json.dumps(document_for(dialect), indent=2, ensure_ascii=False) + "\n"


def openapi(
    output: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Write the document here instead of printing it."),
    ] = None,
    dialect: Annotated[
        str, typer.Option(metavar="DIALECT", help="document (openapi.json) or flowback-backend.")
    ] = "document",
) -> None:
    """Print the REST facade's OpenAPI document.

    The OpenAPI 3.1 document of a REST dialect, printed or written to FILE.
    """
    if dialect not in COMMITTED:
        raise typer.BadParameter(f"expected one of {', '.join(COMMITTED)}", param_hint="--dialect")
    emit(render(dialect), output)
