import asyncio
import threading
from collections.abc import Callable

import pytest

from domain.passwords import QUEUE_FULL_RETRY_AFTER, PasswordHasher
from domain.ratelimit import RateLimitedError

PASSWORD = "correct horse battery staple"


@pytest.mark.parametrize("stored", ["!", "", "not a bcrypt hash", "$2b$04$short"])
async def test_a_stored_value_bcrypt_cannot_read_matches_no_password(stored: str) -> None:
    hasher = PasswordHasher(rounds=4, concurrency=1)
    for password in (PASSWORD, stored, "!", ""):
        assert await hasher.verify(password, stored) is False


async def test_no_hash_spends_the_work_and_fails_even_for_the_dummy_password() -> None:
    hasher = PasswordHasher(rounds=4, concurrency=1)
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
    hasher = PasswordHasher(rounds=4, concurrency=1, queue_size=10, per_account=2)
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
    hasher = PasswordHasher(rounds=4, concurrency=1, queue_size=10, per_address=3)
    calls = [hasher.hash(PASSWORD, account=f"n{n}", client_ip="192.0.2.1") for n in range(4)]
    shown = await outcomes(*calls, hasher.hash(PASSWORD, client_ip="192.0.2.2"))
    assert shown == ["ok"] * 3 + ["refused", "ok"]


async def test_the_queue_as_a_whole_is_bounded() -> None:
    hasher = PasswordHasher(rounds=4, concurrency=2, queue_size=3)
    calls = [hasher.hash(PASSWORD, account=f"n{n}", client_ip=f"ip{n}") for n in range(7)]
    assert await outcomes(*calls) == ["ok"] * 5 + ["refused"] * 2


async def test_a_cancelled_caller_keeps_its_place_until_its_hash_is_done() -> None:
    hasher = PasswordHasher(rounds=10, concurrency=1, queue_size=0, per_account=1)
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
    hasher = PasswordHasher(rounds=4, concurrency=1)
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
