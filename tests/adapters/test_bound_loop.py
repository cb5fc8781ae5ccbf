"""Tortoise's check that a connection is used on its own event loop: answered without asking
asyncio (a system call on Python 3.11) while the loop that connected runs, and by Tortoise
in every other case."""

import asyncio
import os
import threading

import pytest

from adapters import bound_loop
from adapters.sqlite_client import LoopReadingSqliteClient
from models import User


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[asyncio.AbstractEventLoop | None]:
    """Each time Tortoise's own check asked asyncio for the running loop, and what it got
    (None: no loop was running)."""
    loops: list[asyncio.AbstractEventLoop | None] = []
    running = asyncio.get_running_loop

    def spy() -> asyncio.AbstractEventLoop:
        loops.append(None)
        loop = loops[-1] = running()
        return loop

    # The module Tortoise's check calls it through (asyncio itself).
    monkeypatch.setattr(asyncio, "get_running_loop", spy)
    return loops


async def test_lookups_on_the_connecting_loop_ask_nothing(
    client: LoopReadingSqliteClient, asked: list[asyncio.AbstractEventLoop | None]
) -> None:
    for _ in range(3):
        assert User._meta.db is client
    assert await User.all().count() == 0
    assert asked == []


async def test_another_thread_is_judged_by_tortoise(
    client: LoopReadingSqliteClient, asked: list[asyncio.AbstractEventLoop | None]
) -> None:
    answers: list[bool] = []

    async def check() -> None:
        answers.append(client._check_loop())

    thread = threading.Thread(target=lambda: asyncio.run(check()))
    thread.start()
    thread.join()
    assert answers == [False]
    assert len(asked) == 1
    assert asked[0] is not None
    assert asked[0] is not client._bound_loop


async def test_a_stopped_loop_is_judged_by_tortoise(
    client: LoopReadingSqliteClient, asked: list[asyncio.AbstractEventLoop | None]
) -> None:
    """As a test's next loop finds the connection a previous one made."""
    loop = client._bound_loop
    client._bound_loop = asyncio.new_event_loop()  # connected on a loop that is not running
    try:
        assert client._check_loop() is False
    finally:
        client._bound_loop.close()
        client._bound_loop = loop
    assert len(asked) == 1


async def test_a_forked_child_is_judged_by_tortoise(
    client: LoopReadingSqliteClient, asked: list[asyncio.AbstractEventLoop | None]
) -> None:
    """The process id kept across fork: a child, forked while the loop runs, never takes its
    parent's loop for its own."""
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        try:
            knows_itself = bound_loop._Process.pid == os.getpid() != client._bound_pid
            client._check_loop()
            os.write(writing, b"1" if knows_itself and len(asked) == 1 else b"0")
        finally:
            os._exit(0)
    os.close(writing)
    told = os.read(reading, 1)
    os.close(reading)
    os.waitpid(child, 0)  # noqa: ASYNC222 - the child has written its answer and is exiting
    assert told == b"1"  # the child asked Tortoise's check
    assert client._check_loop() is True
    assert asked == []
