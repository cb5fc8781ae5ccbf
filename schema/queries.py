import strawberry

from domain.errors import DomainError
from domain.paging import PageRequest
from domain.users import UserFilter, find_user, list_users
from schema import errors
from schema.context import Info
from schema.types import SessionType, User, UserPage


@strawberry.type
class Query:
    @strawberry.field(description="Active users ordered by id; the same paging as GET /users.")
    async def users(
        self,
        info: Info,
        id: int | None = None,  # noqa: A002 - the contract's argument name
        username: str | None = None,
        username_contains: str | None = None,
        page: int = 1,
        limit: int = 10,
        offset: int = 0,
    ) -> UserPage:
        session = await info.context.session()
        if session is None:
            raise errors.unauthenticated()
        try:
            request = PageRequest.create(page=page, limit=limit, offset=offset)
        except DomainError as error:
            raise errors.from_domain(error) from None
        filters = UserFilter(id=id, username=username, username_contains=username_contains)
        result = await list_users(filters=filters, request=request, viewer=session.user)
        return UserPage.from_page(result)

    @strawberry.field(description="A user by id, or the signed-in user when no id is given.")
    async def user(
        self,
        info: Info,
        id: int | None = None,  # noqa: A002 - the contract's argument name
    ) -> User | None:
        session = await info.context.session()
        if session is None:
            raise errors.unauthenticated()
        found = await find_user(viewer=session.user, user_id=id)
        return None if found is None else User.from_view(found)

    @strawberry.field(
        description="The live sessions of the caller's account, newest first; never their tokens."
    )
    async def sessions(self, info: Info) -> list[SessionType]:
        session = await info.context.session()
        if session is None:
            raise errors.unauthenticated()
        found = await info.context.rules.sessions.list_sessions(session=session)
        return [SessionType.from_info(item) for item in found]
