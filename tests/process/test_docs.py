"""``python main.py docs`` serves the manual, reference tables rendered, and stops whole."""

import os
import subprocess
import sys
import time

import httpx
import pytest

from tests.process.children import free_port, stop
from tests.process.conftest import REPO


def test_the_docs_command_serves_the_manual_with_its_rendered_tables() -> None:
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("FLOWBACK_")}
    process = subprocess.Popen(
        [sys.executable, str(REPO / "main.py"), "docs", "--port", str(port)],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        page = _wait_for_page(f"http://127.0.0.1:{port}/operating/settings/", process)
        assert "FLOWBACK_BCRYPT_ROUNDS" in page
        errors = httpx.get(f"http://127.0.0.1:{port}/reference/errors/", timeout=10).text
        assert "INVALID_TOKEN" in errors
    finally:
        stop(process)
    with pytest.raises(httpx.TransportError):  # nothing left serving: MkDocs was the process
        httpx.get(f"http://127.0.0.1:{port}/", timeout=2)


def _wait_for_page(url: str, process: "subprocess.Popen[bytes]") -> str:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, "python main.py docs exited"
        try:
            response = httpx.get(url, timeout=5)
        except httpx.TransportError:
            time.sleep(0.5)
            continue
        if response.status_code == 200:
            return response.text
        time.sleep(0.5)
    raise AssertionError(f"{url} was not served within 120 s")
