import json
from pathlib import Path
from typing import Annotated

import typer

from commands.output import emit
from rest_facade.openapi import openapi_document


def render() -> str:
    """The document as committed: indented, keys in order, one final newline."""
    return json.dumps(openapi_document(), indent=2, ensure_ascii=False) + "\n"


def openapi(
    output: Annotated[
        Path | None, typer.Option(help="Write the document here instead of printing it.")
    ] = None,
) -> None:
    """Print (or write) the REST facade's OpenAPI 3.1 document."""
    emit(render(), output)
