"""bcrypt off the event loop, in a bounded pool of threads that run only on idle cores
(docs/security.md#the-bcrypt-queue).

bcrypt reads at most 72 bytes, so every password is first reduced to the base64 of its
SHA-256 (44 bytes): every byte of any length counts.
"""

import asyncio
import base64
import contextlib
import hashlib
import os
import sys
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

import bcrypt

from domain.ratelimit import RateLimitedError

T = TypeVar("T")

#: How much nicer than the event loop the hashing threads are where ``SCHED_IDLE`` is refused.
HASH_THREAD_NICENESS = 10
#: The nicest a Linux thread can be; the kernel takes any higher value as this one, so
#: mutants that raise it are equivalent.
NICEST = 19  # pragma: no mutate
#: When a refused hash may be tried again: the queue moves within about a second.
QUEUE_FULL_RETRY_AFTER = 1


def _prehash(password: str) -> bytes:
    return base64.b64encode(hashlib.sha256(password.encode()).digest())


def _yield_to_requests() -> None:
    """On Linux a hashing thread runs only on a core with nothing else to run (``SCHED_IDLE``):
    the event loop, woken by a request, takes the core at once. Where that is refused, the
    thread is ``HASH_THREAD_NICENESS`` nicer than the one that started the pool."""
    if sys.platform != "linux":
        return
    thread = threading.get_native_id()
    try:
        os.sched_setscheduler(thread, os.SCHED_IDLE, os.sched_param(0))
    except OSError:
        # A sandbox refusing both leaves the default priority: slower, still correct.
        with contextlib.suppress(OSError):
            nice = os.getpriority(os.PRIO_PROCESS, thread)
            os.setpriority(os.PRIO_PROCESS, thread, min(NICEST, nice + HASH_THREAD_NICENESS))


class PasswordHasher:
    def __init__(
        self,
        *,
        rounds: int,
        concurrency: int,
        queue_size: int,
        per_account: int,
        per_address: int,
    ) -> None:
        self._rounds = rounds
        self._pool = ThreadPoolExecutor(
            max_workers=concurrency,
            thread_name_prefix="bcrypt",
            initializer=_yield_to_requests,
        )
        self._capacity = concurrency + queue_size
        self._per_caller = {"account": per_account, "address": per_address}
        # Hashes admitted and not finished: in all, and per account and per address.
        self._admitted = 0
        self._by_caller: Counter[tuple[str, str]] = Counter()
        self._dummy_hash: str | None = None

    async def _run(
        self, function: Callable[..., T], *args: str, account: str | None, client_ip: str | None
    ) -> T:
        """``RateLimitedError`` at once when the queue is full, for all or for this caller."""
        callers = [
            (kind, name)
            for kind, name in (("account", account), ("address", client_ip))
            if name is not None
        ]
        if self._admitted >= self._capacity or any(
            self._by_caller[caller] >= self._per_caller[caller[0]] for caller in callers
        ):
            raise RateLimitedError(retry_after=QUEUE_FULL_RETRY_AFTER)
        self._admitted += 1
        self._by_caller.update(callers)
        loop = asyncio.get_running_loop()

        def release(_: Future[T]) -> None:
            # Counted out when the thread is done, not when a cancelled caller stops waiting.
            loop.call_soon_threadsafe(self._release, callers)

        work = self._pool.submit(function, *args)
        work.add_done_callback(release)
        return await asyncio.wrap_future(work)

    def _release(self, callers: list[tuple[str, str]]) -> None:
        self._admitted -= 1
        self._by_caller.subtract(callers)
        for caller in callers:
            if self._by_caller[caller] <= 0:
                del self._by_caller[caller]

    async def hash(
        self, password: str, *, account: str | None = None, client_ip: str | None = None
    ) -> str:
        return await self._run(self._hash_sync, password, account=account, client_ip=client_ip)

    async def verify(
        self,
        password: str,
        password_hash: str | None,
        *,
        account: str | None = None,
        client_ip: str | None = None,
    ) -> bool:
        """With no hash, spend the same work on a dummy and fail, so an unknown account answers no
        faster; a value bcrypt cannot read (a deleted account's ``!``) matches nothing."""
        candidate = password_hash or await self._dummy()
        matches = await self._run(
            self._check_sync, password, candidate, account=account, client_ip=client_ip
        )
        return matches and password_hash is not None

    async def _dummy(self) -> str:
        if self._dummy_hash is None:
            # Any text will do: it only has to cost what a real password costs.
            dummy = "flowback dummy password"  # pragma: no mutate
            self._dummy_hash = await asyncio.get_running_loop().run_in_executor(
                self._pool, self._hash_sync, dummy
            )
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
