import asyncio
import gc
import os
import sys
import threading
import tracemalloc
from collections.abc import Callable

import pytest

from domain.passwords import QUEUE_FULL_RETRY_AFTER, PasswordHasher
from domain.ratelimit import RateLimitedError

PASSWORD = "correct horse battery staple"


def hasher_of(
    *,
    rounds: int = 4,
    concurrency: int = 1,
    queue_size: int = 32,
    per_account: int = 2,
    per_address: int = 4,
) -> PasswordHasher:
    """A hasher with the settings' default queue bounds, unless told otherwise."""
    return PasswordHasher(
        rounds=rounds,
        concurrency=concurrency,
        queue_size=queue_size,
        per_account=per_account,
        per_address=per_address,
    )


@pytest.mark.parametrize("stored", ["!", "", "not a bcrypt hash", "$2b$04$short"])
async def test_a_stored_value_bcrypt_cannot_read_matches_no_password(stored: str) -> None:
    hasher = hasher_of()
    for password in (PASSWORD, stored, "!", ""):
        assert await hasher.verify(password, stored) is False


async def test_no_hash_spends_the_work_and_fails_even_for_the_dummy_password() -> None:
    hasher = hasher_of()
    assert await hasher.verify("flowback dummy password", None) is False
    assert await hasher.verify(PASSWORD, await hasher.hash(PASSWORD)) is True


async def outcomes(*calls: object) -> list[str]:
    """``ok``, ``no`` or ``refused`` for each call, in the order given."""
    results = await asyncio.gather(*calls, return_exceptions=True)  # type: ignore[call-overload]
    shown = []
    for result in results:
        if isinstance(result, RateLimitedError):
            assert result.retry_after == QUEUE_FULL_RETRY_AFTER == 1
            shown.append("refused")
        elif isinstance(result, BaseException):
            raise result
        else:
            shown.append("ok" if result else "no")
    return shown


async def test_one_account_has_at_most_its_share_of_the_queue() -> None:
    hasher = hasher_of(queue_size=10, per_account=2)
    stored = await hasher.hash(PASSWORD)
    flood = [hasher.verify("wrong", stored, account="a") for _ in range(5)]
    other = hasher.verify(PASSWORD, stored, account="b")
    assert await outcomes(*flood, other) == ["no", "no"] + ["refused"] * 3 + ["ok"]
    # Done hashes leave the queue: the account may try again.
    assert await outcomes(*(hasher.verify(PASSWORD, stored, account="a") for _ in range(2))) == [
        "ok",
        "ok",
    ]


async def test_one_address_has_at_most_its_share_of_the_queue() -> None:
    hasher = hasher_of(queue_size=10, per_address=3)
    calls = [hasher.hash(PASSWORD, account=f"n{n}", client_ip="192.0.2.1") for n in range(4)]
    shown = await outcomes(*calls, hasher.hash(PASSWORD, client_ip="192.0.2.2"))
    assert shown == ["ok"] * 3 + ["refused", "ok"]


async def test_the_queue_as_a_whole_is_bounded() -> None:
    hasher = hasher_of(concurrency=2, queue_size=3)
    for _burst in range(2):  # the second finds the queue as empty as the first did
        calls = [hasher.hash(PASSWORD, account=f"n{n}", client_ip=f"ip{n}") for n in range(7)]
        assert await outcomes(*calls) == ["ok"] * 5 + ["refused"] * 2
        await asyncio.sleep(0.01)  # the last hashes are counted out


@pytest.mark.parametrize("call", ["hash", "verify"])
async def test_each_call_counts_towards_its_accounts_and_its_addresss_share(call: str) -> None:
    hasher = hasher_of(queue_size=10, per_account=2, per_address=3)
    stored = await hasher.hash(PASSWORD)

    def attempt(account: str, address: str) -> object:
        if call == "hash":
            return hasher.hash(PASSWORD, account=account, client_ip=address)
        return hasher.verify(PASSWORD, stored, account=account, client_ip=address)

    by_account = [attempt("a", f"192.0.2.{n}") for n in range(3)]
    by_address = [attempt(f"n{n}", "198.51.100.1") for n in range(4)]
    assert await outcomes(*by_account, *by_address) == [
        *("ok", "ok", "refused"),
        *("ok", "ok", "ok", "refused"),
    ]


async def test_a_cancelled_caller_keeps_its_place_until_its_hash_is_done() -> None:
    hasher = hasher_of(rounds=10, concurrency=1, queue_size=0, per_account=1)
    first = asyncio.ensure_future(hasher.hash(PASSWORD, account="a"))
    await asyncio.sleep(0.01)  # the hash is running in its thread
    first.cancel()
    with pytest.raises(RateLimitedError):
        await hasher.hash(PASSWORD, account="a")
    with pytest.raises(RateLimitedError):
        await hasher.hash(PASSWORD, account="b")  # the one thread is still busy
    for _ in range(200):
        await asyncio.sleep(0.01)
        try:
            assert await hasher.hash(PASSWORD, account="a")
        except RateLimitedError:
            continue
        return
    pytest.fail("the cancelled hash never left the queue")


async def test_every_bcrypt_computation_runs_in_the_bounded_pool(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hasher = hasher_of()
    threads: list[str] = []
    for name in ("_hash_sync", "_check_sync"):
        real = getattr(hasher, name)

        def recording(*args: str, real: Callable[..., object] = real) -> object:
            threads.append(threading.current_thread().name)
            return real(*args)

        monkeypatch.setattr(hasher, name, recording)
    stored = await hasher.hash(PASSWORD)
    await hasher.verify(PASSWORD, stored)
    await hasher.verify(PASSWORD, None)  # the dummy hash, then its check
    assert len(threads) == 4
    assert all(name.startswith("bcrypt") for name in threads), threads


class Gates:
    """Stands in for bcrypt in a hasher: each hash waits until its password is let through,
    and the most hashes running at once is kept."""

    def __init__(self, hasher: PasswordHasher, monkeypatch: pytest.MonkeyPatch) -> None:
        self._lock = threading.Lock()
        self._open: dict[str, threading.Event] = {}
        self.running = 0
        self.most = 0
        monkeypatch.setattr(hasher, "_hash_sync", self._hash)

    def _gate(self, password: str) -> threading.Event:
        with self._lock:
            return self._open.setdefault(password, threading.Event())

    def _hash(self, password: str) -> str:
        with self._lock:
            self.running += 1
            self.most = max(self.most, self.running)
        self._gate(password).wait(timeout=5)
        with self._lock:
            self.running -= 1
        return f"hash of {password}"

    def let_through(self, *passwords: str) -> None:
        for password in passwords:
            self._gate(password).set()

    async def until_running(self, count: int) -> None:
        for _ in range(500):
            if self.running >= count:
                return
            await asyncio.sleep(0.01)
        pytest.fail(f"{count} hashes never ran at once")


async def test_no_more_hashes_run_at_once_than_the_concurrency(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hasher = hasher_of(concurrency=2, queue_size=10)
    gates = Gates(hasher, monkeypatch)
    names = [f"p{n}" for n in range(6)]
    calls = [
        asyncio.ensure_future(hasher.hash(name, account=name, client_ip=name)) for name in names
    ]
    await gates.until_running(2)
    await asyncio.sleep(0.2)  # time for any more to start
    gates.let_through(*names)
    assert await asyncio.gather(*calls) == [f"hash of {name}" for name in names]
    assert gates.most == 2


async def test_a_finished_hash_frees_one_place_of_its_account_not_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hasher = hasher_of(concurrency=2, queue_size=10, per_account=2)
    gates = Gates(hasher, monkeypatch)
    first, second = (asyncio.ensure_future(hasher.hash(p, account="a")) for p in ("p1", "p2"))
    await gates.until_running(2)
    gates.let_through("p1")
    assert await first == "hash of p1"
    await asyncio.sleep(0.01)  # p1 is counted out
    third = asyncio.ensure_future(hasher.hash("p3", account="a"))
    await asyncio.sleep(0)  # p3 is admitted: one of the account's two places was free
    with pytest.raises(RateLimitedError):
        await hasher.hash("p4", account="a")  # p2 and p3 hold both
    gates.let_through("p2", "p3")
    assert list(await asyncio.gather(second, third)) == ["hash of p2", "hash of p3"]


async def test_finished_hashes_leave_nothing_behind_for_their_callers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An anonymous caller can try any number of names from any number of addresses: what
    # the queue counts per caller must go when their hashes are done.
    hasher = hasher_of(concurrency=2)
    monkeypatch.setattr(hasher, "_hash_sync", str.upper)
    await hasher.hash("warm up", account="w", client_ip="w")
    tracemalloc.start()
    try:
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        for n in range(2000):
            await hasher.hash("x", account=f"name-{n}", client_ip=f"198.51.{n // 256}.{n % 256}")
        await asyncio.sleep(0.01)  # the last hash is counted out
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 100_000, f"{grown} bytes held after 2,000 callers' hashes"


def priority_of_hashing_threads(callers_niceness: int | None) -> tuple[int, tuple[int, int]]:
    """The nice value of a thread that starts a hasher (at ``callers_niceness`` if given),
    and the scheduling policy and nice value of the hasher's thread."""
    seen: list[int] = []
    hashing: list[tuple[int, int]] = []

    def niceness() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    def priority(password: str) -> str:
        hashing.append((os.sched_getscheduler(0), niceness()))
        return "hashed"

    def caller() -> None:
        if callers_niceness is not None:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), callers_niceness)
        seen.append(niceness())
        hasher = hasher_of()
        hasher._hash_sync = priority  # type: ignore[method-assign]
        asyncio.run(hasher.hash(PASSWORD))

    thread = threading.Thread(target=caller)
    thread.start()
    thread.join()
    return seen[0], hashing[0]


linux_only = pytest.mark.skipif(
    sys.platform != "linux", reason="each thread has its own policy and nice value on Linux only"
)


@linux_only
def test_hashes_run_only_when_a_core_is_idle() -> None:
    _, (policy, _) = priority_of_hashing_threads(None)
    assert policy == os.SCHED_IDLE
    assert os.sched_getscheduler(0) == os.SCHED_OTHER  # the caller's own is left alone


@linux_only
def test_where_idle_is_refused_hashes_run_ten_nicer_and_at_most_at_the_nicest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object) -> None:
        raise PermissionError("sched_setscheduler is not allowed here")

    monkeypatch.setattr(os, "sched_setscheduler", refuse)
    started, hashing = priority_of_hashing_threads(None)
    assert hashing == (os.SCHED_OTHER, min(started + 10, 19))
    assert priority_of_hashing_threads(15) == (15, (os.SCHED_OTHER, 19))


async def test_a_refused_change_of_priority_leaves_hashing_working(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object) -> None:
        raise PermissionError("not allowed here")

    monkeypatch.setattr(os, "sched_setscheduler", refuse)
    monkeypatch.setattr(os, "setpriority", refuse)
    hasher = hasher_of()
    assert await hasher.verify(PASSWORD, await hasher.hash(PASSWORD)) is True
