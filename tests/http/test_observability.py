"""Request ids, access logs, metrics and health, as an operator sees them over HTTP."""

import json
import logging
import re

import httpx
import pytest
from prometheus_client import generate_latest
from starlette.requests import Request
from starlette.responses import Response

from adapters.composition import Composition
from main import create_app
from observability.logs import ACCESS_LOGGER, JsonFormatter, TextFormatter
from observability.metrics import MAX_OPERATIONS, Metrics
from observability.record import start_record
from tests.conftest import deliver
from tests.factories import PASSWORD
from tests.http.helpers import graphql, sample, signed_up

HEX32 = re.compile(r"[0-9a-f]{32}")


async def test_a_request_id_is_made_when_none_is_sent(client: httpx.AsyncClient) -> None:
    first = await client.get("/healthz")
    second = await client.get("/healthz")
    assert HEX32.fullmatch(first.headers["X-Request-ID"])
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


async def test_the_callers_request_id_is_returned(client: httpx.AsyncClient) -> None:
    response = await client.post("/login", data={}, headers={"X-Request-ID": "trace-42.a"})
    assert response.status_code == 400
    assert response.headers["X-Request-ID"] == "trace-42.a"


@pytest.mark.parametrize("sent", [b"two words", b"x" * 200, "é".encode(), b"a;b"])
async def test_an_unsafe_request_id_is_replaced(client: httpx.AsyncClient, sent: bytes) -> None:
    response = await client.get("/healthz", headers={b"X-Request-ID": sent})
    assert HEX32.fullmatch(response.headers["X-Request-ID"])


def access_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == ACCESS_LOGGER]


async def test_one_access_log_line_per_request_with_operation_and_request_id(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=ACCESS_LOGGER)
    response = await client.post(
        "/graphql?debug=1",
        json={"query": 'mutation Login { login(username: "x", password: "y") { token } }'},
        headers={"X-Request-ID": "req-1"},
    )
    assert response.status_code == 200
    (record,) = access_records(caplog)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-1"
    assert line["method"] == "POST"
    assert line["path"] == "/graphql"
    assert line["status"] == 200
    assert line["graphql_operation"] == "Login"
    assert line["error_codes"] == "INVALID_CREDENTIALS"
    assert isinstance(line["duration_ms"], float)
    assert line["level"] == "info"
    text = TextFormatter().format(record)
    assert re.search(r"flowback.access: POST /graphql 200 [0-9.]+ms request_id=req-1 ", text)
    assert "graphql_operation=Login" in text


async def test_a_made_up_operation_name_is_logged_as_invalid(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=ACCESS_LOGGER)
    body = {"query": "query A { __typename }", "operationName": "A\nFAKE log line"}
    response = await client.post("/graphql", json=body)
    assert response.status_code == 400  # no such operation in the document
    (record,) = access_records(caplog)
    assert "FAKE" not in JsonFormatter().format(record)
    assert "FAKE" not in TextFormatter().format(record)


def test_operation_names_that_are_not_graphql_names_are_recorded_as_invalid() -> None:
    record = start_record()
    record.graphql_operation_named = "Login"
    assert record.graphql_operation == "Login"
    record.graphql_operation_named = "x\ny"
    assert record.graphql_operation == "invalid"
    record.graphql_operation_named = "A" * 101
    assert record.graphql_operation == "invalid"


async def test_the_access_log_never_shows_a_password_or_token(
    client: httpx.AsyncClient, mailer: object, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = await signed_up(client, mailer)  # type: ignore[arg-type]
    await client.get("/user", headers={"Authorization": f"Token {token}"})
    logged = "\n".join(JsonFormatter().format(record) for record in caplog.records)
    assert "POST /register/verify" in logged
    assert PASSWORD not in logged
    assert token not in logged


async def test_metrics_count_requests_operations_and_errors(client: httpx.AsyncClient) -> None:
    await client.post("/register", data={"username": "bad name!", "email": "a@example.com"})
    await client.get("/users")
    await graphql(client, "query Probe { __typename }")
    await graphql(client, "query Me { user { id } }")
    await client.get("/no/such/path")
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    body = response.text
    requests = "flowback_http_requests_total"
    assert sample(body, requests, method="POST", route="/register", status="400") == 1
    assert sample(body, requests, method="GET", route="/users", status="401") == 1
    assert sample(body, requests, method="POST", route="/graphql", status="200") == 2
    assert sample(body, requests, method="GET", route="unmatched", status="404") == 1
    assert sample(body, "flowback_graphql_operations_total", operation="Probe") == 1
    assert sample(body, "flowback_graphql_operations_total", operation="Me") == 1
    latency = "flowback_http_request_duration_seconds_count"
    assert sample(body, latency, method="POST", route="/register") == 1
    operation_latency = "flowback_graphql_operation_duration_seconds_count"
    assert sample(body, operation_latency, operation="Me") == 1
    errors = "flowback_errors_total"
    assert sample(body, errors, code="INVALID_USERNAME", transport="rest") == 1
    assert sample(body, errors, code="UNAUTHENTICATED", transport="rest") == 1
    assert sample(body, errors, code="UNAUTHENTICATED", transport="graphql") == 1


async def test_a_graphql_operation_over_get_is_counted_as_graphql(
    client: httpx.AsyncClient,
) -> None:
    mutation = 'mutation Login { login(username: "x", password: "y") { token } }'
    refused = await client.get("/graphql", params={"query": mutation})
    assert refused.status_code == 400  # mutations are not sent over GET
    queried = await client.get("/graphql", params={"query": "query Probe { __typename }"})
    assert queried.status_code == 200
    ide = await client.get("/graphql", headers={"Accept": "text/html"})
    assert ide.status_code == 200
    body = (await client.get("/metrics")).text
    errors = "flowback_errors_total"
    assert sample(body, errors, code="MALFORMED_BODY", transport="graphql") == 1
    assert sample(body, errors, code="MALFORMED_BODY", transport="rest") == 0
    operations = "flowback_graphql_operations_total"
    assert sample(body, operations, operation="Probe") == 1
    # The refused mutation and the query; GraphiQL's page is no operation.
    counted = [line for line in body.splitlines() if line.startswith(operations + "{")]
    assert sum(float(line.rpartition(" ")[2]) for line in counted) == 2


async def test_metrics_have_the_standard_collectors_and_no_created_series(
    client: httpx.AsyncClient,
) -> None:
    await client.get("/healthz")
    body = (await client.get("/metrics")).text
    assert sample(body, "process_resident_memory_bytes") > 0
    assert sample(body, "process_cpu_seconds_total") > 0
    assert sample(body, "process_open_fds") > 0
    assert 'python_info{implementation="CPython"' in body
    assert sample(body, "python_gc_collections_total", generation="0") > 0
    assert (
        sample(body, "flowback_http_requests_total", method="GET", route="/healthz", status="200")
        == 1
    )
    assert "_created" not in body


@pytest.mark.usefixtures("db")
async def test_metrics_show_the_outbox_depth(composition: Composition) -> None:
    # The client fixture delivers after each response; without it, mail stays pending.
    app = create_app(composition.settings, composition=composition, manage_orm=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as raw:
        for n in range(3):
            await raw.post("/register", data={"username": f"u{n}", "email": f"u{n}@example.com"})
        waiting = (await raw.get("/metrics")).text
        assert await deliver(composition) == 3
        drained = (await raw.get("/metrics")).text
    assert sample(waiting, "flowback_outbox_messages", status="pending") == 3
    assert sample(waiting, "flowback_outbox_oldest_unsent_age_seconds") > 0
    assert sample(drained, "flowback_outbox_messages", status="pending") == 0
    assert sample(drained, "flowback_outbox_messages", status="sent") == 3
    assert "flowback_outbox_oldest_unsent_age_seconds 0.0" in drained.splitlines()


async def test_healthz_answers_without_the_database(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_is_503_with_the_pending_migrations(client: httpx.AsyncClient) -> None:
    # The test database is built from the models, so no aerich migration is recorded.
    response = await client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["reason"].startswith("pending migrations: 0_")


@pytest.mark.usefixtures("db")
async def test_the_request_id_reaches_the_internal_error_answer(composition: Composition) -> None:
    app = create_app(composition.settings, composition=composition, manage_orm=False)

    async def broken(request: Request) -> Response:
        raise RuntimeError("boom")

    app.add_route("/broken", broken)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.get("/broken", headers={"X-Request-ID": "oops-1"})
    assert response.status_code == 500
    assert response.json() == {
        "detail": "Internal server error.",
        "errors": [{"field": None, "code": "INTERNAL_ERROR", "message": "Internal server error."}],
        "request_id": "oops-1",
    }
    assert response.headers["X-Request-ID"] == "oops-1"


def test_operation_names_past_the_bound_are_counted_as_other(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The series stay bounded whatever names clients send; a name counted once keeps its
    own series, and an anonymous operation is counted as such."""
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    metrics = Metrics(shared_directory=None)

    def observed(name: str | None) -> None:
        metrics.observe(
            method="POST",
            route="/graphql",
            status=200,
            seconds=0.001,
            graphql=True,
            graphql_operation=name,
            error_codes=[],
        )

    for number in range(MAX_OPERATIONS + 5):
        observed(f"Op{number}")
    observed("Op0")
    observed(f"Op{MAX_OPERATIONS}")  # past the bound again: still other's
    observed(None)
    observed(None)
    body = generate_latest(metrics.registry).decode()
    operations = "flowback_graphql_operations_total"
    assert sample(body, operations, operation="Op0") == 2
    assert sample(body, operations, operation=f"Op{MAX_OPERATIONS - 1}") == 1
    assert sample(body, operations, operation=f"Op{MAX_OPERATIONS}") == 0
    assert sample(body, operations, operation="other") == 6
    assert sample(body, operations, operation="anonymous") == 2
    latency = "flowback_graphql_operation_duration_seconds_count"
    assert sample(body, latency, operation="other") == 6
