"""CPU time per request, in-process: ``python bench/cpu.py --database-url URL --token T``.

Sends each path through the whole application (``main.create_app``: every middleware, the
access log, the metrics) and through Y3 (``bench/limit.py``) as ASGI calls, one after the
other, with no socket and no load generator, and prints the CPU time (``process_time``: every
thread of the process) each request took, the least of five batches. Wall-clock rates on a
machine shared with other work mostly measure the scheduler (a process that never sleeps
gets only its fair share); CPU time per request does not, so this is what to compare while
optimising. The database must be one ``bench/run.py`` seeds (``bench.seed``), with ``T`` its
token. What it leaves out — the socket, HTTP parsing, concurrency — is the same for the
service and Y3, and is what ``bench/run.py`` measures.
"""

import argparse
import asyncio
import logging
import logging.config
import os
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.limit import limit_app
from bench.run import server_env

App = Callable[[dict[str, Any], Any, Any], Awaitable[None]]
BATCHES = 5


def request_of(scenario: str) -> tuple[str, str, bytes]:
    """Method, path and body of a scenario: a path (GET), or ``POST <path> <JSON body>``."""
    if not scenario.startswith("POST "):
        return "GET", scenario, b""
    _, path, body = scenario.split(" ", 2)
    return "POST", path, body.encode()


def scope_of(path: str, token: str, *, method: str = "GET") -> dict[str, Any]:
    route, _, query = path.partition("?")
    content_type = [(b"content-type", b"application/json")] if method == "POST" else []
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": route,
        "raw_path": route.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1:8000"),
            (b"authorization", f"Token {token}".encode()),
            (b"user-agent", b"bench/cpu.py"),
            *content_type,
        ],
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }


@asynccontextmanager
async def serving(app: App) -> AsyncIterator[None]:
    """``app``'s lifespan, started and finally stopped."""
    inbox: asyncio.Queue[dict[str, str]] = asyncio.Queue()
    started = asyncio.Event()

    async def send(message: dict[str, Any]) -> None:
        started.set()

    async def lifespan() -> None:
        await app({"type": "lifespan", "asgi": {"version": "3.0"}}, inbox.get, send)

    await inbox.put({"type": "lifespan.startup"})
    task = asyncio.create_task(lifespan())
    await started.wait()
    try:
        yield
    finally:
        await inbox.put({"type": "lifespan.shutdown"})
        await task


async def cpu_per_request(app: App, path: str, token: str, requests: int) -> tuple[float, int]:
    """The least CPU seconds per request over ``BATCHES`` batches, and the last status."""
    statuses: list[int] = []
    method, path, body = request_of(path)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    template = scope_of(path, token, method=method)
    per_batch = max(1, requests // BATCHES)
    best = float("inf")
    for _ in range(BATCHES):
        started = time.process_time()
        for _ in range(per_batch):
            await app(template | {"headers": list(template["headers"]), "state": {}}, receive, send)
        best = min(best, (time.process_time() - started) / per_batch)
    return best, statuses[-1]


async def measure(database_url: str, token: str, paths: list[str], requests: int) -> None:
    from main import create_app  # after the environment is set

    service = create_app()
    limit = limit_app(database_url)
    async with serving(service), serving(limit):
        y3, status = await cpu_per_request(limit, "/users?limit=50", token, requests)
        print(f"{'Y3 /users?limit=50':32} {y3 * 1e6:7.1f} µs  ({status})")
        for path in paths:
            seconds, status = await cpu_per_request(service, path, token, requests)
            print(f"{path[:60]:60} {seconds * 1e6:7.1f} µs  ({status})  Y3 ÷ it {y3 / seconds:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument(
        "paths", nargs="*", default=["/users?limit=50", "/users?page=200&limit=50", "/user"]
    )
    arguments = parser.parse_args()
    os.environ.update(server_env(arguments.database_url))
    logging.disable(logging.INFO)  # the access log is built but not written to a terminal
    asyncio.run(
        measure(arguments.database_url, arguments.token, arguments.paths, arguments.requests)
    )


if __name__ == "__main__":
    main()
