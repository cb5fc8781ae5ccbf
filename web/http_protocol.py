"""uvicorn's httptools protocol with the limits it lacks: head size, head and body time, and
connections per process (docs/security.md#connections).

Head bytes are counted as they arrive, before the parser buffers them. Over the connection
cap, the connection waiting longest on its client is closed, so a flood of slow connections
closes its own members and the probes still get in.
"""

import asyncio
import functools
import json
import logging
import time
from asyncio import TimerHandle
from dataclasses import dataclass
from typing import Any, cast
from weakref import WeakKeyDictionary

import httptools
from uvicorn._types import ASGI3Application, ASGIReceiveCallable, ASGISendCallable, Scope
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import (
    STATUS_LINE,
    HttpToolsProtocol,
    RequestResponseCycle,
)
from uvicorn.server import ServerState

from domain.errors import ErrorCode
from web.faults import Fault, refusal, rest_body

HEADERS_TOO_LARGE_MESSAGE = "The request line and headers exceed the limit of {limit} bytes."
OVERFLOW_MESSAGE = "The server has too many connections; try again shortly."
CAP_LOG_INTERVAL = 60.0
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


class ServerConnections:
    """Oldest first, and when reaching the cap was last logged."""

    def __init__(self) -> None:
        self.by_age: dict[BoundedHttpToolsProtocol, None] = {}
        self.cap_logged_at: float | None = None

    def log_cap(self, logger: logging.Logger, message: str) -> None:
        """At most once a minute: a flood would otherwise write a line per connection."""
        now = time.monotonic()
        if self.cap_logged_at is None or now - self.cap_logged_at >= CAP_LOG_INTERVAL:
            self.cap_logged_at = now
            logger.warning(message)


#: Each server's connections (a server per process; tests may run several).
_connections_of: WeakKeyDictionary[ServerState, ServerConnections] = WeakKeyDictionary()


def connections_of(server_state: ServerState) -> ServerConnections:
    if (connections := _connections_of.get(server_state)) is None:
        connections = _connections_of[server_state] = ServerConnections()
    return connections


class BoundedHttpToolsProtocol(HttpToolsProtocol):
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
        self.max_head_bytes = limits.max_head_bytes
        self.server_connections = connections_of(server_state)
        self.by_age = self.server_connections.by_age
        # Bytes received since the last head was complete, counted only between requests
        # and within a head (whole reads: a read ending one request may begin the next).
        self.head_bytes = 0
        self.head_refused = False
        self.head_deadline: TimerHandle | None = None
        self.body_deadline: TimerHandle | None = None
        self.body_cycle: RequestResponseCycle | None = None  # whose body the clock times
        self.body_started = 0.0
        self.body_bytes = 0

    # The connection's life.

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.by_age) >= self.limits.max_connections:
            self._make_room()
        self.by_age[self] = None
        self.head_deadline = self.loop.call_later(self.limits.header_timeout, self._head_timed_out)

    def connection_lost(self, exc: Exception | None) -> None:
        for deadline in (self.head_deadline, self.body_deadline):
            if deadline is not None:
                deadline.cancel()
        self.by_age.pop(self, None)
        super().connection_lost(exc)

    @property
    def waits_on_client(self) -> bool:
        """Idle between requests, or within a request's head or body; not while the app answers."""
        cycle = self.cycle
        return cycle is None or cycle.response_complete or cycle.more_body

    def _make_room(self) -> None:
        """Close the oldest connection that waits on its client; with none, this one serves only
        the probes."""
        victim = next(
            (other for other in self.by_age if other.waits_on_client and other is not self),
            None,
        )
        cap = self.limits.max_connections
        if victim is not None:
            self.by_age.pop(victim)
            victim.transport.close()
            self.server_connections.log_cap(
                self.logger,
                f"{cap} connections: closing those that wait longest on their clients "
                "for new ones (logged at most once a minute)",
            )
            return
        self.server_connections.log_cap(
            self.logger,
            f"{cap} connections, each with a request being answered: new connections are "
            "answered only on the probes (logged at most once a minute)",
        )
        self.app = cast(
            ASGI3Application,
            functools.partial(probes_only, app=self.app, probe_paths=self.limits.probe_paths),
        )

    # Reading.

    def data_received(self, data: bytes) -> None:
        self._unset_keepalive_if_required()
        cycle = self.cycle
        if cycle is None or not cycle.more_body:  # between requests, or within a head
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
        cycle = self.cycle
        if cycle is None or not cycle.more_body:
            if self.head_bytes > self.max_head_bytes:
                self._refuse_head()
            elif self.head_bytes and self.head_deadline is None:  # a later request's head
                self.head_deadline = self.loop.call_later(
                    self.limits.header_timeout, self._head_timed_out
                )
        elif self.body_deadline is None and not cycle.response_complete:  # a body is coming
            self._start_body_clock()

    def on_headers_complete(self) -> None:
        if self.head_bytes > self.max_head_bytes and self._head_size() > self.max_head_bytes:
            self.head_refused = True
            raise HeadTooLargeError
        self.head_bytes = 0
        if self.head_deadline is not None:
            self.head_deadline.cancel()
            self.head_deadline = None
        super().on_headers_complete()
        cycle = self.cycle
        cycle.transport = cast(asyncio.Transport, _HeadWithBody(cycle, self.transport))
        # This cycle's, not the protocol's: a pipelined request's cycle may be the protocol's
        # by the time this one's response is complete.
        cycle.on_response = functools.partial(self._response_complete, cycle)

    # Writing.

    def _response_complete(self, cycle: RequestResponseCycle) -> None:
        cast(_HeadWithBody, cycle.transport).send_head()  # a HEAD request's
        self.on_response_complete()

    def _head_size(self) -> int:
        """The exact count, for a read that held more than the head."""
        fields = sum(len(name) + len(value) + HEADER_FRAMING_BYTES for name, value in self.headers)
        return len(self.url) + fields

    # Refusing.

    def _refuse_head(self) -> None:
        message = HEADERS_TOO_LARGE_MESSAGE.format(limit=self.limits.max_head_bytes)
        self._answer_and_close(ErrorCode.HEADERS_TOO_LARGE, message)

    def _head_timed_out(self) -> None:
        self.head_deadline = None
        if self.cycle is not None and not self.cycle.response_complete:
            return  # the head came in time; the application is answering
        if self.head_bytes:
            self._answer_and_close(ErrorCode.REQUEST_TIMEOUT)
        else:
            self.transport.close()  # a client that never spoke is owed no answer

    def _start_body_clock(self) -> None:
        self.body_cycle = self.cycle
        self.body_started = time.monotonic()
        self.body_bytes = 0
        self._set_body_deadline(self.limits.body_timeout)

    def _body_timed_out(self) -> None:
        self.body_deadline = None
        cycle = self.cycle
        if not cycle.more_body or cycle.response_complete:
            return  # the body is complete, or the answer went out without waiting for it
        if cycle is not self.body_cycle or self.flow.read_paused:
            # A later request's body (this clock was left to run out), or the application is
            # the slow one: the clock starts again.
            self._start_body_clock()
            return
        allowed = self.limits.body_timeout + self.body_bytes / self.limits.body_min_rate
        remaining = self.body_started + allowed - time.monotonic()
        if remaining > 0:
            self._set_body_deadline(remaining)
            return
        if cycle.response_started:
            self.transport.close()
            return
        cycle.disconnected = True  # the application's answer, if any, goes nowhere
        cycle.message_event.set()
        self._answer_and_close(ErrorCode.REQUEST_TIMEOUT)

    def _set_body_deadline(self, seconds: float) -> None:
        self.body_deadline = self.loop.call_later(seconds, self._body_timed_out)

    def _answer_and_close(self, code: ErrorCode, message: str | None = None) -> None:
        if self.transport.is_closing():
            return
        self.transport.write(error_response(refusal(code, message)))
        self.transport.close()


class _HeadWithBody:
    """The connection as one response's cycle writes to it: the response's head (status line
    and headers, its first write once started) is held and sent with the body's first write,
    one system call instead of two. Closing the connection, or the end of a response with no
    body to write (to a HEAD request), sends it first; a ``100 Continue`` goes out at once."""

    __slots__ = ("_cycle", "_head", "_head_seen", "_transport")

    def __init__(self, cycle: RequestResponseCycle, transport: asyncio.Transport) -> None:
        self._cycle = cycle
        self._transport = transport
        self._head: bytes | None = None
        self._head_seen = False

    def write(self, data: bytes) -> None:
        if not self._head_seen and self._cycle.response_started:
            self._head_seen = True
            self._head = data
            return
        if self._head is not None:
            data = self._head + data
            self._head = None
        self._transport.write(data)

    def send_head(self) -> None:
        if self._head is not None:
            head, self._head = self._head, None
            self._transport.write(head)

    def close(self) -> None:
        self.send_head()
        self._transport.close()

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class HeadTooLargeError(Exception):
    """Raised from the parser's callback to stop it."""


def error_body(fault: Fault) -> bytes:
    return json.dumps(rest_body(fault)).encode()


def error_response(fault: Fault) -> bytes:
    """Closing the connection."""
    body = error_body(fault)
    head = (
        b"content-type: application/json\r\n"
        b"content-length: %d\r\n"
        b"connection: close\r\n"
        b"\r\n" % len(body)
    )
    return STATUS_LINE[fault.status] + head + body


async def probes_only(
    scope: Scope,
    receive: ASGIReceiveCallable,
    send: ASGISendCallable,
    *,
    app: ASGI3Application,
    probe_paths: frozenset[str],
) -> None:
    """503 but for the probes, on a connection over the cap."""
    if scope["type"] == "http" and scope["path"] in probe_paths:
        await app(scope, receive, send)
        return
    body = error_body(refusal(ErrorCode.SERVICE_UNAVAILABLE, OVERFLOW_MESSAGE))
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
    """A partial, not a class made here: ``--workers`` and ``--reload`` pickle the configuration,
    and a partial of a module's class pickles."""
    return cast(type[asyncio.Protocol], functools.partial(BoundedHttpToolsProtocol, limits=limits))
