"""Prometheus metrics, one registry per application (so each app, and each test, counts alone).

Label values are bounded: routes are the path templates of matched routes (``unmatched``
otherwise), error codes come from ``ErrorCode``, and GraphQL operation names, which clients
choose, are kept to the first :data:`MAX_OPERATIONS` names seen, the rest counted as ``other``.
"""

import logging
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from starlette.requests import Request
from starlette.responses import Response

from domain import outbox

logger = logging.getLogger("flowback.metrics")

MAX_OPERATIONS = 100
ANONYMOUS = "anonymous"
OTHER = "other"


# The help text of each metric, as /metrics shows it.
HELP = {
    "flowback_http_requests": "HTTP requests answered, by method, route template and status.",
    "flowback_http_request_duration_seconds": (
        "Time to answer an HTTP request, by method and route template."
    ),
    "flowback_graphql_operations": "GraphQL operations executed, by operation name.",
    "flowback_graphql_operation_duration_seconds": (
        "Time to answer a GraphQL request, by operation name."
    ),
    "flowback_errors": (
        "Expected failures answered, by error code and transport (rest or graphql)."
    ),
    "flowback_outbox_messages": (
        "Mails in the outbox by status, read at scrape time; pending + sending is the depth."
    ),
    "flowback_outbox_oldest_unsent_age_seconds": (
        "Age of the oldest mail not yet sent (0 when every mail is sent)."
    ),
}


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = self._counter("flowback_http_requests", "method", "route", "status")
        self.latency = self._histogram("flowback_http_request_duration_seconds", "method", "route")
        self.operations = self._counter("flowback_graphql_operations", "operation")
        self.operation_latency = self._histogram(
            "flowback_graphql_operation_duration_seconds", "operation"
        )
        self.errors = self._counter("flowback_errors", "code", "transport")
        self.outbox_messages = self._gauge("flowback_outbox_messages", "status")
        self.outbox_oldest_unsent_age = self._gauge("flowback_outbox_oldest_unsent_age_seconds")
        self._operation_names: set[str] = set()

    def _counter(self, name: str, *labels: str) -> Counter:
        return Counter(name, HELP[name], labels, registry=self.registry)

    def _histogram(self, name: str, *labels: str) -> Histogram:
        return Histogram(name, HELP[name], labels, registry=self.registry)

    def _gauge(self, name: str, *labels: str) -> Gauge:
        return Gauge(name, HELP[name], labels, registry=self.registry)

    def observe(
        self,
        *,
        method: str,
        route: str,
        status: int,
        seconds: float,
        graphql_operation: str | None,
        error_codes: list[str],
    ) -> None:
        """Record one answered request."""
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)
        is_graphql = route == "/graphql" and method == "POST"
        if is_graphql:
            operation = self._operation_label(graphql_operation)
            self.operations.labels(operation).inc()
            self.operation_latency.labels(operation).observe(seconds)
        transport = "graphql" if is_graphql else "rest"
        for code in error_codes:
            self.errors.labels(code, transport).inc()

    def _operation_label(self, name: str | None) -> str:
        if name is None:
            return ANONYMOUS
        if name in self._operation_names:
            return name
        if len(self._operation_names) < MAX_OPERATIONS:
            self._operation_names.add(name)
            return name
        return OTHER

    async def read_outbox(self) -> None:
        """Refresh the outbox gauges; without a database they keep their last values."""
        try:
            counts = await outbox.counts_by_status()
            oldest = await outbox.oldest_unsent()
        except Exception as error:  # a scrape must not fail because the database is away
            logger.warning("outbox gauges not refreshed: %s", type(error).__name__)
            return
        for status, messages in counts.items():
            self.outbox_messages.labels(status.value).set(messages)
        age = (datetime.now(UTC) - oldest).total_seconds() if oldest else 0.0
        self.outbox_oldest_unsent_age.set(max(age, 0.0))

    async def endpoint(self, request: Request) -> Response:
        """``GET /metrics`` in the Prometheus text format."""
        await self.read_outbox()
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)
