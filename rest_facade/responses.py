"""How the domain's errors look on the wire: status, legacy ``detail`` and typed ``errors``."""

from typing import Any

from starlette.responses import JSONResponse

from domain.errors import DomainError, ErrorCode
from domain.ratelimit import RateLimitedError

NON_FIELD = "non_field_errors"

_STATUS = {
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.INVALID_TOKEN: 401,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.MALFORMED_BODY: 400,
    ErrorCode.UNSUPPORTED_MEDIA_TYPE: 415,
    ErrorCode.PAYLOAD_TOO_LARGE: 413,
}
# Errors about the request as a whole keep the legacy plain-text ``detail``.
_PLAIN_DETAIL = frozenset(_STATUS)


def error_body(error: DomainError) -> dict[str, Any]:
    first = error.errors[0]
    detail: str | dict[str, list[str]]
    if first.code in _PLAIN_DETAIL:
        detail = first.message
    else:
        detail = {}
        for item in error.errors:
            detail.setdefault(item.field or NON_FIELD, []).append(item.message)
    errors = [
        {"field": item.field, "code": item.code.value, "message": item.message}
        for item in error.errors
    ]
    return {"detail": detail, "errors": errors}


def error_response(error: DomainError, *, body: dict[str, Any]) -> JSONResponse:
    """``body`` (the dialect's rendering of ``error``) with the status and headers of its
    first error's code: the same in every dialect."""
    status = _STATUS.get(error.errors[0].code, 400)
    headers = {"WWW-Authenticate": "Token"} if status == 401 else {}
    if isinstance(error, RateLimitedError):
        headers["Retry-After"] = str(error.retry_after)
    return JSONResponse(body, status_code=status, headers=headers)
