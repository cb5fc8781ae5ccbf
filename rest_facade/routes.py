"""The documented REST paths; each handler reads the request, calls the domain, renders."""

from typing import Any

from starlette.requests import Request
from starlette.routing import Route

from domain import registration, sessions
from domain.errors import DomainError, ErrorCode
from domain.paging import DEFAULT_LIMIT, Page, PageRequest, parse_int, parse_optional_int
from domain.user_view import UserView
from domain.users import UserFilter, find_user, list_users
from rest_facade.auth import require_session
from rest_facade.bodies import read_fields, text
from rest_facade.caller import public_base_of, services_of
from rest_facade.fast_json import ORJSONResponse as JSONResponse
from rest_facade.media import image_url_maker, user_body
from web.forwarded import client_ip

INVALID_PAGINATION = ErrorCode.INVALID_PAGINATION
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
    params = request.query_params
    page_request = PageRequest.create(
        page=parse_int(params.get("page"), field="page", code=INVALID_PAGINATION, default=1),
        limit=parse_int(
            params.get("limit"), field="limit", code=INVALID_PAGINATION, default=DEFAULT_LIMIT
        ),
        offset=parse_int(params.get("offset"), field="offset", code=INVALID_PAGINATION, default=0),
    )
    filters = UserFilter(
        id=parse_optional_int(params.get("id"), field="id", code=ErrorCode.INVALID),
        username=params.get("username"),
        username_contains=params.get("username__icontains"),
    )
    page = await list_users(filters=filters, request=page_request, viewer=session.user)
    return JSONResponse(_envelope(request, page))


async def user(request: Request) -> JSONResponse:
    session = await require_session(request)
    params = request.query_params
    field = "id" if "id" in params else "user_id"
    user_id = parse_optional_int(params.get(field), field=field, code=ErrorCode.INVALID)
    found = await find_user(viewer=session.user, user_id=user_id)
    if found is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, "Not found.")
    return JSONResponse(user_body(request, found))


def _envelope(request: Request, page: Page[UserView]) -> dict[str, Any]:
    base = public_base_of(request)
    image_url = image_url_maker(request, base_url=base)

    def link(exists: bool, number: int) -> str | bool:
        if not exists:
            return False
        url = request.url.include_query_params(page=number)
        return f"{base}{url.path}?{url.query}"

    return {
        "count": page.count,
        "next": link(page.has_next, page.request.page + 1),
        "previous": link(page.has_previous, page.request.page - 1),
        "total_page": page.total_page,
        "data": [
            {
                "id": view.id,
                "username": view.username,
                "profile_image": image_url(view.profile_image),
            }
            for view in page.items
        ],
    }


routes = [
    Route("/register", register, methods=["POST"]),
    Route("/register/verify", verify_registration, methods=["POST"]),
    Route("/login", login, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/users", users, methods=["GET"]),
    Route("/user", user, methods=["GET"]),
]
