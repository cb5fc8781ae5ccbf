"""Forward authentication for reverse proxies: nginx ``auth_request``, Traefik ``forwardAuth``
and Envoy ``ext_authz`` (docs/operating/platform.md), so every method and every path under
``/auth/check`` answer the same; the body is never read."""

from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from rest_facade.app_state import rules_of
from rest_facade.auth import require_session

PATH = "/auth/check"
USER_ID = "X-Flowback-User-Id"
SESSION_ID = "X-Flowback-Session-Id"
USERNAME = "X-Flowback-Username"
#: Envoy forwards the client's method; nginx and Traefik send GET (HEAD works too).
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


async def auth_check(request: Request) -> Response:
    """The username is percent-encoded UTF-8 (RFC 3986): a header is Latin-1."""
    session = await require_session(request, rules_of(request).sessions)
    return Response(
        headers={
            USER_ID: str(session.user.id),
            SESSION_ID: str(session.token_id),
            USERNAME: quote(session.user.username, safe=""),
        }
    )


routes = [
    Route(PATH, auth_check, methods=METHODS),
    Route(PATH + "/{path:path}", auth_check, methods=METHODS),
]


def _identity_header(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "required": True, "schema": schema}


#: How the OpenAPI documents show the call.
OPENAPI_ANSWER = {
    "description": "The token is live: who it belongs to, in headers; no body.",
    "headers": {
        USER_ID: _identity_header("The user's id.", {"type": "string", "pattern": "^[0-9]+$"}),
        SESSION_ID: _identity_header(
            "The session's id, as GET /user/sessions lists it.",
            {"type": "string", "pattern": "^[0-9]+$"},
        ),
        USERNAME: _identity_header(
            "The username, percent-encoded UTF-8 (decode with decodeURIComponent or "
            "urllib.parse.unquote).",
            {"type": "string", "pattern": "^[A-Za-z0-9%._~-]+$"},
        ),
    },
}
OPENAPI_DESCRIPTION = (
    "For reverse proxies (nginx `auth_request`, Traefik `forwardAuth`, Envoy `ext_authz`), "
    "which pass the identity headers to the services behind them. Every method, and every "
    "path under /auth/check (Envoy appends the client's path), answers the same; the body "
    "is never read. Not rate limited."
)
