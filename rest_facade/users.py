"""REST calls that read users: the list and one user."""

from starlette.requests import Request
from starlette.responses import JSONResponse

from domain.errors import DomainError, ErrorCode
from domain.paging import parse_optional_int
from domain.users import UserFilter, find_user, list_users
from rest_facade.auth import require_session
from rest_facade.dialect import dialect_of
from rest_facade.fast_json import ORJSONResponse


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
    return ORJSONResponse(dialect.users_body(request, page))


async def user(request: Request) -> JSONResponse:
    session = await require_session(request)
    params = request.query_params
    field = "id" if "id" in params else "user_id"
    user_id = parse_optional_int(params.get(field), field=field, code=ErrorCode.INVALID)
    found = await find_user(viewer=session.user, user_id=user_id)
    if found is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, "Not found.")
    return ORJSONResponse(dialect_of(request).user_body(request, found))
