"""Every REST call in one table: its path, handler, bodies and answers.

The facade's routes and both OpenAPI documents are read from this table, so a call cannot
exist undocumented or be documented without existing.
"""

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from domain.paging import MAX_QUERY_INTEGER
from domain.ratelimit import RATE_LIMITED_MESSAGE
from rest_facade import account, signing_in, user_sessions, users
from rest_facade.app_state import settings_of
from rest_facade.auth import require_session
from rest_facade.call import Call, SignedInCall
from rest_facade.request_bodies import (
    ChangePasswordRequest,
    CodeAndPasswordRequest,
    DeleteAccountRequest,
    EmailChangeRequest,
    EmailChangeVerifyRequest,
    ForgotPasswordRequest,
    LoginRequest,
    RegisterRequest,
    RequestBody,
    RevokeSessionRequest,
    UpdateUserRequest,
    UpdateUserUpload,
    read_body,
)
from rest_facade.response_bodies import CreatedUser, Detail, Sessions, Token

#: A body of the dialect's own: its user, or its page of users.
DialectBody = Literal["user", "user_page"]
RATE_LIMITED = {429: f"Over a rate limit or locked out (`RATE_LIMITED`): {RATE_LIMITED_MESSAGE}"}


#: An id in a query: any integer of at most 18 digits.
QueryId = Annotated[int | None, Field(ge=-MAX_QUERY_INTEGER, le=MAX_QUERY_INTEGER)]


class UserFilters(BaseModel):
    id: QueryId = Field(None, description="Exactly this id.")
    username: str | None = Field(None, description="Exactly this username (case-sensitive).")
    username__icontains: str | None = Field(
        None, description="Usernames containing this, any case."
    )


class UserLookup(BaseModel):
    id: QueryId = Field(None, description="The user's id.")
    user_id: QueryId = Field(None, description="The same, under its legacy name.")


@dataclass(frozen=True, slots=True)
class Operation:
    method: Literal["GET", "POST"]
    path: str
    #: Called with a ``Call`` of the body, or a ``SignedInCall`` when ``secured``.
    endpoint: Callable[[Any], Awaitable[Response]]
    summary: str
    status: int
    answer: type[BaseModel] | DialectBody
    answer_description: str
    body: type[RequestBody] | None = None
    #: The multipart form of ``body``, when it also takes files.
    upload: type[RequestBody] | None = None
    #: Query parameters, as models; ``paging`` adds the dialect's.
    query: tuple[type[BaseModel], ...] = ()
    paging: bool = False
    secured: bool = False
    #: Answers besides the ones every call of its kind has, by status.
    errors: Mapping[int, str] = field(default_factory=dict)


# fmt: off
OPERATIONS = (
    Operation(
        "POST", "/register", signing_in.register,
        "Mail a verification code (or, for an address with an account, a notice).",
        200, Detail, "Always the same answer, registered address or not.",
        body=RegisterRequest, errors=RATE_LIMITED,
    ),
    Operation(
        "POST", "/register/verify", signing_in.verify_registration,
        "Create the account of an emailed verification code.",
        201, CreatedUser, "The account exists.",
        body=CodeAndPasswordRequest, errors=RATE_LIMITED,
    ),
    Operation(
        "POST", "/login", signing_in.login,
        "Sign in with a username or email; returns a new token.",
        200, Token, "A new API token.",
        body=LoginRequest, errors=RATE_LIMITED,
    ),
    Operation(
        "POST", "/logout", signing_in.logout,
        "Revoke the token of this request.",
        200, Detail, "The token no longer works.",
        secured=True,
    ),
    Operation(
        "POST", "/logout_all", signing_in.logout_all,
        "Revoke every token of the signed-in account, this one included.",
        200, Detail, "No token of the account works any more.",
        secured=True,
    ),
    Operation(
        "POST", "/forgot_password", signing_in.forgot_password,
        "Mail a password-reset code to the account of an address (without one, a notice).",
        200, Detail, "Always the same answer, address with an account or not.",
        body=ForgotPasswordRequest, errors=RATE_LIMITED,
    ),
    Operation(
        "POST", "/forgot_password/verify", signing_in.forgot_password_verify,
        "Set a new password with an emailed reset code; every token of the account dies.",
        200, Detail, "The password is changed.",
        body=CodeAndPasswordRequest, errors=RATE_LIMITED,
    ),
    Operation(
        "POST", "/user/update", account.update_user,
        "Change the signed-in user's profile; only the fields sent change.",
        200, "user", "The updated user.",
        body=UpdateUserRequest, upload=UpdateUserUpload, secured=True,
        errors={
            413: "The body is larger than FLOWBACK_MAX_BODY_BYTES; a multipart body may instead "
            "hold two images: 2 * FLOWBACK_MAX_IMAGE_BYTES + FLOWBACK_MAX_BODY_BYTES "
            "(`PAYLOAD_TOO_LARGE`)."
        },
    ),
    Operation(
        "POST", "/user/password", account.change_password,
        "Change the password given the current one; the account's other tokens die.",
        200, Detail, "The password is changed; this token still works.",
        body=ChangePasswordRequest, secured=True,
    ),
    Operation(
        "POST", "/user/delete", account.delete_account,
        "Anonymise the signed-in account given its password; every token dies.",
        200, Detail, "The account is gone.",
        body=DeleteAccountRequest, secured=True,
    ),
    Operation(
        "GET", "/user/sessions", user_sessions.list_sessions,
        "The live sessions of the signed-in account, newest first; never their tokens.",
        200, Sessions, "The sessions; `current` marks this request's.",
        secured=True,
    ),
    Operation(
        "POST", "/user/sessions/revoke", user_sessions.revoke_session,
        "End one session of the signed-in account (this one included).",
        200, Detail, "That session's token no longer works.",
        body=RevokeSessionRequest, secured=True,
        errors={404: "No live session of your account has that id (`NOT_FOUND`)."},
    ),
    Operation(
        "POST", "/user/email", user_sessions.request_email_change,
        "Mail a code to a new address that moves the account there, and a notice to the "
        "current one (a notice to its owner, for an address with an account).",
        200, Detail, "Always the same answer, new address with an account or not.",
        body=EmailChangeRequest, secured=True, errors=RATE_LIMITED,
    ),
    Operation(
        "POST", "/user/email/verify", user_sessions.confirm_email_change,
        "Move the account to the address the code was mailed to; its other tokens die.",
        200, "user", "The user, with the new address.",
        body=EmailChangeVerifyRequest, secured=True, errors=RATE_LIMITED,
    ),
    Operation(
        "GET", "/users", users.users,
        "Active users ordered by id, paged.",
        200, "user_page", "The page.",
        query=(UserFilters,), paging=True, secured=True,
    ),
    Operation(
        "GET", "/user", users.user,
        "A user by id, or the signed-in user without one.",
        200, "user",
        "The user; `email`, `user_config` and the flags only on your own record.",
        query=(UserLookup,), secured=True,
        errors={400: "An id that is not an integer.", 404: "No active user has that id."},
    ),
)
# fmt: on


def routes() -> list[Route]:
    return [Route(op.path, _endpoint(op), methods=[op.method]) for op in OPERATIONS]


def _endpoint(op: Operation) -> Callable[[Request], Awaitable[Response]]:
    """The route's endpoint: the session looked up when ``op`` is secured, then its body read
    as declared (the caller's token is checked before any of the body is read)."""
    model = op.upload or op.body

    async def endpoint(request: Request) -> Response:
        session = await require_session(request) if op.secured else None
        body = None if model is None else await _read(request, model, files=op.upload is not None)
        if session is None:
            return await op.endpoint(Call(request, body))
        return await op.endpoint(SignedInCall(request, body, session))

    return endpoint


async def _read(request: Request, model: type[RequestBody], *, files: bool) -> RequestBody:
    limit = settings_of(request).max_image_bytes if files else None
    return await read_body(request, model, max_file_bytes=limit)
