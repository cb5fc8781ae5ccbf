"""Fixtures for the abuse tests: settings with small limits, and Redis for shared counters.

Redis tests use ``FLOWBACK_TEST_REDIS_URL`` (CI sets it), else redis://127.0.0.1:6379/1.
Outside CI they are skipped when Redis is unreachable; in CI (``CI=true``) they fail.
"""

import os
import tempfile
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from adapters.composition import Composition
from adapters.limiter_storage import build_limiter
from config.settings import Settings
from tests.conftest import asgi_client

REDIS_URL = os.environ.get("FLOWBACK_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
# Uploaded images of these tests; keys are random, so the tests may share the directory.
MEDIA_ROOT = Path(tempfile.gettempdir(), "flowback-test-media")


def small_settings(**overrides: Any) -> Settings:
    """Test settings (memory mail, bcrypt cost 4, media in a temporary directory) with the
    given limits."""
    defaults: dict[str, Any] = {
        "_env_file": None,
        "email_backend": "memory",
        "bcrypt_rounds": 4,
        "media_root": MEDIA_ROOT,
    }
    return Settings(**(defaults | overrides))


def app_client(composition: Composition, *, client_ip: str = "203.0.113.7") -> httpx.AsyncClient:
    """HTTP through the ASGI app as seen from a client on the internet."""
    return asgi_client(composition, client_ip=client_ip)


@pytest.fixture
async def client(composition: Composition) -> AsyncIterator[httpx.AsyncClient]:
    """The root ``client`` (same composition and mail), seen from a client on the internet."""
    async with app_client(composition) as client:
        yield client


@pytest.fixture
async def redis_prefix() -> AsyncIterator[str]:
    """A Redis key prefix of this test's own; its keys are removed afterwards."""
    prefix = f"flowback-test-{uuid.uuid4().hex[:12]}"
    limiter = build_limiter(small_settings(redis_url=REDIS_URL), key_prefix=prefix)
    try:
        reachable = await limiter.check()
        if not reachable:
            if os.environ.get("CI") == "true":
                pytest.fail(f"CI must run the Redis tests, but {REDIS_URL} is unreachable")
            pytest.skip(f"Redis at {REDIS_URL} is unreachable (set FLOWBACK_TEST_REDIS_URL)")
        yield prefix
        await limiter.reset()
    finally:
        limiter.close()
