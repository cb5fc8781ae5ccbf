"""Automatic persisted queries are kept in memory, bounded by bytes, and in Redis shared by
every process: under a prefix of their own, each key expiring, within a write budget, and a
Redis that fails is a miss."""

import hashlib
import logging
import uuid
from collections.abc import AsyncIterator

import coredis
import pytest

from adapters.document_storage import (
    DocumentStorage,
    MemoryDocuments,
    RedisDocuments,
    build_document_storage,
)
from adapters.limiter_storage import build_limiter
from tests.abuse.conftest import REDIS_URL, small_settings
from tests.abuse.conftest import redis_prefix as limiter_prefix

TTL = 600
redis_prefix = limiter_prefix


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _document(number: int, size: int = 100) -> tuple[str, str]:
    text = f"query Q{number} {{ me {{ id }} }}".ljust(size)
    return _sha(text), text


@pytest.fixture
async def redis(redis_prefix: str) -> AsyncIterator["coredis.Redis[str]"]:
    """A client of the test Redis; the test's documents are removed afterwards."""
    client: coredis.Redis[str] = coredis.Redis.from_url(REDIS_URL, decode_responses=True)
    yield client
    keys = [key async for key in client.scan_iter(match=f"{redis_prefix}-documents:*")]
    if keys:
        await client.delete(tuple(keys))
    client.connection_pool.disconnect()


def _shared(
    client: "coredis.Redis[str]", prefix: str, *, budget: int = 1 << 20, memory: int = 1 << 20
) -> DocumentStorage:
    redis = RedisDocuments(client, key_prefix=prefix, ttl=TTL, budget_bytes=budget)
    return DocumentStorage(MemoryDocuments(memory), redis)


def test_memory_drops_the_least_recently_used_once_over_its_bytes() -> None:
    memory = MemoryDocuments(max_bytes=300)
    first, second, third, fourth = (_document(n) for n in range(4))
    for digest, text in (first, second, third):
        memory.put(digest, text)
    assert memory.bytes == 300
    assert memory.get(first[0]) == first[1]  # now the most recently used
    memory.put(*fourth)
    assert memory.get(second[0]) is None
    assert [memory.get(d) for d, _ in (first, third, fourth)] == [first[1], third[1], fourth[1]]
    assert memory.bytes == 300


def test_memory_counts_utf8_bytes_and_keeps_no_text_larger_than_itself() -> None:
    memory = MemoryDocuments(max_bytes=100)
    wide = "query Ü { me { id } } # " + "é" * 40  # 64 characters, 105 bytes
    memory.put(_sha(wide), wide)
    assert memory.get(_sha(wide)) is None
    assert memory.bytes == 0
    none = MemoryDocuments(max_bytes=0)
    none.put(*_document(1))
    assert len(none) == 0


async def test_a_document_stored_by_one_process_is_found_by_another(
    redis: "coredis.Redis[str]", redis_prefix: str
) -> None:
    one, other = _shared(redis, redis_prefix), _shared(redis, redis_prefix)
    digest, text = _document(1)
    assert await other.get(digest) is None
    await one.put(digest, text)
    assert other.held(digest) is None  # held answers from this process alone
    assert await other.get(digest) == text
    assert other.memory.get(digest) == text  # kept near for the next request
    assert other.held(digest) == text


async def test_documents_have_their_own_prefix_and_an_expiry_apart_from_the_counters(
    redis: "coredis.Redis[str]", redis_prefix: str
) -> None:
    storage = _shared(redis, redis_prefix)
    digest, text = _document(1)
    await storage.put(digest, text)
    keys = [key async for key in redis.scan_iter(match=f"{redis_prefix}*")]
    assert f"{redis_prefix}-documents:{digest}" in keys
    assert not [key for key in keys if key.startswith(f"{redis_prefix}:")]
    for key in keys:
        assert 0 < await redis.ttl(key) <= 2 * TTL, key
    # The limiter's reset clears its counters, never the documents.
    limiter = build_limiter(small_settings(redis_url=REDIS_URL), key_prefix=redis_prefix)
    try:
        await limiter.reset()
    finally:
        limiter.close()
    assert await _shared(redis, redis_prefix).get(digest) == text


async def test_redis_takes_no_more_than_its_budget_per_period(
    redis: "coredis.Redis[str]", redis_prefix: str
) -> None:
    storage = _shared(redis, redis_prefix, budget=250)
    documents = [_document(n) for n in range(3)]
    for digest, text in documents:
        await storage.put(digest, text)
    elsewhere = _shared(redis, redis_prefix)
    found = [await elsewhere.get(digest) for digest, _ in documents]
    assert found == [documents[0][1], documents[1][1], None]
    # The process that saw the third still has it.
    assert await storage.get(documents[2][0]) == documents[2][1]


async def test_a_document_kept_here_is_not_written_to_redis_again(
    redis: "coredis.Redis[str]", redis_prefix: str
) -> None:
    storage = _shared(redis, redis_prefix, budget=250)
    digest, text = _document(1)
    for _ in range(3):  # a client that sends the text with its hash every time
        await storage.put(digest, text)
    written = [key async for key in redis.scan_iter(match=f"{redis_prefix}-documents:written:*")]
    assert [int(await redis.get(key) or 0) for key in written] == [100]
    other_digest, other_text = _document(2)
    await storage.put(other_digest, other_text)  # still within the budget
    assert await _shared(redis, redis_prefix).get(other_digest) == other_text


async def test_a_stored_text_that_is_not_of_its_hash_is_a_miss(
    redis: "coredis.Redis[str]", redis_prefix: str
) -> None:
    digest, _ = _document(1)
    await redis.set(f"{redis_prefix}-documents:{digest}", "query Evil { sessions { id } }")
    assert await _shared(redis, redis_prefix).get(digest) is None


async def test_a_redis_that_fails_is_a_miss_and_one_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = small_settings(
        redis_url="redis://127.0.0.1:1/0", redis_key_prefix=f"t{uuid.uuid4().hex[:8]}"
    )
    storage = build_document_storage(settings)
    digest, text = _document(1)
    try:
        with caplog.at_level(logging.WARNING, logger="flowback.persisted_queries"):
            assert await storage.get(digest) is None
            await storage.put(digest, text)
            assert await storage.get(_document(2)[0]) is None
    finally:
        storage.close()
    assert await storage.get(digest) == text  # this process still keeps what it saw
    warnings = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "Redis is failing" in warnings[0].getMessage()
