"""Where the rate-limit counters live: this process's memory, or Redis shared by every process."""

import coredis
from limits.aio.storage import MemoryStorage, RedisStorage

from config.settings import Settings
from domain.ratelimit import Limiter


def build_limiter(settings: Settings, *, key_prefix: str | None = None) -> Limiter:
    """Counters in Redis when ``settings.redis_url`` is set, else in this process.

    Redis keys start with ``key_prefix`` (default ``settings.redis_key_prefix``).
    """
    if not settings.redis_url:
        return Limiter(settings=settings, storage=MemoryStorage())
    # Our own pool, so the connections can be closed when the application stops.
    pool = coredis.ConnectionPool.from_url(settings.redis_url)
    storage = RedisStorage(
        f"async+{settings.redis_url}",
        key_prefix=key_prefix or settings.redis_key_prefix,
        connection_pool=pool,  # type: ignore[arg-type]
    )
    return Limiter(settings=settings, storage=storage, close=pool.disconnect)
