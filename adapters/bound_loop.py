"""Tortoise's check that a client is used on the event loop it was connected on, without a
system call in the common case (docs/architecture.md#the-hot-path).

Tortoise runs the check at every lookup of a model's connection, twice in a signed-in list.
It asks ``asyncio.get_running_loop()``, which on Python 3.11 makes a ``getpid`` system call
each time. Under load a system call costs far more than its own time here: the code that
runs after it finds its caches cold. This answers the common case (the bound loop running
in the thread and process that connected it) from what the client recorded, and leaves every
other case to Tortoise's own check.
"""

import os
import threading

from tortoise.backends.base.client import BaseDBAsyncClient


class _Process:
    """The current process's id, kept up to date across ``fork`` without asking for it."""

    pid = os.getpid()

    @classmethod
    def forked(cls) -> None:
        cls.pid = os.getpid()


os.register_at_fork(after_in_child=_Process.forked)


class BoundLoopCheck(BaseDBAsyncClient):
    """Mixed into the service's Tortoise clients, before Tortoise's class."""

    _bound_thread: int | None = None
    _bound_pid: int | None = None

    async def _post_connect(self) -> None:
        await super()._post_connect()
        self._bound_thread = threading.get_ident()
        self._bound_pid = _Process.pid

    def _check_loop(self) -> bool:
        """A loop runs in one thread at a time, so the bound loop running, in the thread and
        process that connected, is the running loop; anything else is Tortoise's to judge
        (a test's new loop, another thread, a forked child)."""
        loop = self._bound_loop
        if (
            loop is not None
            and self._bound_thread == threading.get_ident()
            and self._bound_pid == _Process.pid
            and loop.is_running()
        ):
            return True
        return super()._check_loop()
