"""``GET /metrics`` of ``serve --workers N`` answers for every worker, whichever takes it."""

import asyncio
import re
from pathlib import Path

import httpx
import pytest

from tests.abuse import conftest as abuse
from tests.abuse.conftest import REDIS_URL
from tests.conftest import postgres_param
from tests.http.helpers import sample
from tests.process.conftest import json_lines, start_server

pytestmark = pytest.mark.parametrize("backend", [postgres_param()])
redis_prefix = abuse.redis_prefix  # Redis reachable (else skipped, or failed in CI)
WORKERS = 2
QUERIES = 40
COUNTED = re.compile(r"counter_(\d+)\.db")


async def _healthz_on_new_connections(base_url: str, requests: int) -> None:
    """``requests`` at once, each on a connection of its own, so the workers share them."""
    limits = httpx.Limits(max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=10) as client:
        answers = await asyncio.gather(*(client.get("/healthz") for _ in range(requests)))
    assert {answer.status_code for answer in answers} == {200}


async def _queries_on_new_connections(base_url: str, requests: int) -> None:
    """As ``_healthz_on_new_connections``: anonymous GraphQL operations."""
    limits = httpx.Limits(max_keepalive_connections=0)
    query = {"query": "{ __typename }"}
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=10) as client:
        answers = await asyncio.gather(
            *(client.post("/graphql", json=query) for _ in range(requests))
        )
    assert {answer.status_code for answer in answers} == {200}


def counting_workers(run_directory: Path) -> set[str]:
    """The pids of the workers that have counted a request in the run's shared files."""
    return {
        found.group(1)
        for path in run_directory.glob("flowback-metrics-*/counter_*.db")
        if (found := COUNTED.fullmatch(path.name))
    }


def test_one_scrape_counts_the_requests_of_every_worker(
    server_env: dict[str, str], redis_prefix: str, tmp_path: Path
) -> None:
    run_directory = tmp_path / "run"  # the server's TMPDIR: its shared metrics go there
    run_directory.mkdir()
    env = server_env | {
        "FLOWBACK_REDIS_URL": REDIS_URL,
        "FLOWBACK_REDIS_KEY_PREFIX": redis_prefix,
        "TMPDIR": str(run_directory),
        "FLOWBACK_LOG_FORMAT": "json",
    }
    log = tmp_path / "server.log"
    server = start_server(env, log, "--workers", str(WORKERS))
    try:
        sent = 0
        while len(counting_workers(run_directory)) < WORKERS and sent < 2000:
            asyncio.run(_healthz_on_new_connections(server.base_url, 40))
            sent += 40
        assert len(counting_workers(run_directory)) == WORKERS, "one worker took every request"
        asyncio.run(_queries_on_new_connections(server.base_url, QUERIES))
        scrapes = [
            httpx.get(f"{server.base_url}/metrics", headers={"Connection": "close"}).text
            for _ in range(6)
        ]
    finally:
        server.stop()
    healthz = {"method": "GET", "route": "/healthz", "status": "200"}
    assert [sample(body, "flowback_http_requests_total", **healthz) for body in scrapes] == [
        sent
    ] * len(scrapes)
    for body in scrapes:
        pids = set(re.findall(r'process_cpu_seconds_total\{pid="(\d+)"\}', body))
        assert len(pids) == WORKERS
        assert 'python_info{implementation="CPython"' in body
        assert sample(body, "python_gc_collections_total", generation="0") > 0
        assert sample(body, "flowback_outbox_oldest_unsent_age_seconds") == 0
        assert "_created" not in body
        # Each worker's operations, counted once: off the durations' histogram.
        operations = sample(body, "flowback_graphql_operations_total", operation="anonymous")
        durations = "flowback_graphql_operation_duration_seconds_count"
        assert operations == sample(body, durations, operation="anonymous") == QUERIES
    assert not list(run_directory.iterdir()), "the run's metrics directory was left behind"
    # The supervisor's lines and each worker's are JSON too.
    started = [line for line in json_lines(log.read_text()) if "Started" in line["message"]]
    assert len(started) == 1 + WORKERS
