"""The embedded limiter storage: clearing keys while its expiry task runs loses nothing."""

import asyncio

from adapters.limiter_storage import ClearableMemoryStorage


async def storage_mid_expiry(*keys: str) -> ClearableMemoryStorage:
    """A storage holding an event under each key, its expiry task paused on the first key."""
    storage = ClearableMemoryStorage()
    for key in keys:
        assert await storage.acquire_entry(key, limit=5, expiry=900)
    await asyncio.sleep(0)  # the task lists the keys and hands the first one to a thread
    return storage


async def test_a_key_cleared_while_the_expiry_task_runs_leaves_the_task_well() -> None:
    storage = await storage_mid_expiry("first", "second")
    await storage.clear("second")
    assert storage.timer is not None
    await asyncio.wait_for(storage.timer, timeout=5)
    assert storage.timer.exception() is None
    assert "second" not in storage.events
    assert await storage.acquire_entry("second", limit=1, expiry=900)
    assert not await storage.acquire_entry("second", limit=1, expiry=900)


async def test_a_reset_while_the_expiry_task_runs_leaves_the_task_well() -> None:
    storage = await storage_mid_expiry("first", "second")
    assert await storage.reset() == 2
    assert storage.timer is not None
    await asyncio.wait_for(storage.timer, timeout=5)
    assert storage.timer.exception() is None
    assert storage.events == {}


async def test_clearing_a_key_frees_its_count_and_leaves_others() -> None:
    storage = ClearableMemoryStorage()
    for key in ("first", "other"):
        assert await storage.acquire_entry(key, limit=1, expiry=900)
    await storage.clear("first")
    await storage.clear("never-hit")
    assert "never-hit" not in storage.events
    assert await storage.acquire_entry("first", limit=1, expiry=900)
    assert not await storage.acquire_entry("first", limit=1, expiry=900)
    assert not await storage.acquire_entry("other", limit=1, expiry=900)
