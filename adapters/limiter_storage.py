import coredis
from limits.aio.storage import MemoryStorage, RedisStorage

from config.settings import Settings
from domain.ratelimit import Limiter


class ClearableMemoryStorage(MemoryStorage):
    """limits' memory storage, whose cleared keys its expiry task can still visit.

    The expiry task lists the keys, then waits for each key's lock before it reads the key's
    events. A key cleared or reset meanwhile (a login that succeeds ends its lockout run) made
    that read a ``KeyError``: the task died and, when collected, logged a traceback. A cleared
    key therefore keeps an empty list, which the task then drops.
    """

    async def clear(self, key: str) -> None:
        listed = key in self.events
        await super().clear(key)
        if listed:
            self.events[key] = []

    async def reset(self) -> int | None:
        keys = list(self.events)
        cleared = await super().reset()
        self.events.update((key, []) for key in keys)
        return cleared


def build_limiter(settings: Settings, *, key_prefix: str | None = None) -> Limiter:
    """Redis when ``settings.redis_url`` is set, keys under ``key_prefix``; else memory."""
    if not settings.redis_url:
        return Limiter(settings=settings, storage=ClearableMemoryStorage())
    # Our own pool, so the connections can be closed when the application stops.
    pool = coredis.ConnectionPool.from_url(settings.redis_url)
    storage = RedisStorage(
        f"async+{settings.redis_url}",
        key_prefix=key_prefix or settings.redis_key_prefix,
        connection_pool=pool,  # type: ignore[arg-type]
    )
    return Limiter(settings=settings, storage=storage, close=pool.disconnect)
