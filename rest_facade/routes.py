"""The documented REST paths; each handler reads the request, calls the domain, renders."""

from starlette.requests import Request
from starlette.routing import Route

from domain import registration, sessions
from domain.errors import DomainError, ErrorCode
from domain.paging import parse_optional_int
from domain.users import UserFilter, find_user, list_users
from rest_facade.auth import require_session
from rest_facade.bodies import read_fields, text
from rest_facade.caller import services_of
from rest_facade.dialect import dialect_of
from rest_facade.fast_json import ORJSONResponse as JSONResponse
from web.forwarded import client_ip

REGISTERED_DETAIL = "A verification code has been sent to the email address."


async def register(request: Request) -> JSONResponse:
    fields = await read_fields(request)
    await registration.register(
        services=services_of(request),
        username=text(fields, "username"),
        email=text(fields, "email"),
        client_ip=client_ip(request),
    )
    return JSONResponse({"detail": REGISTERED_DETAIL})


async def verify_registration(request: Request) -> JSONResponse:
    fields = await read_fields(request)
    user = await registration.verify_registration(
        services=services_of(request),
        verification_code=text(fields, "verification_code"),
        password=text(fields, "password"),
        client_ip=client_ip(request),
    )
    return JSONResponse({"id": user.id, "username": user.username}, status_code=201)


async def login(request: Request) -> JSONResponse:
    fields = await read_fields(request)
    token = await sessions.login(
        services=services_of(request),
        username=text(fields, "username"),
        password=text(fields, "password"),
        client_ip=client_ip(request),
    )
    return JSONResponse({"token": token})


async def logout(request: Request) -> JSONResponse:
    session = await require_session(request)
    await sessions.logout(session=session)
    return JSONResponse({"detail": "Successfully logged out."})


async def users(request: Request) -> JSONResponse:
    session = await require_session(request)
    dialect = dialect_of(request)
    params = request.query_params
    page_request = dialect.page_request(params)
    filters = UserFilter(
        id=parse_optional_int(params.get("id"), field="id", code=ErrorCode.INVALID),
        username=params.get("username"),
        username_contains=params.get("username__icontains"),
    )
    page = await list_users(filters=filters, request=page_request, viewer=session.user)
    return JSONResponse(dialect.users_body(request, page))


async def user(request: Request) -> JSONResponse:
    session = await require_session(request)
    params = request.query_params
    field = "id" if "id" in params else "user_id"
    user_id = parse_optional_int(params.get(field), field=field, code=ErrorCode.INVALID)
    found = await find_user(viewer=session.user, user_id=user_id)
    if found is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, "Not found.")
    return JSONResponse(dialect_of(request).user_body(request, found))


routes = [
    Route("/register", register, methods=["POST"]),
    Route("/register/verify", verify_registration, methods=["POST"]),
    Route("/login", login, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/users", users, methods=["GET"]),
    Route("/user", user, methods=["GET"]),
]
