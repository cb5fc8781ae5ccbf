from typing import Annotated

from pydantic import BaseModel, Field
from starlette.responses import JSONResponse

from domain.errors import DomainError, ErrorCode
from domain.paging import MAX_QUERY_INTEGER, parse_optional_int
from domain.users import UserFilter, find_user, list_page
from rest_facade.fast_json import ORJSONResponse
from rest_facade.operation import SignedInCall, get
from rest_facade.query import query_of

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


@get(
    "/users",
    operation_id="listUsers",
    tags=("users",),
    summary="Active users ordered by id, paged.",
    response_description="The page.",
    answer="user_page",
    query=(UserFilters,),
    paging=True,
)
async def users(call: SignedInCall[None]) -> JSONResponse:
    params = query_of(call.request).values
    page_request = call.dialect.page_request(params)
    filters = UserFilter.of(
        id=parse_optional_int(params.get("id"), field="id", code=ErrorCode.INVALID),
        username=params.get("username"),
        username_contains=params.get("username__icontains"),
    )
    dialect = call.dialect
    page = await list_page(
        filters=filters,
        request=page_request,
        columns=dialect.LISTED_COLUMNS,
        image_prefix=dialect.image_prefix(call.request),
    )
    return ORJSONResponse(dialect.users_body(call.request, page))


@get(
    "/user",
    operation_id="getUser",
    tags=("users",),
    summary="A user by id, or the signed-in user without one.",
    response_description="The user; `email`, `user_config` and the flags only on your own record.",
    answer="user",
    query=(UserLookup,),
    errors={400: "An id that is not an integer.", 404: "No active user has that id."},
)
async def user(call: SignedInCall[None]) -> JSONResponse:
    params = query_of(call.request).values
    field = "id" if "id" in params else "user_id"
    user_id = parse_optional_int(params.get(field), field=field, code=ErrorCode.INVALID)
    found = await find_user(viewer=call.session.user, user_id=user_id)
    if found is None:
        raise DomainError.single(ErrorCode.NOT_FOUND)
    return ORJSONResponse(call.dialect.user_body(call.request, found))
