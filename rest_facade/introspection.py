"""``POST /introspect`` (RFC 7662) for the platform's services (docs/operating/platform.md):
HTTP Basic as a service or 401 ``invalid_client`` before the body is read; OAuth's errors."""

import base64
import binascii
from typing import Literal
from urllib.parse import unquote_plus

from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from domain.errors import DomainError
from rest_facade.app_state import rules_of
from rest_facade.request_bodies import RequestBody, Text, read_body
from web.faults import classify

PATH = "/introspect"
#: RFC 6749 §5.2: a client that fails to authenticate is asked for Basic credentials.
CHALLENGE = {"WWW-Authenticate": 'Basic realm="flowback-introspection"'}
NOT_A_SERVICE = (
    "Introspection takes the Basic credentials of a service in FLOWBACK_INTROSPECTION_CLIENTS."
)


OPENAPI_DESCRIPTION = (
    "For the services of the platform that call rather than sit behind a proxy: HTTP Basic "
    "with a service's id and secret from FLOWBACK_INTROSPECTION_CLIENTS (never a user's "
    "token), the token in the form field `token`. Counts as a use of the token. Errors are "
    "OAuth's (RFC 6749 §5.2)."
)


class IntrospectionRequest(RequestBody):
    REQUIRED = ("token",)
    token: Text = Field("", description="The token to introspect, as the user sends it.")
    token_type_hint: Text = Field("", description="Accepted and ignored: there is one kind.")


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ActiveToken(_Body):
    active: Literal[True]
    sub: str = Field(description="The user's id.")
    sid: str = Field(description="The session's id, as `user.sessions_revoked` names it.")
    username: str
    iat: int = Field(description="When the session signed in, in seconds since the epoch.")
    exp: int = Field(
        description="When the token dies unless used again: the earlier of its idle and its "
        "absolute expiry, in seconds since the epoch."
    )


class InactiveToken(_Body):
    active: Literal[False]


class OAuthError(_Body):
    error: Literal["invalid_client", "invalid_request"]
    error_description: str


async def introspect(request: Request) -> Response:
    introspection = rules_of(request).introspection
    credentials = basic_credentials(request.headers.get("authorization"))
    if credentials is None or not introspection.admits(*credentials):
        return _refused(401, "invalid_client", NOT_A_SERVICE, headers=CHALLENGE)
    try:
        body = await read_body(request, IntrospectionRequest)
    except DomainError as error:
        return _refused(classify(error).status, "invalid_request", error.errors[0].message)
    if not body.token:
        return _refused(400, "invalid_request", "The token field is required.")
    claims = await introspection.introspect(body.token)
    if claims is None:
        return JSONResponse(InactiveToken(active=False).model_dump())
    return JSONResponse(
        ActiveToken(
            active=True,
            sub=claims.sub,
            sid=claims.sid,
            username=claims.username,
            iat=claims.iat,
            exp=claims.exp,
        ).model_dump()
    )


routes = [Route(PATH, introspect, methods=["POST"])]


def basic_credentials(header: str | None) -> tuple[str, str] | None:
    """RFC 6749 §2.3.1: id and secret form-urlencoded, joined by a colon; None otherwise."""
    scheme, _, encoded = (header or "").strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, colon, secret = decoded.partition(":")
    if not colon:
        return None
    return unquote_plus(client_id), unquote_plus(secret)


def _refused(
    status: int,
    error: Literal["invalid_client", "invalid_request"],
    description: str,
    *,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = OAuthError(error=error, error_description=description).model_dump()
    return JSONResponse(body, status_code=status, headers=headers)
