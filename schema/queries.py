from typing import Annotated

import strawberry

from domain.cursor_paging import CursorRequest
from domain.errors import DomainError
from domain.paging import PageRequest
from domain.sessions import Session
from domain.user_view import view_user
from domain.users import JsonPage, UserFilter, find_user, list_page, users_by_cursor
from schema import errors
from schema.connection import UserConnection
from schema.context import Info
from schema.federation import FederationQuery
from schema.lookahead import listed_selection
from schema.types import CurrentUser, SessionType, User, UserPage

UserId = Annotated[int | None, strawberry.argument(description="Only the user of this id.")]
Username = Annotated[
    str | None, strawberry.argument(description="Only the user of this username (any case).")
]
UsernameContains = Annotated[
    str | None,
    strawberry.argument(description="Only users whose username holds this text (any case)."),
]


def _signed_in(session: Session | None) -> Session:
    """``await info.context.session()``, or ``UNAUTHENTICATED``."""
    if session is None:
        raise errors.unauthenticated()
    return session


@strawberry.type(description="What can be read.")
class Query(FederationQuery):
    @strawberry.field(
        description="Active users ordered by id, paged by number: the same paging as "
        "GET /users. `usersConnection` pages by cursor instead."
    )
    async def users(
        self,
        info: Info,
        id: UserId = None,  # noqa: A002 - the contract's argument name
        username: Username = None,
        username_contains: UsernameContains = None,
        page: Annotated[int, strawberry.argument(description="Page number, from 1.")] = 1,
        limit: Annotated[
            int, strawberry.argument(description="Users per page, from 1; above 50 is 50.")
        ] = 10,
        offset: Annotated[
            int, strawberry.argument(description="Users skipped before page 1, from 0.")
        ] = 0,
    ) -> UserPage:
        session = _signed_in(await info.context.session())
        try:
            request = PageRequest.create(page=page, limit=limit, offset=offset)
        except DomainError as error:
            raise errors.graphql_error(error.errors[0]) from None
        filters = UserFilter.of(id=id, username=username, username_contains=username_contains)
        selected = listed_selection(info, items="data")
        # Written by the database when each item is some plain columns, as they are.
        answered = selected.keys and not selected.private
        found = await list_page(
            filters=filters,
            request=request,
            columns=selected.columns,
            keys=selected.keys,
            image_prefix=info.context.media_prefix() if answered else None,
        )
        if isinstance(found, JsonPage):
            return UserPage.from_json_page(found, keys=selected.keys)
        # The viewer's record is read only when its private fields may be shown.
        viewer = session.account if selected.private else None
        media = info.context.media_urls()
        return UserPage.from_page(found, viewer=viewer, media=media, keys=selected.keys)

    @strawberry.field(
        description="Active users ordered by id as a Relay cursor connection: `first` users "
        "`after` a cursor, or `last` users `before` one; any page costs what the first "
        "costs. The same users as `users`."
    )
    async def users_connection(
        self,
        info: Info,
        first: Annotated[
            int | None,
            strawberry.argument(
                description="How many users from the start (or after `after`), from 0; above "
                "50 is 50. Without `first` or `last`, 10."
            ),
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="Only users after this cursor.")
        ] = None,
        last: Annotated[
            int | None,
            strawberry.argument(
                description="How many users from the end (or before `before`), from 0; not "
                "with `first`."
            ),
        ] = None,
        before: Annotated[
            str | None, strawberry.argument(description="Only users before this cursor.")
        ] = None,
        id: UserId = None,  # noqa: A002 - the list's argument name
        username: Username = None,
        username_contains: UsernameContains = None,
    ) -> UserConnection:
        session = _signed_in(await info.context.session())
        try:
            request = CursorRequest.create(first=first, after=after, last=last, before=before)
        except DomainError as error:
            raise errors.graphql_error(error.errors[0]) from None
        filters = UserFilter.of(id=id, username=username, username_contains=username_contains)
        page = await users_by_cursor(filters=filters, request=request, viewer=session.user)
        return UserConnection.from_page(page, filters=filters, media=info.context.media_url)

    @strawberry.field(
        description="A user by id, or the signed-in user when no id is given; `me` types "
        "the caller's own record better."
    )
    async def user(
        self,
        info: Info,
        id: Annotated[  # noqa: A002 - the contract's argument name
            int | None, strawberry.argument(description="The user's id; the caller without.")
        ] = None,
    ) -> User | None:
        session = _signed_in(await info.context.session())
        found = await find_user(viewer=session.user, user_id=id)
        return None if found is None else User.from_view(found, info.context.media_url)

    @strawberry.field(
        description="The signed-in caller's own account, every private field typed "
        "non-null; null when the request is not signed in."
    )
    async def me(self, info: Info) -> CurrentUser | None:
        session = await info.context.session()
        if session is None:
            return None
        view = view_user(session.user, viewer=session.user)
        return CurrentUser.from_view(view, info.context.media_url)

    @strawberry.field(
        description="The live sessions of the caller's account, newest first; never their tokens."
    )
    async def sessions(self, info: Info) -> list[SessionType]:
        session = _signed_in(await info.context.session())
        found = await info.context.rules.sessions.list_sessions(session=session)
        return [SessionType.from_info(item) for item in found]
