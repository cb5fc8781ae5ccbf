"""The server's HTTP/1.1 connections: uvicorn's httptools protocol with the limits it lacks.

uvicorn's httptools protocol keeps whatever a client sends of a request's head (the
parser appends to a header value until it ends), waits for a head or a body however
slowly it comes, and takes every connection the kernel hands it until file descriptors
run out. Here each connection of a process (issue 22, items 1 and 3):

- may send at most ``max_head_bytes`` of request line and headers per request; more is
  431 ``HEADERS_TOO_LARGE`` and the connection is closed. Bytes are counted as they
  arrive, before the parser buffers them, so a head holds at most the limit plus one
  read of the event loop (256 kB) while it is read;
- must send its head within ``header_timeout`` seconds of opening (or of the first byte
  of a later request), and its body within ``body_timeout`` seconds plus one second per
  ``body_min_rate`` bytes received; otherwise 408 ``REQUEST_TIMEOUT`` (nothing when the
  client has sent nothing) and the connection is closed. A body the server itself stops
  reading (flow control) is not the client's delay;
- counts towards ``max_connections`` of the process. A connection over the cap closes
  the connection that has been waiting on its client the longest (a slow head or body,
  or an idle keep-alive connection), so a flood of slow connections closes its own
  members and the probes still get in. Were every connection busy with a request of its
  own, the newcomer is answered only on a probe path and 503 ``SERVICE_UNAVAILABLE``
  elsewhere.

Idle keep-alive connections close after uvicorn's ``timeout_keep_alive``.
"""

import asyncio
import functools
import json
import time
from asyncio import TimerHandle
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast
from weakref import WeakKeyDictionary

import httptools
from uvicorn._types import ASGI3Application, ASGIReceiveCallable, ASGISendCallable, Scope
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol
from uvicorn.server import ServerState

from domain.errors import ErrorCode

HEADERS_TOO_LARGE_MESSAGE = "The request line and headers exceed the limit of {limit} bytes."
TIMEOUT_MESSAGE = "The request was not received in time."
OVERFLOW_MESSAGE = "The server has too many connections; try again shortly."
#: What the parser adds to each header beyond its name and value: ": " and CRLF.
HEADER_FRAMING_BYTES = 4


@dataclass(frozen=True, slots=True)
class ConnectionLimits:
    """What one connection may take of a process, and how many a process keeps."""

    max_head_bytes: int
    header_timeout: float
    body_timeout: float
    body_min_rate: float
    max_connections: int
    probe_paths: frozenset[str]


class WaitingConnections:
    """The connections of one server that wait on their clients, the longest waiting first:
    opened and not yet through their head and body, or idle between requests."""

    def __init__(self) -> None:
        self.waiting: dict[BoundedHttpToolsProtocol, None] = {}  # in order of arrival

    def longest_waiting(
        self, *, besides: "BoundedHttpToolsProtocol"
    ) -> "BoundedHttpToolsProtocol | None":
        for connection in self.waiting:
            if connection is not besides:
                return connection
        return None


#: Each server's waiting connections (a server per process; tests may run several).
_waiting_of: WeakKeyDictionary[ServerState, WaitingConnections] = WeakKeyDictionary()


def waiting_connections(server_state: ServerState) -> WaitingConnections:
    if (waiting := _waiting_of.get(server_state)) is None:
        waiting = _waiting_of[server_state] = WaitingConnections()
    return waiting


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, bounded in head size, time and number (see above)."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
        *,
        limits: ConnectionLimits,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.limits = limits
        self.waiting = waiting_connections(server_state)
        self.reading_head = True  # between two requests, or within a head
        self.head_bytes = 0  # received since the current head began (whole reads)
        self.head_refused = False
        self.deadline: TimerHandle | None = None  # of the current head or body
        self.body_started = 0.0
        self.body_bytes = 0

    # The connection's life.

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.limits.max_connections:
            self._make_room()
        self.waiting.waiting[self] = None
        self._set_deadline(self.limits.header_timeout, self._head_timed_out)

    def connection_lost(self, exc: Exception | None) -> None:
        self._clear_deadline()
        self.waiting.waiting.pop(self, None)
        super().connection_lost(exc)

    def _make_room(self) -> None:
        """Close the connection waiting longest on its client; with none, serve only probes."""
        victim = self.waiting.longest_waiting(besides=self)
        if victim is not None:
            self.waiting.waiting.pop(victim)
            victim.transport.close()
            return
        self.logger.warning("Connection limit reached: only the probes are served.")
        self.app = cast(
            ASGI3Application,
            functools.partial(probes_only, app=self.app, probe_paths=self.limits.probe_paths),
        )

    # Reading.

    def data_received(self, data: bytes) -> None:
        self._unset_keepalive_if_required()
        if self.reading_head:
            self.head_bytes += len(data)
        else:
            self.body_bytes += len(data)
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
            return
        except httptools.HttpParserError:
            if self.head_refused:
                self._refuse_head()
                return
            message = "Invalid HTTP request received."
            self.logger.warning(message)
            self.send_400_response(message)
            return
        if self.reading_head:
            if self.head_bytes > self.limits.max_head_bytes:
                self._refuse_head()
            elif self.head_bytes and self.deadline is None:  # a later request's head began
                self._set_deadline(self.limits.header_timeout, self._head_timed_out)
        elif self.deadline is None and self.cycle.more_body:  # a body is on its way
            self.body_started = time.monotonic()
            self.body_bytes = 0
            self._set_deadline(self.limits.body_timeout, self._body_timed_out)

    def on_headers_complete(self) -> None:
        if self.head_bytes > self.limits.max_head_bytes and self._head_size() > (
            self.limits.max_head_bytes
        ):
            self.head_refused = True
            raise HeadTooLargeError
        self.reading_head = False
        self._clear_deadline()
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self.waiting.waiting.pop(self, None)
        self._clear_deadline()
        self.reading_head = True
        self.head_bytes = 0

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.reading_head:
            self.waiting.waiting[self] = None  # idle until uvicorn's keep-alive timeout

    def _head_size(self) -> int:
        """The request line and headers as parsed: the exact count, for a read that held
        more than the head."""
        fields = sum(len(name) + len(value) + HEADER_FRAMING_BYTES for name, value in self.headers)
        return len(self.url) + fields

    # Refusing.

    def _refuse_head(self) -> None:
        message = HEADERS_TOO_LARGE_MESSAGE.format(limit=self.limits.max_head_bytes)
        self._answer_and_close(431, ErrorCode.HEADERS_TOO_LARGE, message)

    def _head_timed_out(self) -> None:
        self.deadline = None
        if self.head_bytes:
            self._answer_and_close(408, ErrorCode.REQUEST_TIMEOUT, TIMEOUT_MESSAGE)
        else:
            self.transport.close()  # a client that never spoke is owed no answer

    def _body_timed_out(self) -> None:
        self.deadline = None
        allowed = self.limits.body_timeout + self.body_bytes / self.limits.body_min_rate
        remaining = self.body_started + allowed - time.monotonic()
        if self.flow.read_paused:  # the application is the slow one: the clock starts again
            self.body_started = time.monotonic()
            self.body_bytes = 0
            self._set_deadline(self.limits.body_timeout, self._body_timed_out)
            return
        if remaining > 0:
            self._set_deadline(remaining, self._body_timed_out)
            return
        cycle = self.cycle
        if cycle.response_started:
            self.transport.close()
            return
        cycle.disconnected = True  # the application's answer, if any, goes nowhere
        cycle.message_event.set()
        self._answer_and_close(408, ErrorCode.REQUEST_TIMEOUT, TIMEOUT_MESSAGE)

    def _answer_and_close(self, status: int, code: ErrorCode, message: str) -> None:
        if self.transport.is_closing():
            return
        self.transport.write(error_response(status, code, message))
        self.transport.close()

    # Timers.

    def _set_deadline(self, seconds: float, callback: Callable[[], None]) -> None:
        self._clear_deadline()
        self.deadline = self.loop.call_later(seconds, callback)

    def _clear_deadline(self) -> None:
        if self.deadline is not None:
            self.deadline.cancel()
            self.deadline = None


class HeadTooLargeError(Exception):
    """Raised from the parser's callback to stop it at a head over the limit."""


def error_body(code: ErrorCode, message: str) -> bytes:
    """An error about the whole request, in the documented shape."""
    error = {"field": None, "code": code.value, "message": message}
    return json.dumps({"detail": message, "errors": [error]}).encode()


def error_response(status: int, code: ErrorCode, message: str) -> bytes:
    """A whole HTTP response in the documented error shape, closing the connection."""
    body = error_body(code, message)
    head = (
        b"content-type: application/json\r\n"
        b"content-length: %d\r\n"
        b"connection: close\r\n"
        b"\r\n" % len(body)
    )
    return STATUS_LINE[status] + head + body


async def probes_only(
    scope: Scope,
    receive: ASGIReceiveCallable,
    send: ASGISendCallable,
    *,
    app: ASGI3Application,
    probe_paths: frozenset[str],
) -> None:
    """``app`` for the probes; 503 for anything else, on a connection over the cap."""
    if scope["type"] == "http" and scope["path"] in probe_paths:
        await app(scope, receive, send)
        return
    body = error_body(ErrorCode.SERVICE_UNAVAILABLE, OVERFLOW_MESSAGE)
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
                (b"retry-after", b"1"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body, "more_body": False})


def bounded_protocol(limits: ConnectionLimits) -> type[asyncio.Protocol]:
    """The protocol to give uvicorn (``http=``), bound to ``limits``.

    A partial rather than a class made here: ``--workers`` and ``--reload`` pickle the
    configuration into their processes, and a partial of a module's class pickles."""
    return cast(type[asyncio.Protocol], functools.partial(BoundedHttpToolsProtocol, limits=limits))
