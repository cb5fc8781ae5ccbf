import importlib.util
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from commands.output import refuse

MKDOCS_CONFIG = Path(__file__).resolve().parent.parent / "mkdocs.yml"
WATCHED = (
    "config/settings.py", "domain/errors.py", "BENCHMARKS.md", "CHANGELOG.md",
    "explore/examples.graphql",
)  # fmt: skip


def docs(
    port: Annotated[
        int, typer.Option(metavar="PORT", help="TCP port to serve the manual on.")
    ] = 8001,
) -> None:
    """Serve this manual on 127.0.0.1.

    The site is built from docs/ and rebuilt whenever a page or the code it renders changes.
    """
    if importlib.util.find_spec("mkdocs") is None:
        refuse(
            "the manual needs MkDocs: install requirements/test.txt "
            "(.venv/bin/pip install --require-hashes -r requirements/test.txt)",
            code=1,
        )
    command = [
        sys.executable, "-m", "mkdocs", "serve", "--config-file", str(MKDOCS_CONFIG),
        "--dev-addr", f"127.0.0.1:{port}",
    ]  # fmt: skip
    for source in WATCHED:  # the code and files the pages are rendered from
        command += ["--watch", str(MKDOCS_CONFIG.parent / source)]
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # MkDocs takes the process over, so Ctrl-C and SIGTERM reach it and leave nothing behind.
    os.execve(sys.executable, command, environment)  # noqa: S606
