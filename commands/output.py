"""Where a command's generated text goes: standard output, or a file it names."""

from pathlib import Path

import typer


def emit(text: str, output: Path | None) -> None:
    """Print ``text`` as it is, or write it to ``output`` and say so."""
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {output}")
