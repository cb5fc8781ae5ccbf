"""REST calls that sign a user up, in and out, and back in after a forgotten password."""

from starlette.requests import Request
from starlette.responses import JSONResponse

from domain import sessions, tokens
from rest_facade.app_state import rules_of
from rest_facade.auth import require_session
from rest_facade.request_bodies import (
    CodeAndPasswordRequest,
    ForgotPasswordRequest,
    LoginRequest,
    RegisterRequest,
    read_body,
)
from rest_facade.response_bodies import CreatedUser, Token, detail, respond
from web.forwarded import client_ip

REGISTERED_DETAIL = "A verification code has been sent to the email address."
RESET_REQUESTED_DETAIL = (
    "If the address belongs to an account, a password reset code has been sent to it."
)


async def register(request: Request) -> JSONResponse:
    body = await read_body(request, RegisterRequest)
    await rules_of(request).registration.register(
        username=body.username,
        email=body.email,
        client_ip=client_ip(request),
    )
    return detail(REGISTERED_DETAIL)


async def verify_registration(request: Request) -> JSONResponse:
    body = await read_body(request, CodeAndPasswordRequest)
    user = await rules_of(request).registration.verify(
        verification_code=body.verification_code,
        password=body.password,
        client_ip=client_ip(request),
    )
    return respond(CreatedUser(id=user.id, username=user.username), status_code=201)


async def login(request: Request) -> JSONResponse:
    body = await read_body(request, LoginRequest)
    token = await rules_of(request).sessions.login(
        username=body.username,
        password=body.password,
        client_ip=client_ip(request),
        user_agent=request.headers.get("user-agent"),
    )
    return respond(Token(token=token))


async def logout(request: Request) -> JSONResponse:
    session = await require_session(request)
    await sessions.logout(session=session)
    return detail("Successfully logged out.")


async def logout_all(request: Request) -> JSONResponse:
    session = await require_session(request)
    await tokens.logout_all(session=session)
    return detail("Successfully logged out everywhere.")


async def forgot_password(request: Request) -> JSONResponse:
    body = await read_body(request, ForgotPasswordRequest)
    await rules_of(request).forgotten_password.request(
        email=body.email, client_ip=client_ip(request)
    )
    return detail(RESET_REQUESTED_DETAIL)


async def forgot_password_verify(request: Request) -> JSONResponse:
    body = await read_body(request, CodeAndPasswordRequest)
    await rules_of(request).forgotten_password.reset(
        verification_code=body.verification_code,
        password=body.password,
        client_ip=client_ip(request),
    )
    return detail("Your password has been reset.")
