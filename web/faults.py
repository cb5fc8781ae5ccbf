"""What went wrong in a request, classified once for both transports (docs/architecture.md)."""

import logging
from dataclasses import dataclass, field

from adapters.availability import is_outage
from domain.errors import DomainError, ErrorCode
from domain.ratelimit import RateLimitedError
from observability.record import note_client_left, note_error_codes
from observability.request_id import current_request_id

logger = logging.getLogger("flowback.errors")

INTERNAL_ERROR_DETAIL = "Internal server error."
UNAVAILABLE_MESSAGE = "The service is temporarily unavailable; try again shortly."
RETRY_AFTER_SECONDS = 5
#: The status of each code that is not 400; every other domain error is 400.
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
    # GraphQL's persisted documents: a miss is a normal answer that the client's link acts
    # on (it resends the text), as Apollo Server answers it.
    ErrorCode.PERSISTED_QUERY_NOT_FOUND: 200,
    ErrorCode.PERSISTED_QUERY_HASH_MISMATCH: 400,
    ErrorCode.PERSISTED_QUERY_NOT_IN_LIST: 403,
}


@dataclass(frozen=True, slots=True)
class Fault:
    """How a request that raised ``error`` is answered."""

    code: ErrorCode
    status: int
    message: str
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def expected(self) -> bool:
        """A coded answer or an outage: nothing for a developer to fix."""
        return self.code is not ErrorCode.INTERNAL_ERROR


def classify(error: BaseException) -> Fault:
    if isinstance(error, DomainError):
        first = error.errors[0]
        status = STATUS.get(first.code, 400)
        headers = {"WWW-Authenticate": "Token"} if status == 401 else {}
        if isinstance(error, RateLimitedError):
            headers["Retry-After"] = str(error.retry_after)
        elif status == 503:
            headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return Fault(first.code, status, first.message, headers)
    if is_outage(error):
        retry_after = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        return Fault(ErrorCode.SERVICE_UNAVAILABLE, 503, UNAVAILABLE_MESSAGE, retry_after)
    return Fault(ErrorCode.INTERNAL_ERROR, 500, INTERNAL_ERROR_DETAIL)


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
