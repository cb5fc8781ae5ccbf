import logging

from starlette.types import Scope

from observability.logs import ACCESS_LOGGER
from observability.metrics import Metrics, carries_graphql
from observability.record import RequestRecord

UNMATCHED = "unmatched"
#: The status logged and counted for a request whose client left before it was answered
#: (nginx's "client closed request"); nothing is sent.
CLIENT_LEFT_STATUS = 499
logger = logging.getLogger(ACCESS_LOGGER)
_LINE = "%s %s %s %.1fms"


def answered(
    scope: Scope, record: RequestRecord, *, request_id: str, seconds: float, metrics: Metrics
) -> None:
    """Method, path (no query string), status, duration, GraphQL operation, error codes, request
    id and trace."""
    status = CLIENT_LEFT_STATUS if record.client_left else record.status
    route = getattr(scope.get("route"), "path", UNMATCHED)
    method = scope["method"]
    metrics.observe(
        method=method,
        route=route,
        status=status,
        seconds=seconds,
        graphql=carries_graphql(route=route, method=method, query_string=scope["query_string"]),
        graphql_operation=record.graphql_operation,
        error_codes=record.error_codes,
    )
    if not logger.isEnabledFor(logging.INFO):
        return
    path = scope["path"]
    fields: dict[str, object] = {
        "request_id": request_id,
        "method": method,
        "path": path,
        "status": status,
        "duration_ms": round(seconds * 1000, 1),
    }
    if record.graphql_operation is not None:
        fields["graphql_operation"] = record.graphql_operation
    if record.error_codes:
        fields["error_codes"] = ",".join(record.error_codes)
    if record.trace_id is not None:
        fields["trace_id"] = record.trace_id
    # As logger.info would, without looking up the calling line, which no format writes.
    arguments = (method, path, status, seconds * 1000)
    logger.handle(
        logger.makeRecord(logger.name, logging.INFO, "", 0, _LINE, arguments, None, extra=fields)
    )
