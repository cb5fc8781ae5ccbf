"""Forward authentication: a reverse proxy asks who a request's token belongs to.

``/auth/check`` answers 200 with the caller's identity in response headers, for the proxy
to pass to the services behind it, or the 401 of any call with a missing, wrong, revoked or
dead token. It is the shape nginx ``auth_request`` and Traefik ``forwardAuth`` expect (a
``GET`` or ``HEAD`` carrying the client's headers), and Envoy's HTTP ``ext_authz`` too,
which sends the client's method to ``/auth/check`` followed by the client's path: every
method and every path under ``/auth/check`` answer the same. The body is never read, and the
token is checked with the one statement every signed-in call sends.
"""

from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from rest_facade.auth import require_session

PATH = "/auth/check"
USER_ID = "X-Flowback-User-Id"
SESSION_ID = "X-Flowback-Session-Id"
USERNAME = "X-Flowback-Username"
#: Envoy forwards the client's method; nginx and Traefik send GET (HEAD works too).
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


async def auth_check(request: Request) -> Response:
    """200 with the identity headers for a live token, else the 401 of every signed-in call.

    The username is percent-encoded UTF-8 (RFC 3986), since a header is Latin-1 and a
    username may be in any script.
    """
    session = await require_session(request)
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
