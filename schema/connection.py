from typing import Self

import strawberry

from domain.cursor_paging import CursorPage, cursor_of
from domain.user_view import UserView
from domain.users import UserFilter, count_users
from schema.types import MediaUrl, User


@strawberry.type(description="Where a page of a connection lies (the Relay PageInfo).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether users follow this page.")
    has_previous_page: bool = strawberry.field(description="Whether users come before it.")
    start_cursor: str | None = strawberry.field(
        description="The cursor of the page's first user: pass it as `before` for the page "
        "before; null when the page is empty."
    )
    end_cursor: str | None = strawberry.field(
        description="The cursor of the page's last user: pass it as `after` for the page "
        "after; null when the page is empty."
    )


@strawberry.type(description="A user of a connection, with the cursor that marks its place.")
class UserEdge:
    cursor: str = strawberry.field(description="Opaque: pass it back as `after` or `before`.")
    node: User = strawberry.field(description="The user.")


@strawberry.type(description="A page of users read by cursor, ordered by id.")
class UserConnection:
    edges: list[UserEdge] = strawberry.field(description="This page's users, ordered by id.")
    page_info: PageInfo = strawberry.field(description="Where this page lies.")
    filters: strawberry.Private[UserFilter]

    @strawberry.field(
        description="How many users match the filters, on every page; counted only when "
        "asked for (one read of a kept counter without filters)."
    )
    async def total_count(self) -> int:
        return await count_users(self.filters)

    @classmethod
    def from_page(cls, page: CursorPage[UserView], *, filters: UserFilter, media: MediaUrl) -> Self:
        edges = [
            UserEdge(cursor=cursor_of(view.id), node=User.from_view(view, media))
            for view in page.items
        ]
        return cls(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next,
                has_previous_page=page.has_previous,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            filters=filters,
        )
