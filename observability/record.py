"""What the transports tell the access log about the request being served."""

from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(slots=True)
class RequestRecord:
    """Filled in while a request is served; read once when it ends."""

    graphql_operation: str | None = None
    error_codes: list[str] = field(default_factory=list)


_record: ContextVar[RequestRecord | None] = ContextVar("flowback_request_record", default=None)


def start_record() -> RequestRecord:
    record = RequestRecord()
    _record.set(record)
    return record


def note_graphql_operation(name: str | None) -> None:
    """Name the GraphQL operation being executed (anonymous operations stay None)."""
    record = _record.get()
    if record is not None:
        record.graphql_operation = name


def note_error_codes(codes: Iterable[str]) -> None:
    """Count expected failures (domain error codes) answered by this request."""
    record = _record.get()
    if record is not None:
        record.error_codes.extend(codes)
