"""What the edge refuses, adds and answers on the service's behalf: a host not allowed, a
body over its limit (by ``Content-Length``, or as soon as a streamed one passes it), the
security headers, and an exception classified by ``web.faults``."""

import json
from collections.abc import Mapping

from starlette.types import Message, Send

from domain.errors import ErrorCode
from web.faults import Fault, refusal, rest_body
from web.json_body import media_type_of

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
_CONTENT_TYPE = b"content-type"
_CONTENT_SECURITY_POLICY = b"content-security-policy"
_REQUEST_ID = b"x-request-id"


class BodyTooLargeError(Exception): ...


class BodyLimits:
    """``max_body_bytes``, or for a multipart body to one of ``upload_limits`` (exact paths)
    that path's limit."""

    def __init__(self, max_body_bytes: int, upload_limits: Mapping[str, int]) -> None:
        self.max_body_bytes = max_body_bytes
        self.upload_limits = dict(upload_limits)

    def limit_for(self, path: str, content_type: bytes) -> int:
        if path not in self.upload_limits:
            return self.max_body_bytes
        if media_type_of(content_type.decode("latin-1")) == "multipart/form-data":
            return self.upload_limits[path]
        return self.max_body_bytes


class ResponseHeaders:
    """Added to those the sender set (theirs win)."""

    def __init__(self, *, production: bool) -> None:
        always = dict(SECURITY_HEADERS)
        if production:
            always["Strict-Transport-Security"] = HSTS
        self.always = [(name.lower().encode(), value.encode()) for name, value in always.items()]
        self.for_json = (_CONTENT_SECURITY_POLICY, JSON_CONTENT_SECURITY_POLICY.encode())

    def added(
        self, headers: list[tuple[bytes, bytes]], *, request_id: bytes
    ) -> list[tuple[bytes, bytes]]:
        """``headers`` (lower-case names, as ASGI has them) with ``X-Request-ID`` and every missing
        security header; ``headers`` itself, extended, unless it had an ``X-Request-ID``."""
        present = {name.lower(): value for name, value in headers}
        kept = headers
        if _REQUEST_ID in present:
            kept = [header for header in headers if header[0].lower() != _REQUEST_ID]
        kept.extend(header for header in self.always if header[0] not in present)
        json_body = present.get(_CONTENT_TYPE, b"").startswith(b"application/json")
        if json_body and _CONTENT_SECURITY_POLICY not in present:
            kept.append(self.for_json)
        kept.append((_REQUEST_ID, request_id))
        return kept


def refused_host(host: str) -> tuple[int, dict[str, object], list[tuple[bytes, bytes]]]:
    message = f"This service does not answer for the host {host[:100]!r}."
    return 400, rest_body(refusal(ErrorCode.INVALID_HOST, message)), []


def too_large(limit: int) -> tuple[int, dict[str, object], list[tuple[bytes, bytes]]]:
    message = f"Request body exceeds the limit of {limit} bytes."
    return 413, rest_body(refusal(ErrorCode.PAYLOAD_TOO_LARGE, message)), []


def faulted(fault: Fault) -> tuple[int, dict[str, object], list[tuple[bytes, bytes]]]:
    """An outage or a fault in the documented error shape, whatever the dialect."""
    extra = [(name.lower().encode(), value.encode()) for name, value in fault.headers.items()]
    return fault.status, rest_body(fault), extra


async def send_answer(
    send: Send, answer: tuple[int, dict[str, object], list[tuple[bytes, bytes]]]
) -> None:
    """The connection is closed after it."""
    status, body, extra_headers = answer
    payload = json.dumps(body).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        (b"connection", b"close"),
        *extra_headers,
    ]
    start: Message = {"type": "http.response.start", "status": status, "headers": headers}
    await send(start)
    await send({"type": "http.response.body", "body": payload})
