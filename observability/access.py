import logging
import time
from functools import cache

from starlette.types import Scope

from observability.logs import ACCESS_FIELDS, ACCESS_LOGGER, line_writer, record_msecs
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
    arguments = (method, path, status, seconds * 1000)
    writer = line_writer(logger)
    if writer is None or not writer.write_access(
        created=time.time(), message=_LINE % arguments, fields=fields
    ):
        logger.handle(access_record(arguments, fields))


def access_record(arguments: tuple[object, ...], fields: dict[str, object]) -> logging.LogRecord:
    """As ``logger.info(_LINE, *arguments, extra=fields)`` makes it, without looking up the
    calling line, which no format writes. The fields are kept apart too (``ACCESS_FIELDS``),
    for the formatters to write them without looking through the record. With neither
    threads nor processes logged (as ``observability.logs`` configures a served process),
    every attribute but the clock's is copied from one record made once: a third of making
    a record each time."""
    if logging.logThreads or logging.logProcesses or logging.logMultiprocessing:
        record = logger.makeRecord(logger.name, logging.INFO, "", 0, _LINE, arguments, None)
    else:
        record = logging.LogRecord.__new__(logging.LogRecord)
        attributes = record.__dict__
        attributes.update(_template())
        created = time.time()
        attributes["created"] = created
        attributes["msecs"] = record_msecs(created)
        attributes["relativeCreated"] = (created - logging._startTime) * 1000  # type: ignore[attr-defined]
        attributes["args"] = arguments
    record.__dict__.update(fields)
    record.__dict__[ACCESS_FIELDS] = fields
    return record


@cache
def _template() -> dict[str, object]:
    return logging.LogRecord(ACCESS_LOGGER, logging.INFO, "", 0, _LINE, (), None).__dict__
