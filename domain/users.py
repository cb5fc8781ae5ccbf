"""Reading users: the filtered, paged list and single records, as their viewer sees them.

The list reads the public columns as plain values (no model objects), in one query plus the
count; what each caller may see is ``domain.user_view``'s to decide. The unfiltered list
and a single record are what every client asks for, so their statements are fixed text per
dialect with bound values (``domain.sql``) rather than built by the ORM per request; a
filtered list goes through the ORM.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet, ValuesQuery

from domain.paging import Page, PageRequest
from domain.sql import for_dialect
from domain.user_view import PUBLIC_COLUMNS, UserView, view_row, view_user
from domain.validation import storable, stored_form, username_key
from models import User

# Ids are 32-bit in the database; a larger one matches nobody (PostgreSQL would refuse it).
_ID_RANGE = range(1, 2**31)

UserRow = dict[str, Any]


@dataclass(frozen=True, slots=True)
class UserFilter:
    id: int | None = None
    username: str | None = None
    username_contains: str | None = None


def all_active() -> QuerySet[User]:
    """Every active user: the unfiltered list ``GET /users`` pages through."""
    return _matching(UserFilter())


async def list_users(*, filters: UserFilter, request: PageRequest, viewer: User) -> Page[UserView]:
    """Active users matching every given filter, ordered by id, as ``viewer`` sees them.

    At most two SQL statements: the count, then the page (skipped past the end). The
    count is exact and does not grow with the table: unfiltered it is the row that
    triggers keep (``models.counts``); filtered by id or username it reads at most one
    index entry; only ``username_contains`` scans.
    """
    texts = (filters.username, filters.username_contains)
    if any(text is not None and not storable(text) for text in texts):
        return Page(items=[], count=0, request=request)  # no username holds such characters
    if filters.id is not None and filters.id not in _ID_RANGE:
        return Page(items=[], count=0, request=request)
    unfiltered = filters == UserFilter()
    query = _matching(filters)
    count = await _active_count() if unfiltered else await query.count()
    if request.start >= count:
        return Page(items=[], count=count, request=request)
    if unfiltered:
        rows = await _active_page(request)
    else:
        rows = await page_query(query, request=request, columns=PUBLIC_COLUMNS)
    return Page(items=[view_row(row, viewer=viewer) for row in rows], count=count, request=request)


_ACTIVE_COUNT = 'SELECT "active" FROM "user_counts" WHERE "id" = 1'
# page_query's statement for the unfiltered list, written out once (the names are ours).
_PUBLIC = ", ".join(f'"{column}"' for column in PUBLIC_COLUMNS)
_ACTIVE_PAGE = (
    f'SELECT {_PUBLIC} FROM "users" WHERE "id" IN (SELECT "id" FROM "users" '  # noqa: S608
    'WHERE "is_active" ORDER BY "id" LIMIT ? OFFSET ?) ORDER BY "id"'
)
_ACTIVE_USER = 'SELECT * FROM "users" WHERE "id" = ? AND "is_active"'


async def _active_count() -> int:
    connection = User._meta.db
    rows = await connection.execute_query_dict(
        for_dialect(_ACTIVE_COUNT, connection.capabilities.dialect)
    )
    return int(rows[0]["active"])


async def _active_page(request: PageRequest) -> list[dict[str, Any]]:
    connection = User._meta.db
    sql = for_dialect(_ACTIVE_PAGE, connection.capabilities.dialect)
    return await connection.execute_query_dict(sql, [request.limit, request.start])


def _matching(filters: UserFilter) -> QuerySet[User]:
    query = User.filter(is_active=True)
    if filters.id is not None:
        query = query.filter(id=filters.id)
    if filters.username is not None:
        # The same matches, found through the unique index on the folded form.
        username = stored_form(filters.username)
        query = query.filter(username_key=username_key(username), username=username)
    if filters.username_contains:
        query = query.filter(username__icontains=stored_form(filters.username_contains))
    return query


def page_query(
    matching: QuerySet[User], *, request: PageRequest, columns: Sequence[str]
) -> ValuesQuery[Literal[False]]:
    """One statement for the page: the ids first, then only their rows.

    The inner select pages over the ``(is_active, id)`` index alone, so a deep OFFSET
    skips index entries rather than whole rows; only the page's rows are read.
    """
    ids = matching.order_by("id").offset(request.start).limit(request.limit).values("id")
    return User.filter(id__in=Subquery(ids)).order_by("id").values(*columns)


async def get_user(user_id: int) -> User | None:
    """The active user of ``user_id``, in one statement; None for any other id, however large."""
    if user_id not in _ID_RANGE:
        return None
    connection = User._meta.db
    sql = for_dialect(_ACTIVE_USER, connection.capabilities.dialect)
    rows = await connection.execute_query_dict(sql, [user_id])
    return User._init_from_db(**rows[0]) if rows else None


async def find_user(*, viewer: User, user_id: int | None) -> UserView | None:
    """The active user of ``user_id`` (the viewer without one) as ``viewer`` sees it."""
    found = viewer if user_id is None else await get_user(user_id)
    return None if found is None else view_user(found, viewer=viewer)
