import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

MKDOCS_CONFIG = Path(__file__).resolve().parent.parent / "mkdocs.yml"
WATCHED = ("config/settings.py", "domain/errors.py", "BENCHMARKS.md", "explore/examples.graphql")


def docs(
    port: Annotated[
        int, typer.Option(metavar="PORT", help="TCP port to serve the manual on.")
    ] = 8001,
) -> None:
    """Serve this manual on 127.0.0.1.

    The site is built from docs/ and rebuilt whenever a page or the code it renders changes.
    """
    if importlib.util.find_spec("mkdocs") is None:
        typer.echo(
            "error: the manual needs MkDocs: install requirements/test.txt "
            "(.venv/bin/pip install --require-hashes -r requirements/test.txt)",
            err=True,
        )
        raise typer.Exit(1)
    command = [
        sys.executable, "-m", "mkdocs", "serve", "--config-file", str(MKDOCS_CONFIG),
        "--dev-addr", f"127.0.0.1:{port}",
    ]  # fmt: skip
    for source in WATCHED:  # the code and files the pages are rendered from
        command += ["--watch", str(MKDOCS_CONFIG.parent / source)]
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    raise typer.Exit(subprocess.call(command, env=environment))  # noqa: S603
