"""Routes that only a bearer token opens, such as ``/metrics`` with ``FLOWBACK_METRICS=token``.

The token is compared in constant time; a request without it, or with another, is 401
``UNAUTHENTICATED`` with ``WWW-Authenticate: Bearer`` and learns nothing else.
"""

import hmac
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from domain.errors import ErrorCode
from web.faults import refusal, rest_body

Endpoint = Callable[[Request], Awaitable[Response]]


def bearer_only(endpoint: Endpoint, *, token: str) -> Endpoint:
    """``endpoint``, answered only to ``Authorization: Bearer <token>``."""
    expected = f"Bearer {token}".encode()

    async def guarded(request: Request) -> Response:
        given = request.headers.get("authorization", "").encode("latin-1")
        if not hmac.compare_digest(given, expected):
            refused = refusal(ErrorCode.UNAUTHENTICATED)
            return JSONResponse(
                rest_body(refused),
                status_code=refused.status,
                headers={"WWW-Authenticate": "Bearer"},
            )
        return await endpoint(request)

    return guarded
