"""PLACEHOLDER OpenAPI document of the REST facade, served at ``GET /openapi.json``.

Issue 3 owns the real document (and ``python main.py openapi``); this minimal one exists so
that ``/docs`` has something to render until that lands, and is replaced by it at merge.
"""

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

_ERRORS = {"400": {"description": "Field errors: `detail` per field and typed `errors`."}}
_AUTH = {"401": {"description": "No token, or a wrong or revoked one."}}


def _form(*fields: str) -> dict[str, Any]:
    schema = {
        "type": "object",
        "required": list(fields),
        "properties": {name: {"type": "string"} for name in fields},
    }
    return {
        "required": True,
        "content": {
            media: {"schema": schema}
            for media in ("application/json", "application/x-www-form-urlencoded")
        },
    }


def _query(*names: str) -> list[dict[str, Any]]:
    return [{"name": name, "in": "query", "schema": {"type": "string"}} for name in names]


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 description of the documented REST paths."""
    secured: list[dict[str, list[str]]] = [{"token": []}]
    return {
        "openapi": "3.1.0",
        "info": {"title": "Flowback user service (REST facade)", "version": "0.1.0"},
        "components": {
            "securitySchemes": {
                "token": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "`Token <token>`, `Bearer <token>` or the bare token.",
                }
            }
        },
        "paths": {
            "/register": {
                "post": {
                    "summary": "Register: mail a verification code",
                    "requestBody": _form("username", "email"),
                    "responses": {"200": {"description": "A code was mailed."}, **_ERRORS},
                }
            },
            "/register/verify": {
                "post": {
                    "summary": "Verify a registration and set the password",
                    "requestBody": _form("verification_code", "password"),
                    "responses": {"201": {"description": "The account exists."}, **_ERRORS},
                }
            },
            "/login": {
                "post": {
                    "summary": "Log in with the username or the email",
                    "requestBody": _form("username", "password"),
                    "responses": {"200": {"description": "A new token."}, **_ERRORS},
                }
            },
            "/logout": {
                "post": {
                    "summary": "Revoke the token used",
                    "security": secured,
                    "responses": {"200": {"description": "Logged out."}, **_AUTH},
                }
            },
            "/users": {
                "get": {
                    "summary": "List users, paged",
                    "security": secured,
                    "parameters": _query(
                        "id", "username", "username__icontains", "page", "limit", "offset"
                    ),
                    "responses": {"200": {"description": "The paging envelope."}, **_AUTH},
                }
            },
            "/user": {
                "get": {
                    "summary": "One user; without id, the signed-in user",
                    "security": secured,
                    "parameters": _query("id", "user_id"),
                    "responses": {
                        "200": {"description": "The user."},
                        **_AUTH,
                        "404": {"description": "Not found."},
                    },
                }
            },
        },
    }


async def openapi_json(request: Request) -> JSONResponse:
    return JSONResponse(openapi_document())


routes = [Route("/openapi.json", openapi_json, methods=["GET"])]
