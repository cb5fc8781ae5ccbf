"""The middleware stack of the application, from the settings."""

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

from domain.settings import Settings
from web.guard import GuardMiddleware

CORS_HEADERS = ["Authorization", "Content-Type", "X-Request-ID"]


def middleware_for(settings: Settings) -> list[Middleware]:
    """The guard first; CORS only when ``FLOWBACK_CORS_ORIGINS`` lists origins."""
    stack = [
        Middleware(
            GuardMiddleware,
            max_body_bytes=settings.max_body_bytes,
            production=settings.env == "production",
        )
    ]
    if settings.cors_origins:
        stack.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origins,
                allow_methods=["GET", "POST"],
                allow_headers=CORS_HEADERS,
                expose_headers=["Retry-After", "X-Request-ID"],
                max_age=600,
            )
        )
    return stack
