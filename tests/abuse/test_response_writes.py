"""A response leaves in one write: its head waits for the body's first bytes
(``web.http_protocol``), and still goes out alone when no body follows (HEAD, a failure
after the head), after a ``100 Continue``, and before the connection closes; what is
written is what uvicorn writes, for pipelined requests too."""

import pytest
from uvicorn._types import ASGIReceiveCallable, ASGISendCallable, Scope
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from tests.abuse.test_slow_clients import Transport, settle
from web.http_protocol import BoundedHttpToolsProtocol, ConnectionLimits

LIMITS = ConnectionLimits(
    max_head_bytes=32768,
    header_timeout=60,
    body_timeout=60,
    body_min_rate=1024,
    max_connections=10,
    probe_paths=frozenset(),
)


class Writes(Transport):
    """Each write on its own."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []

    def write(self, data: bytes | bytearray | memoryview) -> None:
        super().write(data)
        self.writes.append(bytes(data))


async def app(scope: Scope, receive: ASGIReceiveCallable, send: ASGISendCallable) -> None:
    if scope["type"] != "http":
        return
    if scope["path"] == "/echo":
        body = (await receive())["body"]  # type: ignore[typeddict-item]
        headers = [(b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})
        return
    if scope["path"] == "/stream":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"one", "more_body": True})
        await send({"type": "http.response.body", "body": b"two", "more_body": False})
        return
    if scope["path"] == "/fails":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        raise RuntimeError("after the head")
    headers = [(b"content-length", b"2")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b"ok"})


def connected() -> tuple[BoundedHttpToolsProtocol, Writes]:
    config = Config(app=app, interface="asgi3", log_config=None, access_log=False)
    config.load()
    protocol = BoundedHttpToolsProtocol(
        config=config, server_state=ServerState(), app_state={}, limits=LIMITS
    )
    transport = Writes()
    protocol.connection_made(transport)
    return protocol, transport


async def answered(request: bytes) -> Writes:
    protocol, transport = connected()
    protocol.data_received(request)
    await settle()
    return transport


@pytest.mark.parametrize(
    ("method", "ending"),
    [("GET", b"\r\n\r\nok"), ("HEAD", b"content-length: 2\r\n\r\n")],
)
async def test_the_head_goes_out_with_the_body_in_one_write(method: str, ending: bytes) -> None:
    """To a HEAD request, when the answer is complete, alone."""
    transport = await answered(f"{method} /ok HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
    (only,) = transport.writes
    assert only.startswith(b"HTTP/1.1 200 OK\r\n")
    assert only.endswith(ending)


async def test_two_requests_on_one_connection_are_each_one_write() -> None:
    request = b"GET /ok HTTP/1.1\r\nHost: localhost\r\n\r\n"
    transport = await answered(request + request)
    assert len(transport.writes) == 2
    assert all(write.endswith(b"\r\n\r\nok") for write in transport.writes)


async def test_a_100_continue_goes_out_before_the_answer_is_written() -> None:
    head = b"POST /echo HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\n"
    protocol, transport = connected()
    protocol.data_received(head + b"Content-Length: 5\r\n\r\n")
    await settle()
    assert transport.writes == [b"HTTP/1.1 100 Continue\r\n\r\n"]
    protocol.data_received(b"hello")
    await settle()
    assert len(transport.writes) == 2
    assert transport.writes[1].endswith(b"\r\n\r\nhello")


async def test_a_streamed_body_carries_the_head_in_its_first_chunk() -> None:
    transport = await answered(b"GET /stream HTTP/1.1\r\nHost: localhost\r\n\r\n")
    first, *rest = transport.writes
    assert first.startswith(b"HTTP/1.1 200 OK\r\n")
    assert first.endswith(b"\r\n\r\n3\r\none\r\n")
    assert b"".join(rest) == b"3\r\ntwo\r\n0\r\n\r\n"


async def test_a_head_with_no_body_to_follow_goes_out_before_the_connection_closes() -> None:
    transport = await answered(b"GET /fails HTTP/1.1\r\nHost: localhost\r\n\r\n")
    assert transport.written.startswith(b"HTTP/1.1 200 OK\r\n")
    assert transport.closed


SECURITY = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY")]
#: Each path's status and headers: every way a head's headers change how it is written.
HEADS: dict[str, tuple[int, list[tuple[bytes, bytes]]]] = {
    "/plain": (200, [(b"content-length", b"2"), (b"content-type", b"text/plain"), *SECURITY]),
    "/cased": (200, [(b"Content-Length", b"2"), (b"Content-Type", b"text/plain"), *SECURITY]),
    "/chunked": (200, [(b"content-type", b"text/plain"), *SECURITY]),
    "/te": (200, [(b"transfer-encoding", b"chunked"), *SECURITY]),
    "/close": (200, [(b"content-length", b"2"), (b"connection", b"keep-alive, Close"), *SECURITY]),
    "/empty": (204, [*SECURITY]),
    "/unchanged": (304, [(b"etag", b'"a"'), *SECURITY]),
    "/bad-value": (200, [(b"content-length", b"2"), (b"x-bad", b"a\r\nb")]),
    "/bad-name": (200, [(b"content-length", b"2"), (b"x bad", b"a")]),
}


async def heads_app(scope: Scope, receive: ASGIReceiveCallable, send: ASGISendCallable) -> None:
    if scope["type"] != "http":
        return
    status, headers = HEADS[scope["path"]]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    body = b"" if status in (204, 304) else b"ok"
    await send({"type": "http.response.body", "body": body})


async def written_by(protocol_class: type[HttpToolsProtocol], request: bytes) -> bytes:
    config = Config(app=heads_app, interface="asgi3", log_config=None, access_log=False)
    config.load()
    protocol = (
        BoundedHttpToolsProtocol(
            config=config, server_state=ServerState(), app_state={}, limits=LIMITS
        )
        if protocol_class is BoundedHttpToolsProtocol
        else HttpToolsProtocol(config=config, server_state=ServerState(), app_state={})
    )
    transport = Writes()
    protocol.connection_made(transport)
    protocol.data_received(request)
    await settle()
    return transport.written


@pytest.mark.parametrize("path", list(HEADS))
@pytest.mark.parametrize("method", ["GET", "HEAD"])
async def test_pipelined_answers_are_written_as_uvicorn_writes_them(path: str, method: str) -> None:
    """Both, a HEAD request's too (its head, held for a body that never comes, is its own
    cycle's to send, not the next request's); a bad header refused each time."""
    request = f"{method} {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode()
    ours = await written_by(BoundedHttpToolsProtocol, request * 2)
    assert ours == await written_by(HttpToolsProtocol, request * 2)
    answers = 0 if path.startswith("/bad") else 1 if path == "/close" else 2
    assert ours.count(b"HTTP/1.1 ") == answers
