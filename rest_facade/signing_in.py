"""REST calls that sign a user up, in and out, and back in after a forgotten password."""

from starlette.responses import JSONResponse

from domain import sessions, tokens
from rest_facade.call import Call, SignedInCall
from rest_facade.request_bodies import (
    CodeAndPasswordRequest,
    ForgotPasswordRequest,
    LoginRequest,
    RegisterRequest,
)
from rest_facade.response_bodies import CreatedUser, Token, detail, respond

REGISTERED_DETAIL = "A verification code has been sent to the email address."
RESET_REQUESTED_DETAIL = (
    "If the address belongs to an account, a password reset code has been sent to it."
)


async def register(call: Call[RegisterRequest]) -> JSONResponse:
    body = call.body
    await call.rules.registration.register(
        username=body.username, email=body.email, client_ip=call.client_ip
    )
    return detail(REGISTERED_DETAIL)


async def verify_registration(call: Call[CodeAndPasswordRequest]) -> JSONResponse:
    code, password = call.body.verification_code, call.body.password
    user = await call.rules.registration.verify(
        verification_code=code, password=password, client_ip=call.client_ip
    )
    return respond(CreatedUser(id=user.id, username=user.username), status_code=201)


async def login(call: Call[LoginRequest]) -> JSONResponse:
    token = await call.rules.sessions.login(
        username=call.body.username,
        password=call.body.password,
        client_ip=call.client_ip,
        user_agent=call.request.headers.get("user-agent"),
    )
    return respond(Token(token=token))


async def logout(call: SignedInCall[None]) -> JSONResponse:
    await sessions.logout(session=call.session)
    return detail("Successfully logged out.")


async def logout_all(call: SignedInCall[None]) -> JSONResponse:
    await tokens.logout_all(session=call.session)
    return detail("Successfully logged out everywhere.")


async def forgot_password(call: Call[ForgotPasswordRequest]) -> JSONResponse:
    await call.rules.forgotten_password.request(email=call.body.email, client_ip=call.client_ip)
    return detail(RESET_REQUESTED_DETAIL)


async def forgot_password_verify(call: Call[CodeAndPasswordRequest]) -> JSONResponse:
    await call.rules.forgotten_password.reset(
        verification_code=call.body.verification_code,
        password=call.body.password,
        client_ip=call.client_ip,
    )
    return detail("Your password has been reset.")
