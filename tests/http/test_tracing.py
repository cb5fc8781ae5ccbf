"""A span per request over HTTP, with its SQL statements as children, when tracing is on."""

import json
import logging
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode, format_span_id, format_trace_id
from starlette.requests import Request
from starlette.responses import Response
from tortoise.backends.sqlite.client import SqliteClient
from tortoise.context import TortoiseContext

from adapters import tracing
from adapters.composition import Composition
from adapters.mailers import MemoryMailer
from main import create_app
from observability import logs
from observability.logs import ACCESS_LOGGER, JsonFormatter
from tests.conftest import asgi_client
from tests.factories import PASSWORD
from tests.http.helpers import auth, signed_up

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT_ID = "00f067aa0ba902b7"
TRACEPARENT = f"00-{TRACE_ID}-{PARENT_ID}-01"


def tracing_to(exporter: InMemorySpanExporter) -> tracing.Tracing:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return tracing.Tracing(provider)


@pytest.fixture
def exported() -> Iterator[InMemorySpanExporter]:
    """The spans the test makes, as an exporter receives them; tracing is off after it."""
    yield InMemorySpanExporter()
    tracing.disable()
    logs.trace_ids = None


@pytest.fixture
async def traced(
    db: TortoiseContext, composition: Composition, exported: InMemorySpanExporter
) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(composition, tracing=tracing_to(exported)) as client:
        yield client


def server_spans(exported: InMemorySpanExporter) -> list[ReadableSpan]:
    return [span for span in exported.get_finished_spans() if span.kind == SpanKind.SERVER]


def children_of(exported: InMemorySpanExporter, parent: ReadableSpan) -> list[ReadableSpan]:
    return [
        span
        for span in exported.get_finished_spans()
        if span.parent is not None and span.parent.span_id == parent.context.span_id
    ]


async def test_a_request_continues_the_callers_trace_with_its_statements_as_children(
    traced: httpx.AsyncClient, mailer: MemoryMailer, exported: InMemorySpanExporter
) -> None:
    token = await signed_up(traced, mailer)
    exported.clear()
    response = await traced.get("/user", headers={**auth(token), "traceparent": TRACEPARENT})
    assert response.status_code == 200
    (span,) = server_spans(exported)
    assert span.name == "GET /user"
    assert format_trace_id(span.context.trace_id) == TRACE_ID
    assert span.parent is not None and format_span_id(span.parent.span_id) == PARENT_ID
    assert span.attributes is not None
    assert span.attributes["http.route"] == "/user"
    assert span.attributes["http.response.status_code"] == 200
    assert span.attributes["http.request.method"] == "GET"
    statements = children_of(exported, span)
    assert statements, "no statement span"
    assert {child.kind for child in statements} == {SpanKind.CLIENT}
    assert all(child.name.startswith(("SELECT ", "UPDATE ")) for child in statements)
    assert all(child.attributes and "db.query.text" in child.attributes for child in statements)


async def test_a_graphql_request_is_named_by_its_operation(
    traced: httpx.AsyncClient, token: str, exported: InMemorySpanExporter
) -> None:
    exported.clear()
    response = await traced.post(
        "/graphql", json={"query": "query Me { user { id } }"}, headers=auth(token)
    )
    assert response.status_code == 200
    (span,) = server_spans(exported)
    assert span.name == "query Me"
    assert span.attributes is not None
    assert span.attributes["graphql.operation.name"] == "Me"
    assert span.attributes["graphql.operation.type"] == "query"
    assert span.attributes["http.route"] == "/graphql"
    assert children_of(exported, span)


@pytest.mark.parametrize(
    "traceparent", [None, "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "junk"]
)
async def test_without_a_valid_traceparent_a_request_starts_a_trace(
    traced: httpx.AsyncClient, exported: InMemorySpanExporter, traceparent: str | None
) -> None:
    headers = {"traceparent": traceparent} if traceparent else {}
    await traced.get("/no/such/path", headers=headers)
    (span,) = server_spans(exported)
    assert span.parent is None
    assert span.name == "GET"  # no route matched
    assert span.attributes is not None and span.attributes["http.response.status_code"] == 404


async def test_no_span_holds_a_password_a_token_or_an_address(
    traced: httpx.AsyncClient, mailer: MemoryMailer, exported: InMemorySpanExporter
) -> None:
    token = await signed_up(traced, mailer, "zoe", "zoe.private@example.com")
    await traced.get("/user", headers=auth(token))
    spans = exported.get_finished_spans()
    assert len(spans) > 10
    recorded = json.dumps([dict(span.attributes or {}) for span in spans])
    assert "INSERT" in recorded  # the statements are there, with their values left out
    for secret in (PASSWORD, token, "zoe.private"):
        assert secret not in recorded


async def test_log_lines_of_a_request_carry_its_trace_id(
    traced: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    await traced.post("/login", data={}, headers={"traceparent": TRACEPARENT})
    (access,) = [record for record in caplog.records if record.name == ACCESS_LOGGER]
    line = json.loads(JsonFormatter().format(access))
    assert line["trace_id"] == TRACE_ID
    inside = logging.LogRecord("x", logging.INFO, __file__, 1, "in a span", None, None)
    with tracing.continued_span("work", TRACEPARENT):
        fields = json.loads(JsonFormatter().format(inside))
    assert fields["trace_id"] == TRACE_ID
    assert fields["span_id"] != PARENT_ID  # the span of the work, a child of the parent
    assert "trace_id" not in json.loads(JsonFormatter().format(inside))


async def test_outbound_http_carries_the_current_trace(exported: InMemorySpanExporter) -> None:
    tracing_to(exported).install()
    headers: dict[str, str] = {}
    with tracing.continued_span("delivery", TRACEPARENT), tracing.outbound_span("POST webhook"):
        tracing.inject_traceparent(headers)
    (outbound,) = [span for span in exported.get_finished_spans() if span.name == "POST webhook"]
    version, trace_id, span_id, flags = headers["traceparent"].split("-")
    assert (version, trace_id, flags) == ("00", TRACE_ID, "01")
    assert span_id == format_span_id(outbound.context.span_id)


@pytest.mark.usefixtures("db")
async def test_without_tracing_the_edge_has_no_tracer_and_no_statement_is_wrapped(
    composition: Composition,
) -> None:
    original = SqliteClient.execute_query
    app = create_app(composition.settings, composition=composition, manage_orm=False)
    assert [layer.kwargs["tracer"] for layer in app.user_middleware] == [None]
    assert SqliteClient.execute_query is original
    headers: dict[str, str] = {}
    tracing.inject_traceparent(headers)
    assert headers == {}
    assert tracing.current_traceparent() is None


@pytest.mark.usefixtures("db")
async def test_a_fault_is_an_error_span(
    composition: Composition, exported: InMemorySpanExporter
) -> None:
    app = create_app(
        composition.settings,
        composition=composition,
        manage_orm=False,
        tracing=tracing_to(exported),
    )

    async def broken(request: Request) -> Response:
        raise RuntimeError("boom")

    app.add_route("/broken", broken)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        assert (await client.get("/broken")).status_code == 500
    (span,) = server_spans(exported)
    assert span.name == "GET /broken"
    assert span.status.status_code == StatusCode.ERROR
    assert span.attributes is not None and span.attributes["http.response.status_code"] == 500
