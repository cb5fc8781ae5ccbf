"""What the transports tell the access log about the request being served."""

import re
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(slots=True)
class RequestRecord:
    """Filled in while a request is served; read once when it ends."""

    graphql_operation: str | None = None
    # query, mutation or subscription, once the operation is known.
    graphql_operation_type: str | None = None
    error_codes: list[str] = field(default_factory=list)
    client_left: bool = False
    # The request's trace, while tracing is on.
    trace_id: str | None = None
    # The status sent, 500 until one is.
    status: int = 500


# A GraphQL Name; clients choose it, so anything else is not logged or used as a label.
_OPERATION_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,99}")
INVALID_OPERATION = "invalid"
_record: ContextVar[RequestRecord | None] = ContextVar("flowback_request_record", default=None)


def start_record() -> RequestRecord:
    record = RequestRecord()
    _record.set(record)
    return record


def current_record() -> RequestRecord | None:
    return _record.get()


def note_graphql_operation(name: str | None, operation_type: str | None = None) -> None:
    """A name that is not a GraphQL Name of at most 100 characters is recorded as ``invalid``."""
    record = _record.get()
    if record is None:
        return
    if name is not None and not _OPERATION_NAME.fullmatch(name):
        name = INVALID_OPERATION
    record.graphql_operation = name
    record.graphql_operation_type = operation_type


def note_trace_id(trace_id: str) -> None:
    record = _record.get()
    if record is not None:
        record.trace_id = trace_id


def note_error_codes(codes: Iterable[str]) -> None:
    """Expected failures: domain error codes."""
    record = _record.get()
    if record is not None:
        record.error_codes.extend(codes)


def note_client_left() -> None:
    """Before its request was read to the end."""
    record = _record.get()
    if record is not None:
        record.client_left = True
