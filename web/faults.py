"""What went wrong in a request, classified once for both transports (docs/architecture.md)."""

import logging
from dataclasses import dataclass, field
from typing import Any

from adapters.availability import is_outage
from domain.errors import DomainError, ErrorCode, FieldError
from domain.ratelimit import RateLimitedError
from observability.record import note_client_left, note_error_codes
from observability.request_id import current_request_id

logger = logging.getLogger("flowback.errors")

RETRY_AFTER_SECONDS = 5
#: The status of each error about the request as a whole (``WHOLE_REQUEST``); every other
#: domain error is a 400 about the request's fields.
STATUS = {
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.INVALID_TOKEN: 401,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.MALFORMED_BODY: 400,
    ErrorCode.UNSUPPORTED_MEDIA_TYPE: 415,
    ErrorCode.PAYLOAD_TOO_LARGE: 413,
    ErrorCode.HEADERS_TOO_LARGE: 431,
    ErrorCode.REQUEST_TIMEOUT: 408,
    ErrorCode.SERVICE_UNAVAILABLE: 503,
    ErrorCode.INTERNAL_ERROR: 500,
    ErrorCode.INVALID_HOST: 400,
    # GraphQL's persisted documents: a miss is a normal answer that the client's link acts
    # on (it resends the text), as Apollo Server answers it.
    ErrorCode.PERSISTED_QUERY_NOT_FOUND: 200,
    ErrorCode.PERSISTED_QUERY_HASH_MISMATCH: 400,
    ErrorCode.PERSISTED_QUERY_NOT_IN_LIST: 403,
}
#: Errors about the request as a whole rather than about a field of it: the ``detail`` of
#: their REST body is their one message.
WHOLE_REQUEST = frozenset(STATUS)
#: Where messages that concern no single field are listed (DRF's name).
NON_FIELD = "non_field_errors"


@dataclass(frozen=True, slots=True)
class Fault:
    """How a request that raised an error is answered: its problems, status and headers."""

    errors: tuple[FieldError, ...]
    status: int
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def code(self) -> ErrorCode:
        return self.errors[0].code

    @property
    def message(self) -> str:
        return self.errors[0].message

    @property
    def expected(self) -> bool:
        """A coded answer or an outage: nothing for a developer to fix."""
        return self.code is not ErrorCode.INTERNAL_ERROR


def classify(error: BaseException) -> Fault:
    if isinstance(error, DomainError):
        status = STATUS.get(error.errors[0].code, 400)
        headers = {"WWW-Authenticate": "Token"} if status == 401 else {}
        if isinstance(error, RateLimitedError):
            headers["Retry-After"] = str(error.retry_after)
        elif status == 503:
            headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return Fault(tuple(error.errors), status, headers)
    if is_outage(error):
        retry_after = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        return Fault((FieldError.of(ErrorCode.SERVICE_UNAVAILABLE),), 503, retry_after)
    return Fault((FieldError.of(ErrorCode.INTERNAL_ERROR),), 500)


def refusal(code: ErrorCode, message: str | None = None) -> Fault:
    """The fault of a request refused as a whole with ``code`` (its default message unless
    ``message``)."""
    return classify(DomainError.single(code, message))


@dataclass(frozen=True, slots=True)
class RestErrors:
    """How a REST dialect writes an error's body; the defaults are the documented shape."""

    #: The codes whose ``detail`` is their one message, not messages by field.
    plain: frozenset[ErrorCode] = WHOLE_REQUEST
    #: Whether the body lists ``errors`` with their codes beside the legacy ``detail``.
    typed: bool = True
    #: Paths whose ``detail`` is a list of messages.
    listed: frozenset[str] = frozenset()
    #: The (path, field) pairs whose messages are listed as non-field errors.
    non_field: frozenset[tuple[str, str]] = frozenset()


DOCUMENTED = RestErrors()


def rest_body(fault: Fault, *, dialect: RestErrors = DOCUMENTED, path: str = "") -> dict[str, Any]:
    """``fault`` as the body of a REST answer to ``path`` in ``dialect``: the ``detail``,
    the typed ``errors`` where the dialect has them, and the request id of a fault."""
    body: dict[str, Any] = {"detail": _detail(fault.errors, dialect, path)}
    if dialect.typed:
        body["errors"] = [
            {"field": item.field, "code": item.code.value, "message": item.message}
            for item in fault.errors
        ]
    if not fault.expected:
        body["request_id"] = current_request_id()
    return body


def _detail(
    errors: tuple[FieldError, ...], dialect: RestErrors, path: str
) -> str | list[str] | dict[str, list[str]]:
    if errors[0].code in dialect.plain:
        return errors[0].message
    if path in dialect.listed:
        return [item.message for item in errors]
    detail: dict[str, list[str]] = {}
    for item in errors:
        key = item.field
        if key is None or (path, key) in dialect.non_field:
            key = NON_FIELD
        detail.setdefault(key, []).append(item.message)
    return detail


def report(error: BaseException, *, where: str = "request") -> Fault:
    """Classify ``error``, count it and log it as its kind asks; its fault."""
    fault = classify(error)
    if isinstance(error, DomainError):
        note_error_codes(error.codes)
        return fault
    note_error_codes([fault.code])
    request_id = {"request_id": current_request_id()}
    if fault.code is ErrorCode.SERVICE_UNAVAILABLE:
        logger.warning("backing service unavailable (%r) in %s", error, where, extra=request_id)
    else:
        logger.error("unexpected error in %s", where, exc_info=error, extra=request_id)
    return fault


def client_left() -> None:
    """Note a request whose client closed the connection before it was read."""
    note_client_left()
    logger.info(
        "client closed the connection before its request was read",
        extra={"request_id": current_request_id()},
    )
