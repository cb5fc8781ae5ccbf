"""What the transports tell the access log about the request being served."""

import re
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(slots=True)
class RequestRecord:
    """Filled in while a request is served; read once when it ends."""

    # The operation's name as its document gives it (``graphql_operation`` reads it).
    graphql_operation_named: str | None = None
    # query, mutation or subscription, once the operation is known.
    graphql_operation_type: str | None = None
    error_codes: list[str] = field(default_factory=list)
    client_left: bool = False
    # The request's trace, while tracing is on.
    trace_id: str | None = None
    # The status sent, 500 until one is.
    status: int = 500

    @property
    def graphql_operation(self) -> str | None:
        """A name that is not a GraphQL Name of at most 100 characters is read as
        ``invalid``."""
        name = self.graphql_operation_named
        if name is not None and not _OPERATION_NAME.fullmatch(name):
            return INVALID_OPERATION
        return name


# A GraphQL Name; clients choose it, so anything else is not logged or used as a label.
_OPERATION_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,99}")
INVALID_OPERATION = "invalid"
#: The record of the request being served, if any.
REQUEST_RECORD: ContextVar[RequestRecord | None] = ContextVar(
    "flowback_request_record", default=None
)


def start_record() -> RequestRecord:
    record = RequestRecord()
    REQUEST_RECORD.set(record)
    return record


def note_trace_id(trace_id: str) -> None:
    record = REQUEST_RECORD.get()
    if record is not None:
        record.trace_id = trace_id


def note_error_codes(codes: Iterable[str]) -> None:
    """Expected failures: domain error codes."""
    record = REQUEST_RECORD.get()
    if record is not None:
        record.error_codes.extend(codes)


def note_client_left() -> None:
    """Before its request was read to the end."""
    record = REQUEST_RECORD.get()
    if record is not None:
        record.client_left = True
