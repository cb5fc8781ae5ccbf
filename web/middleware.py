"""The middleware stack of the application, built here only and in order."""

from opentelemetry.trace import Tracer
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

from config.settings import Settings
from observability.access import AccessMiddleware
from observability.metrics import Metrics
from observability.request_id import RequestIdMiddleware
from observability.tracing import TracingMiddleware
from web.forwarded import ForwardedHeadersMiddleware
from web.guard import GuardMiddleware
from web.hosts import AllowedHosts
from web.slashes import TrailingSlashMiddleware

CORS_HEADERS = ["Authorization", "Content-Type", "X-Request-ID"]
# Paths that take image files in a multipart body: REST's profile update and GraphQL's
# updateUser (the GraphQL multipart request spec).
UPLOAD_PATHS = ("/user/update", "/graphql")
IMAGES_PER_UPLOAD = 2  # profile_image and banner_image


def upload_limit(settings: Settings) -> int:
    """The largest multipart body on an upload path: two images at their limit, plus the
    ordinary body limit for the other fields and the multipart framing."""
    return IMAGES_PER_UPLOAD * settings.max_image_bytes + settings.max_body_bytes


def middleware_stack(
    settings: Settings,
    *,
    metrics: Metrics,
    probe_paths: frozenset[str] = frozenset(),
    tracer: Tracer | None = None,
) -> list[Middleware]:
    """The application's middleware, outermost first:

    1. trusted-proxy headers, so that everything after sees the client's address and scheme;
    2. the request id, so that every log line after carries it;
    3. the access log and metrics, which see every answer, the guard's included; inside
       them, only when tracing is on (``tracer``), the request's span;
    4. trailing slashes made optional (the guard's upload limits match exact paths);
    5. CORS, when ``FLOWBACK_CORS_ORIGINS`` or ``FLOWBACK_FRONTEND_URL`` names an origin,
       outside the guard so that a browser app can read its 413, 503 and 500 too;
    6. the guard: allowed hosts (``probe_paths`` answer any), body limits, security
       headers, 503 on outages, the last-resort 500.
    """
    stack = [
        Middleware(ForwardedHeadersMiddleware, allowed=settings.forwarded_allow_ips),
        Middleware(RequestIdMiddleware),
        Middleware(AccessMiddleware, metrics=metrics),
    ]
    if tracer is not None:
        stack.append(Middleware(TracingMiddleware, tracer=tracer))
    stack.append(Middleware(TrailingSlashMiddleware))
    if settings.allowed_origins:
        stack.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.allowed_origins,
                allow_methods=["GET", "POST"],
                allow_headers=CORS_HEADERS,
                expose_headers=["Retry-After", "X-Request-ID"],
                max_age=600,
            )
        )
    stack.append(
        Middleware(
            GuardMiddleware,
            max_body_bytes=settings.max_body_bytes,
            upload_limits=dict.fromkeys(UPLOAD_PATHS, upload_limit(settings)),
            production=settings.env == "production",
            hosts=AllowedHosts(settings.allowed_hosts, exempt_paths=probe_paths),
        )
    )
    return stack
