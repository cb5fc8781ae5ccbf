"""REST calls that read users: the list and one user."""

from starlette.responses import JSONResponse

from domain.errors import DomainError, ErrorCode
from domain.paging import parse_optional_int
from domain.users import UserFilter, find_user, list_users
from rest_facade.call import SignedInCall
from rest_facade.fast_json import ORJSONResponse


async def users(call: SignedInCall[None]) -> JSONResponse:
    params = call.request.query_params
    page_request = call.dialect.page_request(params)
    filters = UserFilter(
        id=parse_optional_int(params.get("id"), field="id", code=ErrorCode.INVALID),
        username=params.get("username"),
        username_contains=params.get("username__icontains"),
    )
    page = await list_users(filters=filters, request=page_request, viewer=call.session.user)
    return ORJSONResponse(call.dialect.users_body(call.request, page))


async def user(call: SignedInCall[None]) -> JSONResponse:
    params = call.request.query_params
    field = "id" if "id" in params else "user_id"
    user_id = parse_optional_int(params.get(field), field=field, code=ErrorCode.INVALID)
    found = await find_user(viewer=call.session.user, user_id=user_id)
    if found is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, "Not found.")
    return ORJSONResponse(call.dialect.user_body(call.request, found))
