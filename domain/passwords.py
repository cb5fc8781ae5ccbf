"""Password hashing with bcrypt, off the event loop and in a bounded pool.

bcrypt reads at most 72 bytes and bcrypt 5 refuses longer input, so every password is
first reduced to the base64 of its SHA-256 digest (44 ASCII bytes): any length and any
Unicode text is accepted and every byte of it counts.

The pool's threads run at a lower CPU priority (Linux nice +10) than the event loop, so
on a busy machine requests that do not hash keep their latency while hashes wait.
"""

import asyncio
import base64
import contextlib
import hashlib
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import bcrypt

T = TypeVar("T")

#: How much nicer than the event loop the hashing threads are.
HASH_THREAD_NICENESS = 10


def _prehash(password: str) -> bytes:
    return base64.b64encode(hashlib.sha256(password.encode()).digest())


def _lower_thread_priority() -> None:
    """Make the calling thread nicer; on Linux each thread has its own nice value."""
    if sys.platform != "linux":
        return
    thread = threading.get_native_id()
    # A sandbox refusing setpriority leaves the default priority: slower, still correct.
    with contextlib.suppress(OSError):
        nice = os.getpriority(os.PRIO_PROCESS, thread)
        os.setpriority(os.PRIO_PROCESS, thread, min(19, nice + HASH_THREAD_NICENESS))


class PasswordHasher:
    """At most ``concurrency`` bcrypt computations at once, in threads of their own."""

    def __init__(self, *, rounds: int, concurrency: int) -> None:
        self._rounds = rounds
        self._pool = ThreadPoolExecutor(
            max_workers=concurrency,
            thread_name_prefix="bcrypt",
            initializer=_lower_thread_priority,
        )
        self._dummy_hash: str | None = None

    async def _run(self, function: Callable[..., T], *args: str) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, function, *args)

    async def hash(self, password: str) -> str:
        return await self._run(self._hash_sync, password)

    async def verify(self, password: str, password_hash: str | None) -> bool:
        """Check ``password``; with no hash, spend the same work on a dummy and fail.

        Spending the work either way keeps an unknown account from answering faster
        than a wrong password.
        """
        candidate = password_hash or await self._dummy()
        matches = await self._run(self._check_sync, password, candidate)
        return matches and password_hash is not None

    async def _dummy(self) -> str:
        if self._dummy_hash is None:
            self._dummy_hash = await self.hash("flowback dummy password")
        return self._dummy_hash

    def _hash_sync(self, password: str) -> str:
        salt = bcrypt.gensalt(rounds=self._rounds)
        return bcrypt.hashpw(_prehash(password), salt).decode()

    @staticmethod
    def _check_sync(password: str, password_hash: str) -> bool:
        try:
            return bcrypt.checkpw(_prehash(password), password_hash.encode())
        except ValueError:
            return False
