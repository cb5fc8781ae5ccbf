"""One log line and a few metric samples per HTTP request."""

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from observability.logs import ACCESS_LOGGER
from observability.metrics import Metrics, carries_graphql
from observability.record import start_record
from observability.request_id import current_request_id

UNMATCHED = "unmatched"
#: The status logged and counted for a request whose client left before it was answered
#: (nginx's "client closed request"); nothing is sent.
CLIENT_LEFT_STATUS = 499
logger = logging.getLogger(ACCESS_LOGGER)


class AccessMiddleware:
    """Logs method, path, status, duration, GraphQL operation, error codes and request id.

    The path is logged without its query string. Place it inside ``RequestIdMiddleware``.
    """

    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        record = start_record()
        started = time.perf_counter()

        async def send_and_note(message: Message) -> None:
            if message["type"] == "http.response.start":
                record.status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            seconds = time.perf_counter() - started
            status = CLIENT_LEFT_STATUS if record.client_left else record.status
            route = getattr(scope.get("route"), "path", UNMATCHED)
            method = scope["method"]
            self.metrics.observe(
                method=method,
                route=route,
                status=status,
                seconds=seconds,
                graphql=carries_graphql(
                    route=route, method=method, query_string=scope["query_string"]
                ),
                graphql_operation=record.graphql_operation,
                error_codes=record.error_codes,
            )
            fields: dict[str, object] = {
                "request_id": current_request_id(),
                "method": method,
                "path": scope["path"],
                "status": status,
                "duration_ms": round(seconds * 1000, 1),
            }
            if record.graphql_operation is not None:
                fields["graphql_operation"] = record.graphql_operation
            if record.error_codes:
                fields["error_codes"] = ",".join(record.error_codes)
            if record.trace_id is not None:
                fields["trace_id"] = record.trace_id
            logger.info(
                "%s %s %s %.1fms", method, scope["path"], status, seconds * 1000, extra=fields
            )
