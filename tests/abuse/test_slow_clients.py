"""The connection protocol (``web.http_protocol``) driven directly, without sockets: which
connection the cap closes, and what a connection over the cap is answered. The process
tests (``tests/process/test_edge.py``) show the same limits on a real server."""

import asyncio
from typing import Any

from uvicorn._types import ASGIReceiveCallable, ASGISendCallable, Scope
from uvicorn.config import Config
from uvicorn.server import ServerState

from web.http_protocol import BoundedHttpToolsProtocol, ConnectionLimits

PROBE = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"
SLOW_CALL = b"GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n"


class Transport(asyncio.Transport):
    """What the protocol writes, and whether it closed the connection."""

    def __init__(self) -> None:
        super().__init__()
        self.written = b""
        self.closed = False

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 40000)}.get(
            name, default
        )

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.written += bytes(data)

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


class Server:
    """One server's protocols, over an application whose ``/slow`` answers only when told."""

    def __init__(self, *, max_connections: int) -> None:
        self.release = asyncio.Event()
        self.config = Config(
            app=self.app, interface="asgi3", log_config=None, access_log=False, proxy_headers=False
        )
        self.config.load()
        self.state = ServerState()
        self.limits = ConnectionLimits(
            max_head_bytes=32768,
            header_timeout=60,
            body_timeout=60,
            body_min_rate=1024,
            max_connections=max_connections,
            probe_paths=frozenset({"/healthz"}),
        )

    async def app(self, scope: Scope, receive: ASGIReceiveCallable, send: ASGISendCallable) -> None:
        if scope["type"] != "http":
            return
        if scope["path"] == "/slow":
            await self.release.wait()
        headers = [(b"content-length", b"2")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"ok"})

    def connect(self) -> tuple[BoundedHttpToolsProtocol, Transport]:
        protocol = BoundedHttpToolsProtocol(
            config=self.config, server_state=self.state, app_state={}, limits=self.limits
        )
        transport = Transport()
        protocol.connection_made(transport)
        return protocol, transport


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_a_connection_over_the_cap_closes_the_oldest_that_waits_on_its_client() -> None:
    server = Server(max_connections=3)
    busy, busy_transport = server.connect()
    busy.data_received(SLOW_CALL)  # answered by the application: never closed for room
    idle, idle_transport = server.connect()
    idle.data_received(PROBE)
    await settle()
    assert idle_transport.written.startswith(b"HTTP/1.1 200 OK")
    _, slow_head_transport = server.connect()
    newcomer, newcomer_transport = server.connect()
    assert idle_transport.closed  # the oldest waiting one, idle after its answer
    assert not busy_transport.closed
    assert not slow_head_transport.closed
    newcomer.data_received(PROBE)
    await settle()
    assert newcomer_transport.written.startswith(b"HTTP/1.1 200 OK")
    server.release.set()
    await settle()


async def test_with_every_connection_busy_a_newcomer_is_answered_only_on_the_probes() -> None:
    server = Server(max_connections=1)
    busy, busy_transport = server.connect()
    busy.data_received(SLOW_CALL)
    await settle()
    probe, probe_transport = server.connect()
    probe.data_received(PROBE)
    other, other_transport = server.connect()
    other.data_received(b"GET /users HTTP/1.1\r\nHost: localhost\r\n\r\n")
    await settle()
    assert probe_transport.written.startswith(b"HTTP/1.1 200 OK")
    assert other_transport.written.startswith(b"HTTP/1.1 503 Service Unavailable")
    assert b"retry-after: 1" in other_transport.written
    assert b'"code": "SERVICE_UNAVAILABLE"' in other_transport.written
    assert not busy_transport.closed
    server.release.set()
    await settle()
    assert busy_transport.written.startswith(b"HTTP/1.1 200 OK")
