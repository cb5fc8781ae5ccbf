import coredis
from limits.aio.storage import MemoryStorage, RedisStorage

from config.settings import Settings
from domain.ratelimit import Limiter


def build_limiter(settings: Settings, *, key_prefix: str | None = None) -> Limiter:
    """Redis when ``settings.redis_url`` is set, keys under ``key_prefix``; else memory."""
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
