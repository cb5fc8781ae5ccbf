import hmac
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from domain.errors import ErrorCode
from web.faults import refusal, rest_body

Endpoint = Callable[[Request], Awaitable[Response]]


def bearer_only(endpoint: Endpoint, *, token: str) -> Endpoint:
    """Answered only to ``Authorization: Bearer <token>`` (compared in constant time); anything
    else is 401 ``UNAUTHENTICATED`` and learns nothing more."""
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
