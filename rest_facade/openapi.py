"""The OpenAPI 3.1 document of the REST facade, written to match it exactly.

Served at ``GET /openapi.json`` and committed as ``openapi.json`` (regenerate with
``python main.py openapi --output openapi.json``). A test checks that every facade route is
documented and every documented operation is a route, and CI fuzzes the service against
this document with schemathesis.
"""

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from domain.availability import UNAVAILABLE_MESSAGE
from domain.errors import ErrorCode
from domain.paging import MAX_LIMIT
from domain.profile import BIO_MAX_LENGTH, IMAGE_FIELDS, WEBSITE_MAX_LENGTH
from domain.profile_fields import PHONE_MESSAGE
from domain.ratelimit import RATE_LIMITED_MESSAGE
from domain.validation import EMAIL_MAX_LENGTH, USERNAME_MAX_LENGTH

TITLE = "Flowback user service: REST facade"
VERSION = "1.0.0"
_BODY_TYPES = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")

Schema = dict[str, Any]


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: Schema, description: str, **extra: Any) -> Schema:
    return {"description": description, "content": {"application/json": {"schema": schema}}} | extra


def _body(schema_name: str) -> Schema:
    """A body accepted as JSON, form or multipart; fields a call does not take are ignored."""
    return {
        "required": False,
        "content": {media: {"schema": _ref(schema_name)} for media in _BODY_TYPES},
    }


_ERROR = _ref("Error")
_BAD_REQUEST = _json(
    _ERROR, "Field errors (or paging, or an unreadable body): `errors` lists them."
)
_TOO_LARGE = _json(_ERROR, "The body is larger than FLOWBACK_MAX_BODY_BYTES (`PAYLOAD_TOO_LARGE`).")
_UNSUPPORTED = _json(_ERROR, "The body's Content-Type is not JSON, form or multipart.")


def _retry_after(description: str) -> Schema:
    return {
        "Retry-After": {"description": description, "schema": {"type": "integer", "minimum": 1}}
    }


_RATE_LIMITED = _json(
    _ERROR,
    f"Over a rate limit or locked out (`RATE_LIMITED`): {RATE_LIMITED_MESSAGE}",
    headers=_retry_after("Seconds until the call may succeed."),
)
_INTERNAL = _json(_ref("InternalError"), "An unexpected fault; quote `request_id` to operators.")
_UNAUTHORIZED = _json(
    _ERROR,
    "No token (`UNAUTHENTICATED`) or a wrong or revoked one (`INVALID_TOKEN`).",
    headers={"WWW-Authenticate": {"schema": {"type": "string", "const": "Token"}}},
)
_UNAVAILABLE = _json(
    _ERROR,
    f"The database or Redis is away (`SERVICE_UNAVAILABLE`): {UNAVAILABLE_MESSAGE}",
    headers=_retry_after("Seconds to wait before trying again."),
)
_UPLOAD_TOO_LARGE = _json(
    _ERROR,
    "The body is larger than FLOWBACK_MAX_BODY_BYTES; a multipart body may instead hold two "
    "images: 2 * FLOWBACK_MAX_IMAGE_BYTES + FLOWBACK_MAX_BODY_BYTES (`PAYLOAD_TOO_LARGE`).",
)
_AUTH: list[dict[str, list[str]]] = [{"token": []}]
_IMAGE_TYPES = "image/png, image/jpeg, image/webp, image/gif"


def _post(
    summary: str,
    body: str | Schema,
    ok_status: str,
    ok: Schema,
    *extra: tuple[str, Schema],
    secured: bool = False,
) -> Schema:
    """A POST taking a body; ``secured`` ones need a token (401 without a good one)."""
    responses = {
        ok_status: ok,
        "400": _BAD_REQUEST,
        "413": _TOO_LARGE,
        "415": _UNSUPPORTED,
        "500": _INTERNAL,
        "503": _UNAVAILABLE,
    }
    if secured:
        responses["401"] = _UNAUTHORIZED
    responses.update(dict(extra))
    request_body = _body(body) if isinstance(body, str) else body
    operation: Schema = {"summary": summary}
    if secured:
        operation["security"] = _AUTH
    return {"post": operation | {"requestBody": request_body, "responses": responses}}


def _profile_body() -> Schema:
    """JSON or a form of text fields; multipart adds the image files."""
    text_fields = {"schema": _ref("UpdateUserRequest")}
    return {
        "required": False,
        "content": {
            "application/json": text_fields,
            "application/x-www-form-urlencoded": text_fields,
            "multipart/form-data": {
                "schema": _ref("UpdateUserUpload"),
                "encoding": {
                    "profile_image": {"contentType": _IMAGE_TYPES},
                    "banner_image": {"contentType": _IMAGE_TYPES},
                },
            },
        },
    }


def _query(name: str, description: str, *, minimum: int | None = None) -> Schema:
    schema: Schema = {"type": "integer"}
    if minimum is not None:
        schema["minimum"] = minimum
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _text_query(name: str, description: str) -> Schema:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "string"},
    }


def _paths() -> Schema:
    return {
        "/register": _post(
            "Mail a verification code (or, for an address with an account, a notice).",
            "RegisterRequest",
            "200",
            _json(_ref("Detail"), "Always the same answer, registered address or not."),
            ("429", _RATE_LIMITED),
        ),
        "/register/verify": _post(
            "Create the account of an emailed verification code.",
            "VerifyRequest",
            "201",
            _json(_ref("CreatedUser"), "The account exists."),
            ("429", _RATE_LIMITED),
        ),
        "/login": _post(
            "Sign in with a username or email; returns a new token.",
            "LoginRequest",
            "200",
            _json(_ref("Token"), "A new API token."),
            ("429", _RATE_LIMITED),
        ),
        "/logout": {
            "post": {
                "summary": "Revoke the token of this request.",
                "security": _AUTH,
                "responses": {
                    "200": _json(_ref("Detail"), "The token no longer works."),
                    "401": _UNAUTHORIZED,
                    "413": _TOO_LARGE,
                    "500": _INTERNAL,
                    "503": _UNAVAILABLE,
                },
            }
        },
        "/logout_all": {
            "post": {
                "summary": "Revoke every token of the signed-in account, this one included.",
                "security": _AUTH,
                "responses": {
                    "200": _json(_ref("Detail"), "No token of the account works any more."),
                    "401": _UNAUTHORIZED,
                    "413": _TOO_LARGE,
                    "500": _INTERNAL,
                },
            }
        },
        "/forgot_password": _post(
            "Mail a password-reset code to the account of an address (without one, a notice).",
            "ForgotPasswordRequest",
            "200",
            _json(_ref("Detail"), "Always the same answer, address with an account or not."),
            ("429", _RATE_LIMITED),
        ),
        "/forgot_password/verify": _post(
            "Set a new password with an emailed reset code; every token of the account dies.",
            "ResetPasswordRequest",
            "200",
            _json(_ref("Detail"), "The password is changed."),
            ("429", _RATE_LIMITED),
        ),
        "/user/update": _post(
            "Change the signed-in user's profile; only the fields sent change.",
            _profile_body(),
            "200",
            _json(_ref("User"), "The updated user, images as absolute URLs."),
            ("413", _UPLOAD_TOO_LARGE),
            secured=True,
        ),
        "/user/password": _post(
            "Change the password given the current one; the account's other tokens die.",
            "ChangePasswordRequest",
            "200",
            _json(_ref("Detail"), "The password is changed; this token still works."),
            secured=True,
        ),
        "/user/delete": _post(
            "Anonymise the signed-in account given its password; every token dies.",
            "DeleteAccountRequest",
            "200",
            _json(_ref("Detail"), "The account is gone."),
            secured=True,
        ),
        "/users": {
            "get": {
                "summary": "Active users ordered by id, paged.",
                "security": _AUTH,
                "parameters": [
                    _query("id", "Exactly this id."),
                    _text_query("username", "Exactly this username (case-sensitive)."),
                    _text_query("username__icontains", "Usernames containing this, any case."),
                    _query("page", "Page number, from 1.", minimum=1),
                    _query(
                        "limit",
                        f"Rows per page, from 1; above {MAX_LIMIT} is served as {MAX_LIMIT}.",
                        minimum=1,
                    ),
                    _query("offset", "Rows skipped before page 1, from 0.", minimum=0),
                ],
                "responses": {
                    "200": _json(_ref("UserPage"), "The page."),
                    "400": _json(_ERROR, "A bad paging value (`INVALID_PAGINATION`) or id."),
                    "401": _UNAUTHORIZED,
                    "500": _INTERNAL,
                    "503": _UNAVAILABLE,
                },
            }
        },
        "/user": {
            "get": {
                "summary": "A user by id, or the signed-in user without one.",
                "security": _AUTH,
                "parameters": [
                    _query("id", "The user's id."),
                    _query("user_id", "The same, under its legacy name."),
                ],
                "responses": {
                    "200": _json(
                        _ref("User"),
                        "The user; `email`, `user_config` and the flags only on your own record.",
                    ),
                    "400": _json(_ERROR, "An id that is not an integer."),
                    "401": _UNAUTHORIZED,
                    "404": _json(_ERROR, "No active user has that id."),
                    "500": _INTERNAL,
                    "503": _UNAVAILABLE,
                },
            }
        },
    }


def _fields(*names: str, max_lengths: dict[str, int] | None = None) -> Schema:
    """An object of text fields; all optional on the wire (a missing one is `REQUIRED`)."""
    properties: Schema = {}
    for name in names:
        properties[name] = {"type": "string"}
        if max_lengths and name in max_lengths:
            properties[name]["description"] = f"At most {max_lengths[name]} characters."
    return {"type": "object", "properties": properties}


def _profile_fields(*, files: bool = False) -> Schema:
    """The fields of a profile update; with ``files``, the images too (multipart only)."""
    properties: Schema = {
        "username": {
            "type": "string",
            "description": f"At most {USERNAME_MAX_LENGTH} characters; registration's rules.",
        },
        "bio": {
            "type": "string",
            "description": f"At most {BIO_MAX_LENGTH} characters; empty clears it.",
        },
        "website": {
            "type": "string",
            "description": (
                f"An http(s) URL of at most {WEBSITE_MAX_LENGTH} characters; empty clears it."
            ),
        },
    }
    properties |= {
        "contact_email": {
            "type": "string",
            "description": "A public email address; empty clears it.",
        },
        "contact_phone": {
            "type": "string",
            "description": f"A public phone number: {PHONE_MESSAGE} Empty clears it.",
        },
        "user_config": {
            "type": "string",
            "description": "Private JSON text of at most FLOWBACK_USER_CONFIG_MAX_BYTES bytes; "
            "empty clears it.",
        },
        "email_notifications": _flag("Private."),
        "dark_theme": _flag("Private."),
    }
    if files:
        for name in IMAGE_FIELDS:
            properties[name] = {
                "type": "string",
                "format": "binary",
                "contentMediaType": "application/octet-stream",
                "description": "A PNG, JPEG, WebP or GIF file, at most FLOWBACK_MAX_IMAGE_BYTES.",
            }
    return {"type": "object", "properties": properties}


def _flag(description: str) -> Schema:
    """A boolean; a form sends it as text such as ``true`` or ``0``."""
    return {
        "oneOf": [{"type": "boolean"}, {"type": "string"}],
        "description": f"{description} A boolean, or as text: true/false, 1/0, yes/no, on/off.",
    }


def _components() -> Schema:
    nullable_text = {"type": ["string", "null"]}
    link = {"oneOf": [{"type": "string", "format": "uri"}, {"const": False}]}
    return {
        "securitySchemes": {
            "token": {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "The token from /login: bare, `Token <token>` or `Bearer <token>`.",
            }
        },
        "schemas": {
            "RegisterRequest": _fields(
                "username",
                "email",
                max_lengths={"username": USERNAME_MAX_LENGTH, "email": EMAIL_MAX_LENGTH},
            ),
            "VerifyRequest": _fields("verification_code", "password"),
            "LoginRequest": _fields("username", "password"),
            "ForgotPasswordRequest": _fields("email", max_lengths={"email": EMAIL_MAX_LENGTH}),
            "ResetPasswordRequest": _fields("verification_code", "password"),
            "ChangePasswordRequest": _fields("current_password", "new_password"),
            "DeleteAccountRequest": _fields("password"),
            "UpdateUserRequest": _profile_fields(),
            "UpdateUserUpload": _profile_fields(files=True),
            "Detail": {
                "type": "object",
                "required": ["detail"],
                "properties": {"detail": {"type": "string"}},
                "additionalProperties": False,
            },
            "CreatedUser": {
                "type": "object",
                "required": ["id", "username"],
                "properties": {"id": {"type": "integer"}, "username": {"type": "string"}},
                "additionalProperties": False,
            },
            "Token": {
                "type": "object",
                "required": ["token"],
                "properties": {"token": {"type": "string", "minLength": 22}},
                "additionalProperties": False,
            },
            "ListedUser": {
                "type": "object",
                "required": ["id", "username", "profile_image"],
                "properties": {
                    "id": {"type": "integer"},
                    "username": {"type": "string"},
                    "profile_image": nullable_text,
                },
                "additionalProperties": False,
            },
            "UserPage": {
                "type": "object",
                "required": ["count", "next", "previous", "total_page", "data"],
                "properties": {
                    "count": {"type": "integer", "minimum": 0},
                    "next": link,
                    "previous": link,
                    "total_page": {"type": "integer", "minimum": 0},
                    "data": {"type": "array", "items": _ref("ListedUser")},
                },
                "additionalProperties": False,
            },
            "User": {
                "type": "object",
                "required": [
                    "id",
                    "email",
                    "username",
                    "profile_image",
                    "banner_image",
                    "bio",
                    "website",
                    "contact_email",
                    "contact_phone",
                    "user_config",
                    "email_notifications",
                    "dark_theme",
                ],
                "properties": {
                    "id": {"type": "integer"},
                    "email": nullable_text,
                    "username": {"type": "string"},
                    "profile_image": nullable_text,
                    "banner_image": nullable_text,
                    "bio": nullable_text,
                    "website": nullable_text,
                    "contact_email": nullable_text,
                    "contact_phone": nullable_text,
                    "user_config": nullable_text,
                    "email_notifications": {"type": ["boolean", "null"]},
                    "dark_theme": {"type": ["boolean", "null"]},
                },
                "additionalProperties": False,
            },
            "ErrorCode": {"type": "string", "enum": [code.value for code in ErrorCode]},
            "FieldError": {
                "type": "object",
                "required": ["field", "code", "message"],
                "properties": {
                    "field": nullable_text,
                    "code": _ref("ErrorCode"),
                    "message": {"type": "string"},
                },
                "additionalProperties": False,
            },
            "Error": {
                "type": "object",
                "required": ["detail", "errors"],
                "properties": {
                    "detail": {
                        "description": "The legacy rendering: one message, or messages by field.",
                        "oneOf": [
                            {"type": "string"},
                            {
                                "type": "object",
                                "additionalProperties": {
                                    "type": "array",
                                    "items": {"type": "string"},
                                },
                            },
                        ],
                    },
                    "errors": {"type": "array", "items": _ref("FieldError"), "minItems": 1},
                },
                "additionalProperties": False,
            },
            "InternalError": {
                "type": "object",
                "required": ["detail", "request_id"],
                "properties": {
                    "detail": {"type": "string", "const": "Internal server error."},
                    "request_id": {"type": "string"},
                },
                "additionalProperties": False,
            },
        },
    }


def openapi_document() -> dict[str, Any]:
    """The whole document, as plain JSON data."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": TITLE,
            "version": VERSION,
            "description": (
                "The documented Flowback REST API, rendered from the same domain calls as the "
                "GraphQL endpoint at /graphql. Every response carries `X-Request-ID`."
            ),
        },
        "paths": _paths(),
        "components": _components(),
    }


async def openapi_endpoint(request: Request) -> JSONResponse:
    return JSONResponse(openapi_document())
