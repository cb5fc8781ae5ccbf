"""Two server processes with FLOWBACK_REDIS_URL share their rate-limit counters."""

from pathlib import Path

import httpx

from tests.abuse import conftest as abuse
from tests.abuse.conftest import REDIS_URL
from tests.process.conftest import start_server

# Redis reachable (else skipped, or failed in CI), with a key prefix of this test's own.
redis_prefix = abuse.redis_prefix


def test_two_processes_count_logins_in_one_redis(
    server_env: dict[str, str], tmp_path: Path, redis_prefix: str
) -> None:
    env = server_env | {
        "FLOWBACK_REDIS_URL": REDIS_URL,
        "FLOWBACK_REDIS_KEY_PREFIX": redis_prefix,
        "FLOWBACK_RATE_LIMIT_LOGIN_IP": "2/minute",
    }
    first = start_server(env, tmp_path / "first.log")
    try:
        second = start_server(env, tmp_path / "second.log")
        try:
            fields = {"username": "nobody", "password": "wrong password, any server"}
            statuses = [
                httpx.post(f"{server.base_url}/login", data=fields, timeout=10).status_code
                for server in (first, second, first, second)
            ]
        finally:
            second.stop()
    finally:
        first.stop()
    assert statuses == [400, 400, 429, 429]
