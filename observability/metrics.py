"""Prometheus metrics, one registry per application (so each app, and each test, counts alone).

Label values are bounded: routes are the path templates of matched routes (``unmatched``
otherwise), error codes come from ``ErrorCode``, and GraphQL operation names, which clients
choose, are kept to the first :data:`MAX_OPERATIONS` names seen, the rest counted as ``other``.
"""

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from starlette.requests import Request
from starlette.responses import Response

MAX_OPERATIONS = 100
ANONYMOUS = "anonymous"
OTHER = "other"


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "flowback_http_requests",
            "HTTP requests answered, by method, route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "flowback_http_request_duration_seconds",
            "Time to answer an HTTP request, by method and route template.",
            ["method", "route"],
            registry=self.registry,
        )
        self.operations = Counter(
            "flowback_graphql_operations",
            "GraphQL operations executed, by operation name.",
            ["operation"],
            registry=self.registry,
        )
        self.operation_latency = Histogram(
            "flowback_graphql_operation_duration_seconds",
            "Time to answer a GraphQL request, by operation name.",
            ["operation"],
            registry=self.registry,
        )
        self.errors = Counter(
            "flowback_errors",
            "Expected failures answered, by error code and transport (rest or graphql).",
            ["code", "transport"],
            registry=self.registry,
        )
        self._operation_names: set[str] = set()

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

    async def endpoint(self, request: Request) -> Response:
        """``GET /metrics`` in the Prometheus text format."""
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)
