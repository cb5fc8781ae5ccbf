"""A SERVER span per request when tracing is on, named by its route or GraphQL operation."""

from collections.abc import Iterable
from contextvars import Token

from opentelemetry import context, trace
from opentelemetry.context import Context
from opentelemetry.propagators.textmap import Getter
from opentelemetry.trace import Span, SpanKind, Status, StatusCode, Tracer
from starlette.types import Scope

from observability.access import CLIENT_LEFT_STATUS
from observability.record import REQUEST_RECORD, note_trace_id


def current_trace_ids() -> tuple[str, str] | None:
    """Hex, or None outside any span."""
    span_context = trace.get_current_span().get_span_context()
    if not span_context.is_valid:
        return None
    return trace.format_trace_id(span_context.trace_id), trace.format_span_id(span_context.span_id)


class _AsgiHeaders(Getter[Iterable[tuple[bytes, bytes]]]):
    def get(self, carrier: Iterable[tuple[bytes, bytes]], key: str) -> list[str] | None:
        wanted = key.lower().encode("latin-1")
        found = [value.decode("latin-1") for name, value in carrier if name == wanted]
        return found or None

    def keys(self, carrier: Iterable[tuple[bytes, bytes]]) -> list[str]:
        return [name.decode("latin-1") for name, _ in carrier]


_HEADERS = _AsgiHeaders()


def start_request_span(tracer: Tracer, scope: Scope) -> tuple[Span, Token[Context]]:
    """A child of the caller's ``traceparent`` when valid; current until ``end_request_span``."""
    from opentelemetry import propagate  # loaded once tracing is on (adapters.tracing)

    parent = propagate.extract(scope["headers"], getter=_HEADERS)
    span = tracer.start_span(
        scope["method"], context=parent, kind=SpanKind.SERVER, attributes=_request(scope)
    )
    token = context.attach(trace.set_span_in_context(span, parent))
    note_trace_id(trace.format_trace_id(span.get_span_context().trace_id))
    return span, token


def end_request_span(span: Span, token: Token[Context], *, scope: Scope) -> None:
    route = getattr(scope.get("route"), "path", None)
    name = f"{scope['method']} {route}" if route else scope["method"]
    record = REQUEST_RECORD.get()
    status = 500 if record is None else record.status
    if record is not None and record.client_left:
        status = CLIENT_LEFT_STATUS
    span.set_attribute("http.response.status_code", status)
    if route:
        span.set_attribute("http.route", route)
    if record is not None and record.graphql_operation_type is not None:
        name = record.graphql_operation_type
        span.set_attribute("graphql.operation.type", record.graphql_operation_type)
        if record.graphql_operation is not None:
            name = f"{name} {record.graphql_operation}"
            span.set_attribute("graphql.operation.name", record.graphql_operation)
    span.update_name(name)
    if status >= 500:
        span.set_attribute("error.type", str(status))
        span.set_status(Status(StatusCode.ERROR))
    span.end()
    context.detach(token)


def _request(scope: Scope) -> dict[str, str]:
    attributes = {
        "http.request.method": scope["method"],
        "url.path": scope["path"],
        "url.scheme": scope["scheme"],
        "network.protocol.version": scope["http_version"],
    }
    if scope.get("client"):
        attributes["client.address"] = scope["client"][0]
    for name, value in scope["headers"]:
        if name == b"user-agent":
            attributes["user_agent.original"] = value.decode("latin-1")
    return attributes
