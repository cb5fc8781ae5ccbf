from starlette.requests import Request

from config.settings import Settings
from domain.rules import Rules
from web.forwarded import public_base_url


def rules_of(request: Request) -> Rules:
    rules: Rules = request.app.state.rules
    return rules


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def public_base_of(request: Request) -> str:
    """``FLOWBACK_PUBLIC_URL``, or the request's own base; read once per request (a list's
    images and its links both need it)."""
    scope = request.scope
    base: str | None = scope.get(_PUBLIC_BASE)
    if base is None:
        base = scope[_PUBLIC_BASE] = public_base_url(request, settings_of(request).public_url)
    return base


_PUBLIC_BASE = "flowback.public_base"
