import hmac
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from domain.errors import ErrorCode

Endpoint = Callable[[Request], Awaitable[Response]]
MESSAGE = "This page needs its bearer token."


def bearer_only(endpoint: Endpoint, *, token: str) -> Endpoint:
    """Answered only to ``Authorization: Bearer <token>`` (compared in constant time); anything
    else is 401 ``UNAUTHENTICATED`` and learns nothing more."""
    expected = f"Bearer {token}".encode()

    async def guarded(request: Request) -> Response:
        given = request.headers.get("authorization", "").encode("latin-1")
        if not hmac.compare_digest(given, expected):
            error = {"field": None, "code": ErrorCode.UNAUTHENTICATED.value, "message": MESSAGE}
            return JSONResponse(
                {"detail": MESSAGE, "errors": [error]},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        return await endpoint(request)

    return guarded
