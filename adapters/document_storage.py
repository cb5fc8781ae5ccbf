"""Automatic persisted queries: this process's memory, and Redis within a write budget
(docs/graphql/documents.md); a Redis that fails or is slow is a miss, never an error."""

import hashlib
import logging
import time
from collections import OrderedDict
from collections.abc import Callable

import coredis
import coredis.exceptions
from coredis.retry import NoRetryPolicy

from config.settings import Settings

logger = logging.getLogger("flowback.persisted_queries")

#: Seconds a Redis connection or answer may take before the lookup counts as a miss.
REDIS_TIMEOUT = 0.5
_REDIS_FAILURES = (coredis.exceptions.RedisError, OSError, TimeoutError)


class MemoryDocuments:
    """Least recently used dropped beyond ``max_bytes`` of UTF-8; a larger text is not kept."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._texts: OrderedDict[str, tuple[str, int]] = OrderedDict()

    def get(self, digest: str) -> str | None:
        entry = self._texts.get(digest)
        if entry is None:
            return None
        self._texts.move_to_end(digest)
        return entry[0]

    def put(self, digest: str, text: str) -> None:
        size = len(text.encode())
        if size > self.max_bytes or digest in self._texts:
            return
        while self.bytes + size > self.max_bytes:
            _, (_, dropped) = self._texts.popitem(last=False)
            self.bytes -= dropped
        self._texts[digest] = (text, size)
        self.bytes += size

    def __len__(self) -> int:
        return len(self._texts)


class RedisDocuments:
    def __init__(
        self,
        client: "coredis.Redis[str]",
        *,
        key_prefix: str,
        ttl: int,
        budget_bytes: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._client = client
        self._keys = f"{key_prefix}-documents:"
        self._ttl = ttl
        self._budget = budget_bytes
        self._clock = clock
        self._failing = False

    def key(self, digest: str) -> str:
        return self._keys + digest

    async def get(self, digest: str) -> str | None:
        """None when there is none, when what is stored is not that hash's text, or Redis fails."""
        try:
            text = await self._client.get(self.key(digest))
        except _REDIS_FAILURES as error:
            self._failed(error)
            return None
        self._answered()
        if text is None or hashlib.sha256(text.encode()).hexdigest() != digest:
            return None
        return text

    async def put(self, digest: str, text: str) -> None:
        """Only if the period's budget allows its bytes."""
        size = len(text.encode())
        period = int(self._clock() // self._ttl)
        budget_key = f"{self._keys}written:{period}"
        try:
            pipeline = await self._client.pipeline(transaction=False)
            pipeline.incrby(budget_key, size)
            pipeline.expire(budget_key, 2 * self._ttl)
            written, _ = await pipeline.execute()
            if int(written) <= self._budget:
                await self._client.set(self.key(digest), text, ex=self._ttl)
        except _REDIS_FAILURES as error:
            self._failed(error)
            return
        self._answered()

    def close(self) -> None:
        self._client.connection_pool.disconnect()

    def _failed(self, error: BaseException) -> None:
        if not self._failing:
            logger.warning(
                "Redis is failing (%s): persisted queries are looked up in this process only "
                "until it answers again",
                type(error).__name__,
            )
        self._failing = True

    def _answered(self) -> None:
        if self._failing:
            logger.info("Redis answers again: persisted queries are shared again")
        self._failing = False


class DocumentStorage:
    """Memory first, then Redis if there is one (a Redis hit is kept in memory too)."""

    def __init__(self, memory: MemoryDocuments, redis: RedisDocuments | None = None) -> None:
        self.memory = memory
        self.redis = redis

    def held(self, digest: str) -> str | None:
        """From memory alone."""
        return self.memory.get(digest)

    async def get(self, digest: str) -> str | None:
        text = self.memory.get(digest)
        if text is None and self.redis is not None:
            text = await self.redis.get(digest)
            if text is not None:
                self.memory.put(digest, text)
        return text

    async def put(self, digest: str, text: str) -> None:
        """Not written again when this process keeps it (some clients send the text every time)."""
        if self.memory.get(digest) is not None:
            return
        self.memory.put(digest, text)
        if self.redis is not None:
            await self.redis.put(digest, text)

    def close(self) -> None:
        if self.redis is not None:
            self.redis.close()


def build_document_storage(settings: Settings) -> DocumentStorage:
    memory = MemoryDocuments(settings.graphql_persisted_queries_cache_bytes)
    if not settings.redis_url:
        return DocumentStorage(memory)
    client: coredis.Redis[str] = coredis.Redis.from_url(
        settings.redis_url,
        decode_responses=True,
        connect_timeout=REDIS_TIMEOUT,
        stream_timeout=REDIS_TIMEOUT,
        retry_policy=NoRetryPolicy(),
    )
    redis = RedisDocuments(
        client,
        key_prefix=settings.redis_key_prefix,
        ttl=settings.graphql_persisted_queries_ttl,
        budget_bytes=settings.graphql_persisted_queries_redis_bytes,
    )
    return DocumentStorage(memory, redis)
