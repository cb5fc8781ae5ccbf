"""REST calls that sign a user up, in and out, and back in after a forgotten password."""

from starlette.responses import JSONResponse

from domain import tokens
from rest_facade.operation import RATE_LIMITED, Call, SignedInCall, post
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


@post(
    "/register",
    operation_id="register",
    tags=("auth",),
    summary="Mail a verification code (or, for an address with an account, a notice).",
    response_description="Always the same answer, registered address or not.",
    errors=RATE_LIMITED,
)
async def register(call: Call[RegisterRequest]) -> JSONResponse:
    body = call.body
    await call.rules.registration.register(
        username=body.username, email=body.email, client_ip=call.client_ip
    )
    return detail(REGISTERED_DETAIL)


@post(
    "/register/verify",
    operation_id="verifyRegistration",
    tags=("auth",),
    summary="Create the account of an emailed verification code.",
    response_description="The account exists.",
    status=201,
    answer=CreatedUser,
    errors=RATE_LIMITED,
)
async def verify_registration(call: Call[CodeAndPasswordRequest]) -> JSONResponse:
    code, password = call.body.verification_code, call.body.password
    user = await call.rules.registration.verify(
        verification_code=code, password=password, client_ip=call.client_ip
    )
    return respond(CreatedUser(id=user.id, username=user.username))


@post(
    "/login",
    operation_id="login",
    tags=("auth",),
    summary="Sign in with a username or email; returns a new token.",
    response_description="A new API token.",
    answer=Token,
    errors=RATE_LIMITED,
)
async def login(call: Call[LoginRequest]) -> JSONResponse:
    token = await call.rules.sessions.login(
        username=call.body.username,
        password=call.body.password,
        client_ip=call.client_ip,
        user_agent=call.request.headers.get("user-agent"),
    )
    return respond(Token(token=token))


@post(
    "/logout",
    operation_id="logout",
    tags=("auth",),
    summary="Revoke the token of this request.",
    response_description="The token no longer works.",
)
async def logout(call: SignedInCall[None]) -> JSONResponse:
    await tokens.logout(session=call.session)
    return detail("Successfully logged out.")


@post(
    "/logout_all",
    operation_id="logoutAll",
    tags=("auth", "sessions"),
    summary="Revoke every token of the signed-in account, this one included.",
    response_description="No token of the account works any more.",
)
async def logout_all(call: SignedInCall[None]) -> JSONResponse:
    await tokens.logout_all(session=call.session)
    return detail("Successfully logged out everywhere.")


@post(
    "/forgot_password",
    operation_id="requestPasswordReset",
    tags=("auth",),
    summary="Mail a password-reset code to the account of an address (without one, a notice).",
    response_description="Always the same answer, address with an account or not.",
    errors=RATE_LIMITED,
)
async def request_password_reset(call: Call[ForgotPasswordRequest]) -> JSONResponse:
    await call.rules.password_reset.request(email=call.body.email, client_ip=call.client_ip)
    return detail(RESET_REQUESTED_DETAIL)


@post(
    "/forgot_password/verify",
    operation_id="resetPassword",
    tags=("auth",),
    summary="Set a new password with an emailed reset code; every token of the account dies.",
    response_description="The password is changed.",
    errors=RATE_LIMITED,
)
async def reset_password(call: Call[CodeAndPasswordRequest]) -> JSONResponse:
    await call.rules.password_reset.reset(
        verification_code=call.body.verification_code,
        password=call.body.password,
        client_ip=call.client_ip,
    )
    return detail("Your password has been reset.")
