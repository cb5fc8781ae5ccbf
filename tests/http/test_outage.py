"""A database that is away is 503 with ``Retry-After`` on every transport, never a 500.

The outage is made by failing every connection the service asks its pool for, which is
what a stopped server or a cut network looks like from here; a real outage between real
processes is in tests/process/test_many_processes.py.
"""

import json
import logging
from typing import Any

import httpx
import pytest

from adapters.composition import compose
from adapters.mailers import MemoryMailer
from config.settings import Settings
from models import User
from observability import health
from observability.logs import JsonFormatter, TextFormatter
from tests.conftest import asgi_client
from tests.http.helpers import GRAPHQL, sample
from tests.process.children import free_port
from web.faults import RETRY_AFTER_SECONDS


def start_outage(monkeypatch: pytest.MonkeyPatch) -> None:
    connection = User._meta.db

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionRefusedError(111, "Connect call failed ('127.0.0.1', 5432)")

    monkeypatch.setattr(connection, "acquire_connection", refused)


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    # Nothing about the connection reaches the client (a random request id may hold "5432").
    assert "Connect call" not in response.text and "127.0.0.1" not in response.text


async def test_rest_and_graphql_answer_503_while_the_database_is_away_then_recover(
    client: httpx.AsyncClient, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth = {"Authorization": f"Token {token}"}
    with monkeypatch.context() as patch:
        start_outage(patch)
        users = await client.get("/users", headers=auth)
        assert_unavailable(users)
        assert [error["code"] for error in users.json()["errors"]] == ["SERVICE_UNAVAILABLE"]
        login = await client.post("/login", data={"username": "alice", "password": "x" * 20})
        assert_unavailable(login)
        query = await client.post(GRAPHQL, json={"query": "{ user { id } }"}, headers=auth)
        assert_unavailable(query)
        errors = query.json()["errors"]
        assert [error["extensions"]["code"] for error in errors] == ["SERVICE_UNAVAILABLE"]
        ready = await client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["reason"].startswith("database unreachable")
        assert (await client.get("/healthz")).status_code == 200
    metrics = (await client.get("/metrics")).text
    errors = "flowback_errors_total"
    assert sample(metrics, errors, code="SERVICE_UNAVAILABLE", transport="rest") == 2
    assert sample(metrics, errors, code="SERVICE_UNAVAILABLE", transport="graphql") == 1
    assert (await client.get("/users", headers=auth)).status_code == 200
    query = await client.post(GRAPHQL, json={"query": "{ user { id } }"}, headers=auth)
    assert query.status_code == 200
    assert query.json()["data"]["user"]["id"]


async def test_an_outage_is_logged_as_one_line_without_a_traceback(
    client: httpx.AsyncClient,
    token: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with monkeypatch.context() as patch:
        start_outage(patch)
        await client.get("/users", headers={"Authorization": f"Token {token}"})
        await client.post(
            GRAPHQL, json={"query": "{ user { id } }"}, headers={"Authorization": f"Token {token}"}
        )
    unavailable = [r for r in caplog.records if "unavailable" in r.getMessage()]
    assert len(unavailable) == 2
    assert all(record.exc_info is None for record in unavailable)
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


@pytest.mark.usefixtures("db")
async def test_redis_away_is_503_too(monkeypatch: pytest.MonkeyPatch) -> None:
    async def migrated() -> list[str]:
        return []

    monkeypatch.setattr(health, "pending_migrations", migrated)
    settings = Settings(
        _env_file=None, email_backend="memory", redis_url=f"redis://127.0.0.1:{free_port()}/0"
    )
    composition = compose(settings, mailer=MemoryMailer())
    try:
        async with asgi_client(composition) as client:
            fields = {"username": "alice", "password": "correct horse battery staple"}
            assert_unavailable(await client.post("/login", data=fields))
            ready = await client.get("/readyz")
    finally:
        composition.limiter.close()
    assert ready.status_code == 503
    assert ready.json() == {"status": "unavailable", "reason": "redis unreachable"}


async def test_an_outage_warning_names_the_request_id_once(
    client: httpx.AsyncClient,
    token: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    auth = {"Authorization": f"Token {token}"}
    caplog.set_level(logging.WARNING, logger="flowback.errors")
    with monkeypatch.context() as patch:
        start_outage(patch)
        rest = await client.get("/users", headers=auth)
        graphql = await client.post(GRAPHQL, json={"query": "{ user { id } }"}, headers=auth)
    request_ids = [rest.headers["X-Request-ID"], graphql.headers["X-Request-ID"]]
    warnings = [r for r in caplog.records if "backing service unavailable" in r.getMessage()]
    assert [getattr(record, "request_id", None) for record in warnings] == request_ids
    for record, request_id in zip(warnings, request_ids, strict=True):
        assert TextFormatter().format(record).count(request_id) == 1
        entry = json.loads(JsonFormatter().format(record))
        assert entry["request_id"] == request_id
        assert request_id not in entry["message"]
