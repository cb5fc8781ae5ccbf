"""A webhook receiver on loopback that verifies every delivery as a receiver should: with the
``standardwebhooks`` library and its own endpoint's secret.

It answers 204 to a delivery that verifies and 400 to one that does not; a test can stop and
start it on the same port (a receiver that is down), make it answer an error, or hold every
request until told to go on (a delivery in flight).
"""

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from tests.process.children import free_port


@dataclass(frozen=True, slots=True)
class Delivery:
    """One request that verified: its headers, its body as sent, and that body parsed."""

    headers: dict[str, str]
    body: bytes
    payload: dict[str, Any]

    @property
    def webhook_id(self) -> str:
        return self.headers["webhook-id"]


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A sender that went away mid-answer (a killed server) is no error of the test's."""


class Receiver:
    def __init__(self, secret: str, *, path: str = "/hooks/users") -> None:
        self.webhook = Webhook(secret)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}{path}"
        self.delivered: list[Delivery] = []
        self.refused: list[str] = []  # why each request that did not verify was refused
        self.held = 0
        #: The status a delivery that verifies is answered with, after ``delay`` seconds.
        self.status = 204
        self.delay = 0.0
        self.gate = threading.Event()
        self.gate.set()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                headers = {name.lower(): value for name, value in self.headers.items()}
                receiver.answer(self, headers, body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return

        self._server = _QuietServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Close the port: deliveries are refused until ``start``."""
        self.gate.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def answer(self, handler: BaseHTTPRequestHandler, headers: dict[str, str], body: bytes) -> None:
        if not self.gate.is_set():
            with self._lock:
                self.held += 1
            self.gate.wait()
        try:
            payload = self.webhook.verify(body, headers)
        except WebhookVerificationError as error:
            with self._lock:
                self.refused.append(str(error))
            handler.send_response(400)
            handler.end_headers()
            return
        time.sleep(self.delay)
        status = self.status
        if 200 <= status < 300:
            with self._lock:
                self.delivered.append(Delivery(headers, body, payload))
        handler.send_response(status)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    def payloads(self) -> list[dict[str, Any]]:
        with self._lock:
            return [delivery.payload for delivery in self.delivered]

    def wait_for(self, count: int, timeout: float = 30) -> list[Delivery]:
        """Every delivery that verified, once ``count`` different ones have (a resend carries
        the ``webhook-id`` of the delivery it repeats)."""
        deadline = time.monotonic() + timeout
        while self.distinct() < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert self.distinct() >= count, (
            f"expected {count} deliveries, got {self.distinct()}: "
            f"{json.dumps(self.payloads())[:2000]}"
        )
        with self._lock:
            return list(self.delivered)

    def distinct(self) -> int:
        with self._lock:
            return len({delivery.webhook_id for delivery in self.delivered})

    def wait_until_held(self, count: int = 1, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while self.held < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert self.held >= count, "no delivery arrived to hold"
