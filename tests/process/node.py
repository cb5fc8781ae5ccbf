"""Node.js and the npm packages of ``clients/`` for the process tests that run them.

Missing, such a test is skipped on a developer's machine, and fails in CI (``CI=true``),
which installs them (``npm ci --prefix clients`` in ``.ci/run``).
"""

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.process.children import free_port, stop

REPO = Path(__file__).resolve().parents[2]
CLIENTS = REPO / "clients"
NODE = shutil.which("node")
INSTALL = "npm ci --prefix clients"


def require_node_packages(*packages: str) -> str:
    """The path of ``node``, once it and each of ``packages`` (under ``clients/node_modules``)
    are there; otherwise a skip naming the install command, or a failure in CI."""
    missing = [name for name in packages if not (CLIENTS / "node_modules" / name).is_dir()]
    reason = (
        "Node.js is not installed"
        if NODE is None
        else f"npm packages missing: {', '.join(missing)} (run `{INSTALL}`)"
        if missing
        else None
    )
    if reason is None and NODE is not None:
        return NODE
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: CI installs them and must run this test")
    pytest.skip(f"{reason}; CI installs them and runs this")


@contextmanager
def node_server(script: str, *arguments: str, log: Path) -> Iterator[str]:
    """``node clients/<script> <port> *arguments``, a server that prints ``ready <url>`` once
    it listens; yields that URL and stops the process after."""
    node = require_node_packages()
    port = str(free_port())
    with log.open("w") as output:
        process = subprocess.Popen(
            [node, script, port, *arguments],
            cwd=CLIENTS,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            ready = [line for line in log.read_text().splitlines() if line.startswith("ready ")]
            if ready:
                yield ready[0].removeprefix("ready ")
                return
            if process.poll() is not None:
                break
            time.sleep(0.1)
        pytest.fail(f"{script} did not start:\n{log.read_text()}")
    finally:
        stop(process)
