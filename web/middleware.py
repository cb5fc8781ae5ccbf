"""The edge every HTTP request passes once, before its route (docs/architecture.md#the-hot-path)."""

import time
from collections.abc import Awaitable, Callable, Sequence

from opentelemetry.trace import Tracer
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect
from starlette.routing import BaseRoute, Match, Route, Router
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from config.settings import Settings
from observability.access import answered
from observability.metrics import Metrics
from observability.record import start_record
from observability.request_id import begin_request, end_request, request_id_from
from observability.tracing import end_request_span, start_request_span
from web.faults import client_left, report
from web.forwarded import TrustedProxies, first_values
from web.guard import (
    BodyLimits,
    BodyTooLargeError,
    ResponseHeaders,
    faulted,
    refused_host,
    send_answer,
    too_large,
)
from web.hosts import AllowedHosts

CORS_HEADERS = ["Authorization", "Content-Type", "X-Request-ID"]
# Paths that take image files in a multipart body: REST's profile update and GraphQL's
# updateUser (the GraphQL multipart request spec).
UPLOAD_PATHS = ("/user/update", "/graphql")
IMAGES_PER_UPLOAD = 2  # profile_image and banner_image
# The scope's key for the edge's reading of the request (an extension key, as ASGI allows).
_EXCHANGE = "flowback.exchange"


def upload_limit(settings: Settings) -> int:
    """Two images at their limit, plus the ordinary body limit for the rest and the framing."""
    return IMAGES_PER_UPLOAD * settings.max_image_bytes + settings.max_body_bytes


def middleware_stack(
    settings: Settings,
    *,
    metrics: Metrics,
    probe_paths: frozenset[str] = frozenset(),
    tracer: Tracer | None = None,
) -> list[Middleware]:
    cors: dict[str, object] | None = None
    if settings.allowed_origins:
        cors = {
            "allow_origins": settings.allowed_origins,
            "allow_methods": ["GET", "POST"],
            "allow_headers": CORS_HEADERS,
            "expose_headers": ["Retry-After", "X-Request-ID"],
            "max_age": 600,
        }
    return [
        Middleware(
            Edge,
            proxies=TrustedProxies(settings.forwarded_allow_ips),
            hosts=AllowedHosts(settings.allowed_hosts, exempt_paths=probe_paths),
            limits=BodyLimits(
                settings.max_body_bytes, dict.fromkeys(UPLOAD_PATHS, upload_limit(settings))
            ),
            headers=ResponseHeaders(production=settings.env == "production"),
            metrics=metrics,
            tracer=tracer,
            cors=cors,
        )
    ]


class _Exchange:
    """The first of each header the edge reads, and whether the answer started."""

    __slots__ = (
        "content_length",
        "content_type",
        "host",
        "request_id",
        "started",
        "transfer_encoding",
    )

    def __init__(self, headers: list[tuple[bytes, bytes]]) -> None:
        found = first_values(headers)
        self.host = found.get(b"host", b"")
        self.request_id: bytes | None = found.get(b"x-request-id")
        self.content_type = found.get(b"content-type", b"")
        self.content_length = found.get(b"content-length", b"")
        self.transfer_encoding = found.get(b"transfer-encoding", b"")
        self.started = False


class Edge:
    """One ASGI pass; its steps in order are in docs/architecture.md#the-hot-path."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        proxies: TrustedProxies,
        hosts: AllowedHosts,
        limits: BodyLimits,
        headers: ResponseHeaders,
        metrics: Metrics,
        tracer: Tracer | None = None,
        cors: dict[str, object] | None = None,
    ) -> None:
        self.app = app
        self.proxies = proxies
        self.hosts = hosts
        self.limits = limits
        self.headers = headers
        self.metrics = metrics
        self.tracer = tracer
        self.inner: Callable[[Scope, Receive, Send], Awaitable[None]] = self.guarded
        if cors is not None:
            self.inner = CORSMiddleware(self.guarded, **cors)  # type: ignore[arg-type]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        if client and client[0] in self.proxies:
            self.proxies.forward(scope)
        exchange = _Exchange(scope["headers"])
        scope[_EXCHANGE] = exchange
        request_id = request_id_from(exchange.request_id)
        token = begin_request(request_id)
        record = start_record()
        started = time.perf_counter()
        span = None if self.tracer is None else start_request_span(self.tracer, scope)
        path: str = scope["path"]
        if len(path) > 1 and path.endswith("/"):
            # In place: the access log reads the matched route from this scope.
            scope["path"] = path.rstrip("/") or "/"
            raw_path = scope.get("raw_path")
            if raw_path:
                scope["raw_path"] = raw_path.rstrip(b"/") or b"/"
        sent_id = request_id.encode("latin-1")
        added = self.headers.added

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                exchange.started = True
                record.status = message["status"]
                message["headers"] = added(list(message.get("headers", ())), request_id=sent_id)
            await send(message)

        try:
            await self.inner(scope, receive, send_with_headers)
        finally:
            seconds = time.perf_counter() - started
            if span is not None:
                end_request_span(*span, scope=scope)
            answered(scope, record, request_id=request_id, seconds=seconds, metrics=self.metrics)
        # Reset only on success: when the request failed, the server-error handler, which
        # Starlette runs outside every middleware, still reads the id for the 500 it sends.
        end_request(token)

    async def guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        exchange: _Exchange = scope[_EXCHANGE]
        if (host := self.hosts.refuses(scope["path"], exchange.host)) is not None:
            await send_answer(send, refused_host(host))
            return
        limit = self.limits.limit_for(scope["path"], exchange.content_type)
        declared = exchange.content_length
        framed = declared.isdigit() and not exchange.transfer_encoding
        if framed and int(declared) > limit:
            await send_answer(send, too_large(limit))
            return
        try:
            # A body of a declared length is read by the server to that length, no further:
            # only a streamed one is counted as it comes.
            await self.app(scope, receive if framed else _limited(receive, limit), send)
        except BodyTooLargeError:
            if not exchange.started:
                await send_answer(send, too_large(limit))
        except ClientDisconnect:
            client_left()
        except Exception as error:
            fault = report(error)
            if not exchange.started:
                await send_answer(send, faulted(fault))


def _limited(receive: Receive, limit: int) -> Receive:
    """``receive``, raising ``BodyTooLargeError`` once the body passes ``limit`` bytes."""
    received = 0

    async def limited_receive() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLargeError
        return message

    return limited_receive


# Routing by exact path (Starlette's router, faster).
#
# Starlette's routing, with the routes of fixed paths found by one dict lookup.
#
# Starlette tries each route's pattern in order until one matches: fifteen regular
# expressions before ``/users``, on every request. A route whose path has no parameters and
# that no route before it can match is found by its path instead; anything else (a path with
# parameters, a mount, a method the route does not take: 405, an application mounted under a
# ``root_path``) goes through Starlette's loop,
# so every answer is the one Starlette would give.


class ExactPaths:
    """``routes`` is read again when it grows."""

    def __init__(self, router: Router) -> None:
        self.router = router
        self.app: ASGIApp = router.middleware_stack
        self.indexed = -1
        self.by_path: dict[str, Route] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope.get("root_path"):
            routes = self.router.routes
            if len(routes) != self.indexed:
                self.by_path = _first_matches(routes)
                self.indexed = len(routes)
            route = self.by_path.get(scope["path"])
            if route is not None and scope["method"] in (route.methods or ()):
                scope.setdefault("router", self.router)
                scope["route"] = route
                scope["endpoint"] = route.endpoint
                scope["path_params"] = dict(scope.get("path_params", {}))
                await route.handle(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _first_matches(routes: Sequence[BaseRoute]) -> dict[str, Route]:
    """Each parameterless route's path, when no route before it matches that path."""
    found: dict[str, Route] = {}
    for position, route in enumerate(routes):
        if not isinstance(route, Route) or route.param_convertors or not route.methods:
            continue
        probe = {"type": "http", "path": route.path, "root_path": "", "method": "GET"}
        earlier = routes[:position]
        if not any(other.matches(probe)[0] is not Match.NONE for other in earlier):
            found[route.path] = route
    return found


def route_by_exact_path(router: Router) -> None:
    router.middleware_stack = ExactPaths(router)
