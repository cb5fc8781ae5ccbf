"""Issue 22 item 2, on a real server: a burst of anonymous multipart bodies to ``/graphql``
does not grow the worker.

Eighty concurrent requests of ten 1 MiB text parts with ``Authorization: x`` once took a
worker from 320 to 1,019 MiB; the token is now checked before a byte of the body is read.
The server's resident memory (``VmRSS`` of ``/proc/<pid>/status``) is sampled throughout.
"""

import asyncio
import contextlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.process.conftest import LiveServer

pytestmark = [pytest.mark.slow, pytest.mark.parametrize("backend", ["sqlite"], indirect=True)]

MEBIBYTE = 1024 * 1024
REQUESTS = 80
PARTS = 10
BOUNDARY = "b0undary"
#: What the burst may add to the worker's resident memory (docs/security.md states it).
BOUND = 16 * MEBIBYTE


def resident_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


@contextmanager
def peak_resident(pid: int) -> Iterator[list[int]]:
    """The highest ``VmRSS`` seen while the block runs, sampled every 10 ms (``[peak]``)."""
    peak = [resident_bytes(pid)]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.01):
            peak[0] = max(peak[0], resident_bytes(pid))

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        yield peak
    finally:
        done.set()
        sampler.join()
        peak[0] = max(peak[0], resident_bytes(pid))


def multipart_chunks() -> tuple[list[bytes], int]:
    """Ten 1 MiB text parts (one shared buffer, so the client holds 1 MiB), and the length."""
    text = b"x" * MEBIBYTE
    chunks: list[bytes] = []
    for n in range(PARTS):
        chunks.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="p{n}"\r\n\r\n'.encode()
        )
        chunks.extend((text, b"\r\n"))
    chunks.append(f"--{BOUNDARY}--\r\n".encode())
    return chunks, sum(len(chunk) for chunk in chunks)


async def post_multipart(port: int, authorization: str) -> int:
    """One request over a raw socket: the body is sent while the answer is awaited; the
    answer's status."""
    chunks, length = multipart_chunks()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = (
        "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
        f"Content-Length: {length}\r\nAuthorization: {authorization}\r\n\r\n"
    )
    writer.write(head.encode())

    async def send_body() -> None:
        try:
            for chunk in chunks:
                writer.write(chunk)
                await writer.drain()
        except ConnectionError:
            pass  # the server answered and closed without reading it: the point

    sender = asyncio.create_task(send_body())
    try:
        status_line = await asyncio.wait_for(reader.readline(), timeout=60)
    finally:
        sender.cancel()
        await asyncio.gather(sender, return_exceptions=True)
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()
    return int(status_line.split()[1])


async def burst(port: int, authorization: str) -> list[int]:
    return await asyncio.gather(*(post_multipart(port, authorization) for _ in range(REQUESTS)))


def test_a_burst_of_anonymous_multipart_bodies_leaves_the_worker_within_its_bound(
    live_server: LiveServer,
) -> None:
    port = int(live_server.base_url.rsplit(":", 1)[1])
    pid = live_server.process.pid
    with httpx.Client(base_url=live_server.base_url) as client:
        for _ in range(20):  # warm: the first requests import and cache what they need
            client.post("/graphql", json={"query": "{ __typename }"})
    asyncio.run(burst(port, "x"))  # once to warm the connection handling too
    time.sleep(0.5)
    before = resident_bytes(pid)
    with peak_resident(pid) as peak:
        statuses = asyncio.run(burst(port, "x"))
    grown = peak[0] - before
    assert grown < BOUND, f"grew {grown / MEBIBYTE:.0f} MiB (from {before / MEBIBYTE:.0f} MiB)"
    assert statuses == [401] * REQUESTS
