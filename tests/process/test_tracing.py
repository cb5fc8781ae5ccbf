"""A real server exports its spans over OTLP/HTTP to the collector ``OTEL_*`` names."""

import json
import signal
import time
from pathlib import Path

import httpx
import pytest

from tests.process.conftest import Inbox, register, start_server
from tests.process.otlp_receiver import Collector, ReceivedSpan, otlp_receiver

SERVER, CLIENT = 2, 3  # the span kinds of OTLP
REGISTER_TRACE = "0af7651916cd43dd8448eb211c80319c"
GRAPHQL_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_SPAN = "b7ad6b7169203331"


def traceparent(trace_id: str) -> str:
    return f"00-{trace_id}-{CALLER_SPAN}-01"


def wait_for(collector: Collector, trace_id: str, name: str) -> ReceivedSpan:
    for _ in range(200):
        found = [span for span in collector.of_trace(trace_id) if span.name == name]
        if found:
            return found[0]
        time.sleep(0.05)
    names = [(span.trace_id, span.name) for span in collector.spans]
    pytest.fail(f"no span {name!r} in trace {trace_id}; received {names}")


@pytest.mark.parametrize("backend", ["sqlite"])
def test_spans_reach_the_collector_in_the_callers_trace(
    server_env: dict[str, str], smtp: tuple[Inbox, int], tmp_path: Path
) -> None:
    log = tmp_path / "server.log"
    with otlp_receiver() as (collector, endpoint):
        env = server_env | {
            "OTEL_EXPORTER_OTLP_ENDPOINT": endpoint,
            "OTEL_BSP_SCHEDULE_DELAY": "100",
            "FLOWBACK_LOG_FORMAT": "json",
        }
        server = start_server(env, log)
        try:
            with httpx.Client(base_url=server.base_url, timeout=10) as client:
                register(client, "ann", headers={"traceparent": traceparent(REGISTER_TRACE)})
                queried = client.post(
                    "/graphql",
                    json={"query": "query Probe { __typename }"},
                    headers={"traceparent": traceparent(GRAPHQL_TRACE)},
                )
                assert queried.status_code == 200
            smtp[0].wait_for(1)
            mail = wait_for_name(collector, "send mail")
        finally:
            server.process.send_signal(signal.SIGTERM)
            server.process.wait(timeout=30)
            server.stop()
        registration = wait_for(collector, REGISTER_TRACE, "POST /register")
        graphql = wait_for(collector, GRAPHQL_TRACE, "query Probe")

    assert (registration.kind, registration.parent_span_id) == (SERVER, CALLER_SPAN)
    assert registration.attributes["http.response.status_code"] == 200
    assert registration.resource["service.name"] == "flowback-user-service"
    statements = [span for span in collector.of_trace(REGISTER_TRACE) if span.kind == CLIENT]
    assert statements
    assert {span.parent_span_id for span in statements} == {registration.span_id}
    assert any(span.name == "INSERT outbox_messages" for span in statements)
    assert {span.attributes["db.system.name"] for span in statements} == {"sqlite"}
    assert (graphql.kind, graphql.attributes["graphql.operation.name"]) == (SERVER, "Probe")
    assert mail.kind == CLIENT
    assert mail.attributes["server.port"] == smtp[1]

    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    traced = {
        line["path"]: line["trace_id"] for line in lines if line["logger"] == "flowback.access"
    }
    assert (traced["/register"], traced["/graphql"]) == (REGISTER_TRACE, GRAPHQL_TRACE)
    assert any(
        "OTLP/HTTP" in line["message"] for line in lines if line["logger"] == "flowback.tracing"
    )


def wait_for_name(collector: Collector, name: str) -> ReceivedSpan:
    for _ in range(200):
        with collector.lock:
            found = [span for span in collector.spans if span.name == name]
        if found:
            return found[0]
        time.sleep(0.05)
    pytest.fail(f"no span {name!r} received")
