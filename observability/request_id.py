"""The request id: taken from ``X-Request-ID`` when it is sane, made otherwise.

Every response carries it back in ``X-Request-ID``, and code running for the request reads
it with :func:`current_request_id` (log lines, error bodies).
"""

import re
import uuid
from contextvars import ContextVar

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "X-Request-ID"
# A caller's id is kept only if it cannot smuggle anything into a log line or a header.
_ACCEPTABLE = re.compile(r"[A-Za-z0-9._:/+=-]{1,128}")
_request_id: ContextVar[str | None] = ContextVar("flowback_request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request being served, or None outside a request."""
    return _request_id.get()


def request_id_from(header: str | None) -> str:
    """The caller's id when acceptable, else a new random one (32 hex digits)."""
    if header is not None and _ACCEPTABLE.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Pure ASGI, so the id stays visible to everything awaited inside the request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = next(
            (
                value.decode("latin-1")
                for name, value in scope["headers"]
                if name == b"x-request-id"
            ),
            None,
        )
        request_id = request_id_from(header)
        token = _request_id.set(request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[HEADER] = request_id
            await send(message)

        await self.app(scope, receive, send_with_id)
        # Reset only on success: when the request failed, the server-error handler, which
        # Starlette runs outside every middleware, still reads the id for the 500 it sends.
        _request_id.reset(token)
