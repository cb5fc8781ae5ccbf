"""The OpenAPI 3.1 document of each REST dialect, read from the handlers' operations and the
pydantic models the facade validates with, so it cannot drift from what the facade does."""

from functools import cache
from typing import Any, Final, Literal

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema
from starlette.requests import Request
from starlette.responses import JSONResponse

from domain.errors import ErrorCode
from rest_facade import forward_auth, introspection
from rest_facade.app_state import settings_of
from rest_facade.dialect import DIALECTS, Dialect
from rest_facade.operation import Operation, Tag
from rest_facade.response_bodies import InternalError
from rest_facade.routes import OPERATIONS

TITLE = "Flowback user service: REST facade"
VERSION = "1.0.0"
REF_TEMPLATE = "#/components/schemas/{model}"
_FORMS = ("application/json", "application/x-www-form-urlencoded")
_IMAGE_TYPES = "image/png, image/jpeg, image/webp, image/gif"
_TOKEN_HEADER = {"WWW-Authenticate": {"schema": {"type": "string", "const": "Token"}}}

Schema = dict[str, Any]


def _retry_after(description: str) -> Schema:
    return {
        "Retry-After": {"description": description, "schema": {"type": "integer", "minimum": 1}}
    }


#: What each error status means, on every call that can answer it.
_ERRORS: dict[int, tuple[str, Schema]] = {
    400: ("Field errors (or paging, or an unreadable body): `errors` lists them.", {}),
    401: (
        "No token (`UNAUTHENTICATED`) or a wrong, revoked or dead one (`INVALID_TOKEN`).",
        _TOKEN_HEADER,
    ),
    413: ("The body is larger than FLOWBACK_MAX_BODY_BYTES (`PAYLOAD_TOO_LARGE`).", {}),
    415: ("The body's Content-Type is not JSON, form or multipart.", {}),
    429: ("", _retry_after("Seconds until the call may succeed.")),
    503: (
        "The database or Redis is away (`SERVICE_UNAVAILABLE`): "
        + ErrorCode.SERVICE_UNAVAILABLE.message,
        _retry_after("Seconds to wait before trying again."),
    ),
}
_INTERNAL = "An unexpected fault; quote `request_id` to operators."
#: The tag of the calls reverse proxies and services make, apart from the apps' calls.
PLATFORM_TAG: Final = "platform"
#: What the calls of each tag do, in the order the documents list them.
TAGS: dict[Tag | Literal["platform"], str] = {
    "auth": "Sign up, sign in and out, and back in after a forgotten password.",
    "account": "The signed-in account: its profile, password, address and deletion.",
    "sessions": "The signed-in account's sessions, and ending them.",
    "users": "Reading users: the list and one user.",
    PLATFORM_TAG: "Calls of reverse proxies and the platform's services, not of the apps.",
}
#: Where the service is reached: the origin of this document, or any other by its variable.
SERVERS = [
    {"url": "/", "description": "The service that serves this document."},
    {
        "url": "{origin}",
        "description": "The service where it is deployed (FLOWBACK_PUBLIC_URL).",
        "variables": {
            "origin": {
                "default": "http://127.0.0.1:8000",
                "description": "Scheme, host and port: `python main.py serve` listens on the "
                "default.",
            }
        },
    },
]


@cache
def document_for(dialect_name: str) -> dict[str, Any]:
    dialect = DIALECTS[dialect_name]
    title = TITLE if dialect_name == "document" else f"{TITLE} ({dialect_name} dialect)"
    paths: dict[str, Schema] = {}
    for operation in OPERATIONS:
        paths.setdefault(operation.path, {})[operation.method.lower()] = _operation(
            operation, dialect
        )
    paths |= _platform_paths(dialect)
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": VERSION, "description": dialect.DESCRIPTION},
        "servers": SERVERS,
        "tags": [{"name": name, "description": text} for name, text in TAGS.items()],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "token": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "The token from /login: bare, `Token <token>` or "
                    "`Bearer <token>`.",
                },
                "service": {
                    "type": "http",
                    "scheme": "basic",
                    "description": "A service's id and secret from "
                    "FLOWBACK_INTROSPECTION_CLIENTS (never a user's token).",
                },
            },
            "schemas": _schemas(dialect),
        },
    }


async def openapi_endpoint(request: Request) -> JSONResponse:
    return JSONResponse(document_for(settings_of(request).rest_dialect))


def _operation(operation: Operation, dialect: Dialect) -> Schema:
    schema: Schema = {
        "operationId": operation.operation_id,
        "tags": list(operation.tags),
        "summary": operation.summary,
    }
    if operation.secured:
        schema["security"] = [{"token": []}]
    parameters = [
        parameter
        for model in (*operation.query, *([dialect.Paging] if operation.paging else []))
        for parameter in _parameters(model)
    ]
    if parameters:
        schema["parameters"] = parameters
    if operation.body is not None:
        schema["requestBody"] = _request_body(operation.body, operation.upload)
    schema["responses"] = _responses(operation, dialect)
    return schema


def _platform_paths(dialect: Dialect) -> dict[str, Schema]:
    """The same in every dialect, documented beside the apps' calls so one document shows all
    the service answers and the same fuzzing and drift checks cover them."""
    unavailable = _json(dialect.Error, *_ERRORS[503])
    internal = _json(InternalError, _INTERNAL)
    oauth_error = introspection.OAuthError
    return {
        forward_auth.PATH: {
            "get": {
                "operationId": "checkAuth",
                "summary": "Who a token belongs to, for a reverse proxy (also HEAD).",
                "description": forward_auth.OPENAPI_DESCRIPTION,
                "tags": [PLATFORM_TAG],
                "security": [{"token": []}],
                "responses": {
                    "200": forward_auth.OPENAPI_ANSWER,
                    "401": _json(dialect.Error, *_ERRORS[401]),
                    "500": internal,
                    "503": unavailable,
                },
            }
        },
        introspection.PATH: {
            "post": {
                "operationId": "introspectToken",
                "summary": "Token introspection (RFC 7662), for the platform's services.",
                "description": introspection.OPENAPI_DESCRIPTION,
                "tags": [PLATFORM_TAG],
                "security": [{"service": []}],
                "requestBody": _request_body(introspection.IntrospectionRequest, None),
                "responses": {
                    "200": {
                        "description": "The claims of an active token, or only "
                        "`active: false` for any other.",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "oneOf": [
                                        _ref(introspection.ActiveToken),
                                        _ref(introspection.InactiveToken),
                                    ]
                                }
                            }
                        },
                    },
                    "400": _json(
                        oauth_error, "No token, or an unreadable body (`invalid_request`)."
                    ),
                    "401": _json(
                        oauth_error,
                        "Not the Basic credentials of a listed service (`invalid_client`).",
                        {"WWW-Authenticate": {"schema": {"type": "string"}}},
                    ),
                    "413": _json(dialect.Error, _ERRORS[413][0]),
                    "415": _json(oauth_error, "A body that is not JSON, form or multipart."),
                    "500": internal,
                    "503": unavailable,
                },
            }
        },
    }


def _request_body(body: type[BaseModel], upload: type[BaseModel] | None) -> Schema:
    """Every body is accepted as JSON, form or multipart; multipart may add files."""
    content: Schema = {media: {"schema": _ref(body)} for media in _FORMS}
    multipart: Schema = {"schema": _ref(upload or body)}
    if upload is not None:
        files = [
            name
            for name, field in upload.model_json_schema()["properties"].items()
            if field.get("format") == "binary"
        ]
        multipart["encoding"] = {name: {"contentType": _IMAGE_TYPES} for name in files}
    content["multipart/form-data"] = multipart
    return {"required": False, "content": content}


def _responses(operation: Operation, dialect: Dialect) -> Schema:
    answer = operation.answer
    model: type[BaseModel]
    if answer == "user":
        model = dialect.User
    elif answer == "user_page":
        model = dialect.UserPage
    else:
        model = answer
    statuses = _error_statuses(operation)
    responses: Schema = {str(operation.status): _json(model, operation.response_description)}
    for status in sorted(statuses):
        description, headers = _ERRORS.get(status, ("", {}))
        description = operation.errors.get(status, description)
        if status == 400 and operation.paging:
            description = dialect.BAD_USERS_QUERY
        responses[str(status)] = _json(dialect.Error, description, headers)
    responses["500"] = _json(InternalError, _INTERNAL)
    return dict(sorted(responses.items()))


def _error_statuses(operation: Operation) -> set[int]:
    """A body can be unreadable (400, 413, 415); a GET's query can be wrong (400)."""
    statuses = {413, 503, *operation.errors}
    if operation.body is not None:
        statuses |= {400, 415}
    if operation.method == "GET":
        statuses = (statuses - {413}) | {400}
    if operation.secured:
        statuses.add(401)
    return statuses


def _json(model: type[BaseModel], description: str, headers: Schema | None = None) -> Schema:
    response: Schema = {
        "description": description,
        "content": {"application/json": {"schema": _ref(model)}},
    }
    if headers:
        response["headers"] = headers
    return response


def _parameters(model: type[BaseModel]) -> list[Schema]:
    schema = _untitled(model.model_json_schema())
    required = set(schema.get("required", ()))
    parameters = []
    for name, field in schema["properties"].items():
        description = field.pop("description", "")
        field.pop("default", None)
        if "anyOf" in field:  # an optional value: null is how it is left out, not a value
            field = next(choice for choice in field["anyOf"] if choice != {"type": "null"})
        parameters.append(
            {
                "name": name,
                "in": "query",
                "required": name in required,
                "description": description,
                "schema": field,
            }
        )
    return parameters


def _schemas(dialect: Dialect) -> Schema:
    models: list[type[BaseModel]] = []
    answers: list[type[BaseModel]] = [
        InternalError,
        dialect.Error,
        dialect.User,
        dialect.UserPage,
    ]
    for operation in OPERATIONS:
        models.extend(body for body in (operation.body, operation.upload) if body is not None)
        if not isinstance(operation.answer, str):
            answers.append(operation.answer)
    models.append(introspection.IntrospectionRequest)
    answers.extend(
        [introspection.ActiveToken, introspection.InactiveToken, introspection.OAuthError]
    )
    _, schemas = models_json_schema(
        [
            *((model, "validation") for model in dict.fromkeys(models)),
            *((model, "serialization") for model in dict.fromkeys(answers)),
        ],
        ref_template=REF_TEMPLATE,
    )
    defined = _untitled(schemas["$defs"])
    # Generators put these beside each enum value (openapi-generator, openapi-typescript).
    defined["ErrorCode"]["x-enum-descriptions"] = [code.description for code in ErrorCode]
    return dict(sorted(defined.items()))


def _ref(model: type[BaseModel]) -> Schema:
    return {"$ref": REF_TEMPLATE.format(model=model.__name__)}


def _untitled(schema: Any) -> Any:
    """Without pydantic's titles, which repeat the names beside them."""
    if isinstance(schema, dict):
        return {
            key: _untitled(value)
            for key, value in schema.items()
            if not (key == "title" and isinstance(value, str))
        }
    if isinstance(schema, list):
        return [_untitled(value) for value in schema]
    return schema
