"""A domain error as a REST response: the dialect's body, with the status and headers of
its classification (``web.faults``), the same in every dialect."""

from typing import Any

from starlette.responses import JSONResponse

from domain.errors import DomainError
from web.faults import STATUS, classify

#: Where messages that concern no single field are listed, in both dialects (DRF's name).
NON_FIELD = "non_field_errors"
#: Errors about the request as a whole, rather than about a field of it.
PLAIN_DETAIL_CODES = frozenset(STATUS)


def error_response(error: DomainError, *, body: dict[str, Any]) -> JSONResponse:
    fault = classify(error)
    return JSONResponse(body, status_code=fault.status, headers=fault.headers)
