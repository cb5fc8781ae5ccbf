"""The HTTP status and headers of each domain error, the same in every dialect."""

from typing import Any

from starlette.responses import JSONResponse

from domain.errors import DomainError, ErrorCode
from domain.ratelimit import RateLimitedError

_STATUS = {
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.INVALID_TOKEN: 401,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.MALFORMED_BODY: 400,
    ErrorCode.UNSUPPORTED_MEDIA_TYPE: 415,
    ErrorCode.PAYLOAD_TOO_LARGE: 413,
}
#: Errors about the request as a whole, rather than about a field of it.
PLAIN_DETAIL_CODES = frozenset(_STATUS)


def error_response(error: DomainError, *, body: dict[str, Any]) -> JSONResponse:
    """``body`` (the dialect's rendering of ``error``) with the status and headers of its
    first error's code: the same in every dialect."""
    status = _STATUS.get(error.errors[0].code, 400)
    headers = {"WWW-Authenticate": "Token"} if status == 401 else {}
    if isinstance(error, RateLimitedError):
        headers["Retry-After"] = str(error.retry_after)
    return JSONResponse(body, status_code=status, headers=headers)
