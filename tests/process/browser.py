"""Headless Chromium driven over the DevTools protocol, with every outside request blocked.

Debian's ``chromium`` is used as installed; nothing downloads a browser. Each request the
page makes is paused (``Fetch``) and let through only when it goes to the allowed origin;
anything else is failed and remembered in :attr:`Browser.blocked`, so a test can assert
that nothing tried to leave the machine.
"""

import base64
import itertools
import json
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from websockets.sync.client import ClientConnection, connect

from tests.process.children import stop

CHROMIUM = shutil.which("chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--window-size=1280,900",
    # Names other than loopback do not resolve at all: a second wall behind Fetch.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--remote-debugging-port=0",
]
WAIT = 30.0
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


class Browser:
    def __init__(self, socket: ClientConnection, allowed_origin: str) -> None:
        self._socket = socket
        self._ids = itertools.count(1)
        self._allowed = urlsplit(allowed_origin).netloc
        self.blocked: list[str] = []
        self.requested: list[str] = []

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command and return its result, handling events meanwhile."""
        message_id = next(self._ids)
        self._socket.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self._socket.recv(timeout=WAIT))
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            self._event(message)

    def _event(self, message: dict[str, Any]) -> None:
        if message.get("method") != "Fetch.requestPaused":
            return
        params = message["params"]
        url = params["request"]["url"]
        self.requested.append(url)
        parts = urlsplit(url)
        if (
            parts.scheme in ("http", "https") and parts.netloc == self._allowed
        ) or parts.scheme == "data":
            self._send("Fetch.continueRequest", requestId=params["requestId"])
        else:
            self.blocked.append(url)
            self._send(
                "Fetch.failRequest", requestId=params["requestId"], errorReason="BlockedByClient"
            )

    def _send(self, method: str, **params: Any) -> None:
        self._socket.send(json.dumps({"id": next(self._ids), "method": method, "params": params}))

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, what: str) -> Any:
        """Poll ``expression`` in the page until it is truthy; fail naming ``what``."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            self.call("Runtime.evaluate", expression="0")  # lets paused requests through
            time.sleep(0.1)
        self.screenshot(ARTIFACTS / "failure.png")
        raise AssertionError(f"the page never showed {what} (see test-artifacts/failure.png)")

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the element, as a person would."""
        box = self.wait_for(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " if (!e) return null; const r = e.getBoundingClientRect();"
            " return [r.x + r.width / 2, r.y + r.height / 2]; })()",
            selector,
        )
        for event in ("mousePressed", "mouseReleased"):
            self.call(
                "Input.dispatchMouseEvent",
                type=event,
                x=box[0],
                y=box[1],
                button="left",
                clickCount=1,
            )

    def open(self, url: str) -> None:
        self.call("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete'", f"{url} loaded")

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))


@contextmanager
def chromium(allowed_origin: str) -> Iterator[Browser]:
    """A fresh headless Chromium with its own profile, closed afterwards."""
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            port_file = Path(profile, "DevToolsActivePort")
            deadline = time.monotonic() + WAIT
            while not port_file.exists() or not port_file.read_text().strip():
                assert process.poll() is None, "chromium exited at start"
                assert time.monotonic() < deadline, "chromium did not open its DevTools port"
                time.sleep(0.05)
            port = port_file.read_text().split()[0]
            pages = httpx.get(f"http://127.0.0.1:{port}/json/list", timeout=WAIT).json()
            page = next(target for target in pages if target["type"] == "page")
            with connect(page["webSocketDebuggerUrl"], max_size=None) as socket:
                browser = Browser(socket, allowed_origin)
                browser.call("Fetch.enable", patterns=[{"urlPattern": "*"}])
                browser.call("Page.enable")
                browser.call("Runtime.enable")
                yield browser
        finally:
            stop(process)
