"""The ASGI guard: allowed hosts, body size limit, security headers, last resort for errors.

Place it inside ``RequestIdMiddleware``, whose id it names in logs and error bodies.

- A request for a host outside ``FLOWBACK_ALLOWED_HOSTS`` is refused with 400
  ``INVALID_HOST`` before anything else (``web.hosts``).
- A body over ``max_body_bytes`` is refused with 413 before the app reads it, by its
  ``Content-Length`` or, for a streamed body, as soon as the limit is passed. A
  ``multipart/form-data`` body to one of the ``upload_limits`` paths (file uploads) has that
  path's larger limit instead; any other body to those paths keeps ``max_body_bytes``.
- Every response carries the headers that fit a JSON API (``SECURITY_HEADERS``).
- A client that left mid-request gets no answer (``web.faults.client_left``).
- An exception that escapes the app is answered as ``web.faults`` classifies it, and
  logged and counted there: a database or Redis outage is 503 ``SERVICE_UNAVAILABLE`` with
  ``Retry-After``; anything else 500 ``INTERNAL_ERROR`` in the same shape with the
  ``request_id``, its traceback in the ``flowback.errors`` log under the same id, never sent
  to the client.
"""

import json
from collections.abc import Iterable, Mapping

from starlette.datastructures import MutableHeaders
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain.errors import ErrorCode
from observability.request_id import current_request_id
from web.faults import Fault, client_left, report
from web.hosts import AllowedHosts

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# JSON needs no scripts, styles or frames; HTML pages (GraphiQL) set their own policy.
JSON_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'"
HSTS = "max-age=31536000; includeSubDomains"


class BodyTooLargeError(Exception):
    """The client sent more than the body limit."""


class GuardMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        upload_limits: Mapping[str, int] | None = None,
        production: bool = False,
        hosts: AllowedHosts | None = None,
    ) -> None:
        """``upload_limits`` maps exact paths to the byte limit of multipart bodies there."""
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.upload_limits = dict(upload_limits or {})
        self.production = production
        self.hosts = hosts or AllowedHosts([])

    def limit_for(self, path: str, content_type: str) -> int:
        """The body limit of a request to ``path`` with this ``Content-Type`` header."""
        media_type = content_type.split(";")[0].strip().lower()
        if media_type == "multipart/form-data" and path in self.upload_limits:
            return self.upload_limits[path]
        return self.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(_decoded(scope["headers"]))
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                self._add_headers(message)
            await send(message)

        if (host := self.hosts.refuses(scope)) is not None:
            message = f"This service does not answer for the host {host[:100]!r}."
            await _send_error(send_with_headers, 400, ErrorCode.INVALID_HOST, message)
            return
        limit = self.limit_for(scope["path"], headers.get("content-type", ""))
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await self._too_large(send_with_headers, limit)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLargeError
            return message

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except BodyTooLargeError:
            if not started:
                await self._too_large(send_with_headers, limit)
        except ClientDisconnect:
            client_left()
        except Exception as error:
            fault = report(error)
            if started:
                return
            await _answer(send_with_headers, fault)

    def _add_headers(self, message: Message) -> None:
        headers = MutableHeaders(scope=message)
        for name, value in SECURITY_HEADERS.items():
            headers.setdefault(name, value)
        if headers.get("content-type", "").startswith("application/json"):
            headers.setdefault("Content-Security-Policy", JSON_CONTENT_SECURITY_POLICY)
        if self.production:
            headers.setdefault("Strict-Transport-Security", HSTS)

    async def _too_large(self, send: Send, limit: int) -> None:
        message = f"Request body exceeds the limit of {limit} bytes."
        await _send_error(send, 413, ErrorCode.PAYLOAD_TOO_LARGE, message)


async def _answer(send: Send, fault: Fault) -> None:
    """An outage in the documented error shape; a fault with the request id to quote."""
    if fault.code is ErrorCode.SERVICE_UNAVAILABLE:
        extra = [(name.lower().encode(), value.encode()) for name, value in fault.headers.items()]
        await _send_error(send, fault.status, fault.code, fault.message, extra_headers=extra)
    else:
        body = _error_body(fault.code, fault.message) | {"request_id": current_request_id()}
        await _send_json(send, fault.status, body)


async def _send_error(
    send: Send,
    status: int,
    code: ErrorCode,
    message: str,
    *,
    extra_headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    """An error about the whole request, in the documented shape (``detail`` and ``errors``)."""
    await _send_json(send, status, _error_body(code, message), extra_headers=extra_headers)


def _error_body(code: ErrorCode, message: str) -> dict[str, object]:
    return {"detail": message, "errors": [{"field": None, "code": code.value, "message": message}]}


async def _send_json(
    send: Send,
    status: int,
    body: object,
    *,
    extra_headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    payload = json.dumps(body).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        (b"connection", b"close"),
        *(extra_headers or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


def _decoded(raw: Iterable[tuple[bytes, bytes]]) -> Iterable[tuple[str, str]]:
    for name, value in raw:
        yield name.decode("latin-1").lower(), value.decode("latin-1")
