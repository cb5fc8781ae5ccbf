"""What the bounded protocol costs a request: ``python bench/http_protocol.py``.

Feeds the same keep-alive ``GET`` to uvicorn's httptools protocol and to the service's
(``web.http_protocol``, which bounds heads, times slow clients and caps connections), each
over a trivial ASGI app and a transport that only counts what it is given: no socket, no
middleware, only the protocol's own work. The two alternate, and each is measured in CPU
time (``process_time``), so other work on the machine weighs on both alike; the least and
the median of the runs are printed, in microseconds a request.
"""

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uvloop

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from uvicorn._types import ASGIReceiveCallable, ASGISendCallable, Scope
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from web.http_protocol import BoundedHttpToolsProtocol, ConnectionLimits

REQUEST = (
    b"GET /user HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n"
    b"Authorization: Token 0123456789abcdef0123456789abcdef\r\n"
    b"User-Agent: wrk\r\nAccept: */*\r\n\r\n"
)
LIMITS = ConnectionLimits(
    max_head_bytes=32768,
    header_timeout=10,
    body_timeout=10,
    body_min_rate=1024,
    max_connections=4096,
    probe_paths=frozenset({"/healthz", "/readyz"}),
)


async def answer_ok(scope: Scope, receive: ASGIReceiveCallable, send: ASGISendCallable) -> None:
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]}
    )
    await send({"type": "http.response.body", "body": b"ok"})


class CountingTransport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 40000)}.get(
            name, default
        )

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.writes += 1

    def is_closing(self) -> bool:
        return False

    def close(self) -> None:
        pass

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


Protocol = Callable[..., HttpToolsProtocol]
PROTOCOLS: dict[str, Protocol] = {
    "httptools": HttpToolsProtocol,
    "bounded": lambda **options: BoundedHttpToolsProtocol(**options, limits=LIMITS),
}


async def microseconds_a_request(make: Protocol, requests: int) -> float:
    config = Config(app=answer_ok, interface="asgi3", log_config=None, access_log=False)
    config.load()
    protocol = make(config=config, server_state=ServerState(), app_state={})
    transport = CountingTransport()
    protocol.connection_made(transport)
    started = time.process_time()
    for _ in range(requests):
        protocol.data_received(REQUEST)
        await asyncio.sleep(0)  # the request's task runs, and answers at once
    elapsed = time.process_time() - started
    if transport.writes != 2 * requests:
        raise SystemExit(f"{transport.writes} writes for {requests} requests: not all answered")
    return elapsed / requests * 1e6


async def compare(runs: int, requests: int) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {name: [] for name in PROTOCOLS}
    for run in range(runs):
        names = list(PROTOCOLS) if run % 2 == 0 else list(reversed(PROTOCOLS))
        for name in names:
            results[name].append(await microseconds_a_request(PROTOCOLS[name], requests))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=30, help="alternating runs of each")
    parser.add_argument("--requests", type=int, default=5000, help="requests a run")
    arguments = parser.parse_args()
    results = uvloop.run(compare(arguments.runs, arguments.requests))
    for name, times in results.items():
        print(
            f"{name:>10}: least {min(times):.2f} us a request, "
            f"median {statistics.median(times):.2f} us ({arguments.runs} runs)"
        )


if __name__ == "__main__":
    main()
