"""Reading users, the list and single records; the hot statements are fixed text
(``domain.sql``), the filtered list goes through the ORM."""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any, Literal

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet, ValuesQuery

from domain.cursor_paging import CursorPage, CursorRequest
from domain.deep_pages import deep_pages_of
from domain.paging import Page, Paged, PageRequest
from domain.sql import connection_of, for_dialect
from domain.user_view import IMAGE_COLUMNS, PUBLIC_COLUMNS, UserView, view_row, view_user
from domain.validation import USERNAME_MAX_LENGTH, has_no_nul, stored_form, username_key
from models import ID_RANGE, User
from models.user import USERNAME_KEY_MAX_LENGTH

UserRow = dict[str, Any]


@dataclass(frozen=True, slots=True)
class UserFilter:
    id: int | None = None
    username: str | None = None
    username_contains: str | None = None

    @classmethod
    def of(
        cls,
        *,
        id: int | None,  # noqa: A002 - the field's name
        username: str | None,
        username_contains: str | None,
    ) -> "UserFilter":
        """``UNFILTERED`` itself when nothing filters: the list a request asks for most."""
        if id is None and username is None and username_contains is None:
            return UNFILTERED
        return cls(id=id, username=username, username_contains=username_contains)


#: No filter: every active user, the list the database can write itself.
UNFILTERED = UserFilter()


def _unfiltered(filters: UserFilter) -> bool:
    """``UNFILTERED`` itself is found without comparing fields."""
    return filters is UNFILTERED or filters == UNFILTERED


@dataclass(frozen=True, slots=True)
class JsonPage(Paged):
    """A page of the unfiltered list as the database wrote it: ``rows``, a JSON array of an
    object per user, the columns asked for in their order under their keys, each image's key
    as its URL. ``kinds``: the types of each key's values (``None``'s type where null may be),
    and ``ids``: the least and greatest id on the page, None when it is empty."""

    rows: str
    count: int
    request: PageRequest
    kinds: Mapping[str, frozenset[type]]
    ids: tuple[int, int] | None


def all_active() -> QuerySet[User]:
    """The unfiltered list ``GET /users`` pages through."""
    return _matching(UNFILTERED)


async def list_rows(
    *,
    filters: UserFilter,
    request: PageRequest,
    columns: Sequence[str] = PUBLIC_COLUMNS,
    keys: Mapping[str, str] | None = None,
) -> Page[UserRow]:
    """Ordered by id, as rows of ``columns`` in their order, no object per row (``view_row``
    makes one), with the exact count: unfiltered, one statement (the count the triggers keep,
    ``models.counts``); filtered, the count, then the page unless past the end. ``keys``: the
    key a column's values are given under in each row when not its own name (a transport's
    name for it, so that a row can be served as it is); ``id`` keeps its own."""
    if not set(columns) <= set(PUBLIC_COLUMNS):
        raise ValueError(f"not public: {sorted(set(columns) - set(PUBLIC_COLUMNS))}")
    renamed = _renamed(tuple(columns), tuple(keys.items())) if keys else ()
    if not _can_match(filters):
        return Page(items=[], count=0, request=request)
    if _unfiltered(filters):
        count, rows = await _active_page(request, tuple(columns), renamed)
    else:
        query = _matching(filters)
        count = await query.count()
        if request.start >= count:
            return Page(items=[], count=count, request=request)
        rows = await page_query(query, request=request, columns=columns, keys=dict(renamed))
    return Page(items=rows, count=count, request=request)


async def list_page(
    *,
    filters: UserFilter,
    request: PageRequest,
    columns: Sequence[str],
    keys: Mapping[str, str] | None = None,
    image_prefix: str | None,
) -> Page[UserRow] | JsonPage:
    """The page as the database writes it (``list_json``) where it can, given an
    ``image_prefix``; else its rows (``list_rows``)."""
    if image_prefix is not None:
        written = await list_json(
            filters=filters, request=request, columns=columns, keys=keys, image_prefix=image_prefix
        )
        if written is not None:
            return written
    return await list_rows(filters=filters, request=request, columns=columns, keys=keys)


async def list_json(
    *,
    filters: UserFilter,
    request: PageRequest,
    columns: Sequence[str],
    keys: Mapping[str, str] | None = None,
    image_prefix: str,
) -> JsonPage | None:
    """``list_rows``' page with its rows written by the database itself, in one statement:
    nothing is made per row in Python. Each image's URL is ``image_prefix`` and its key.
    None for a filtered list (the ORM's statement), for ``list_rows`` to read."""
    plan = _json_plan(tuple(columns), tuple(keys.items()) if keys else ())
    if not _unfiltered(filters):
        return None
    connection = connection_of(User)  # once: each lookup goes through Tortoise's context
    statements = plan.statements[connection.capabilities.dialect]
    leading = [image_prefix] * plan.images
    row = (await _active_rows(connection, request, statements, leading=leading))[0]
    first, last = row["id"], row["last_id"]
    return JsonPage(
        rows=row["rows"],
        count=int(row["active_count"]),
        request=request,
        kinds=plan.kinds,
        ids=None if first is None else (first, last),
    )


@dataclass(frozen=True, slots=True)
class _JsonPlan:
    """What ``list_json`` sends for one selection: its plain and checkpoint statements by
    dialect, how many image prefixes lead their values, and the kinds of its rows' values."""

    statements: Mapping[str, tuple[str, str]]
    images: int
    kinds: Mapping[str, frozenset[type]]


@cache
def _json_plan(columns: tuple[str, ...], keys: tuple[tuple[str, str], ...]) -> _JsonPlan:
    """Made once per selection (``list_json``'s arguments), checked then."""
    if "id" not in columns or not set(columns) <= set(PUBLIC_COLUMNS):
        raise ValueError(f"not a listed selection: {columns}")
    renamed = _renamed(columns, keys) if keys else ()
    statements = {
        dialect: (
            _active_json_sql(columns, dialect, renamed=renamed),
            _active_json_sql(columns, dialect, renamed=renamed, seek=True),
        )
        for dialect in _PAGE_OF_ACTIVE
    }
    images = sum(column in IMAGE_COLUMNS for column in columns)
    return _JsonPlan(
        statements=MappingProxyType(statements),
        images=images,
        kinds=_kinds_of(columns, renamed),
    )


def _kinds_of(
    columns: tuple[str, ...], renamed: tuple[tuple[str, str], ...]
) -> Mapping[str, frozenset[type]]:
    """The types of the values each column's key holds in ``list_json``'s rows."""
    keys = dict(renamed)
    kinds = {}
    for column in columns:
        field = User._meta.fields_map[column]
        kind: type = int if field.field_type is int else str
        kinds[keys.get(column, column)] = frozenset({kind, type(None)} if field.null else {kind})
    return MappingProxyType(kinds)


@cache
def _renamed(
    columns: tuple[str, ...], keys: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, str], ...]:
    """The columns given another key, each key a plain name (it is written into SQL) that no
    other column of the row has."""
    wanted = dict(keys)
    renamed = tuple(
        (column, wanted[column]) for column in columns if wanted.get(column, column) != column
    )
    names = [wanted.get(column, column) for column in columns]
    for column, key in renamed:
        if column == "id" or not _PLAIN_NAME.fullmatch(key) or names.count(key) > 1:
            raise ValueError(f"{column!r} cannot be read as {key!r}")
    return renamed


_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


async def users_by_cursor(
    *, filters: UserFilter, request: CursorRequest, viewer: User
) -> CursorPage[UserView]:
    """One statement reads the page and one row past it from the ``(is_active, id)`` index,
    at any depth; from a cursor it probes one index entry on its other side."""
    if not _can_match(filters):
        return CursorPage(items=[], has_next=False, has_previous=False)
    matching = _matching(filters)
    window = matching
    if request.after is not None:
        window = window.filter(id__gt=request.after)
    if request.before is not None:
        window = window.filter(id__lt=request.before)
    order = "-id" if request.backward else "id"
    rows = await window.order_by(order).limit(request.limit + 1).values(*PUBLIC_COLUMNS)
    more = len(rows) > request.limit
    rows = rows[: request.limit]
    if request.backward:
        rows.reverse()
    beyond = request.beyond
    if beyond is None:
        other = False
    elif request.backward:
        other = await matching.filter(id__gte=beyond).exists()
    else:
        other = await matching.filter(id__lte=beyond).exists()
    items = [view_row(row, viewer=viewer) for row in rows]
    if request.backward:
        return CursorPage(items=items, has_next=other, has_previous=more)
    return CursorPage(items=items, has_next=more, has_previous=other)


async def users_by_ids(ids: Sequence[int], *, viewer: User) -> dict[int, UserView]:
    """In one statement; an id of no active user (or out of range) is absent."""
    wanted = {user_id for user_id in ids if user_id in ID_RANGE}
    if not wanted:
        return {}
    rows = await User.filter(id__in=wanted, is_active=True).values(*PUBLIC_COLUMNS)
    return {row["id"]: view_row(row, viewer=viewer) for row in rows}


async def count_users(filters: UserFilter) -> int:
    """As ``list_rows`` counts: unfiltered, the count the database keeps."""
    if not _can_match(filters):
        return 0
    if _unfiltered(filters):
        connection = connection_of(User)
        rows = await connection.execute_query_dict(_ACTIVE_COUNT)
        return int(rows[0]["active"])
    return await _matching(filters).count()


# The unfiltered list in one statement: the kept count of active users (``models.counts``)
# joined to page_query's statement written out once (the names are ours). A page past the
# end must read no index entry, however deep its offset; each dialect skips the scan its
# own way, with the same three values (the offset, the limit, the offset).
_ACTIVE_COUNT = 'SELECT "active" FROM "user_counts" WHERE "id" = 1'
_COUNT = f"({_ACTIVE_COUNT})"
_PAGE_OF_ACTIVE = {
    # PostgreSQL turns the comparison into a one-time filter and never starts the scan;
    # a LIMIT it cannot read at planning would make it plan for a tenth of the table.
    "postgres": f'WHERE "is_active"{{seek}} AND ? < {_COUNT} ORDER BY "id" LIMIT ? OFFSET ?',
    # SQLite checks such a term row by row, but a LIMIT of 0 stops it before the offset. It
    # walks the (is_active, id) index only for an equality: a bare "is_active" scans the table.
    "sqlite": 'WHERE "is_active" = TRUE{seek} ORDER BY "id" '
    f"LIMIT (CASE WHEN ? < {_COUNT} THEN ? ELSE 0 END) OFFSET ?",
}
# From a checkpoint (``domain.deep_pages``), one more value first: its user's id; the offset
# then counts from it.
_FROM_CHECKPOINT = ' AND "id" >= ?'


@cache
def _active_page_sql(
    columns: tuple[str, ...],
    dialect: str,
    *,
    seek: bool = False,
    renamed: tuple[tuple[str, str], ...] = (),
) -> str:
    """The unfiltered list's statement for ``columns`` (public column names), per dialect;
    ``seek``, from a checkpoint; ``renamed``, the columns read under another key. Each row
    also holds the kept count (``active_count``, ``active_changes``)."""
    keys = dict(renamed)
    selected = ", ".join(
        f'"{column}" AS "{keys[column]}"' if column in keys else f'"{column}"' for column in columns
    )
    page = _PAGE_OF_ACTIVE[dialect].format(seek=_FROM_CHECKPOINT if seek else "")
    rows = f'SELECT {selected} FROM "users" WHERE "id" IN (SELECT "id" FROM "users" {page})'  # noqa: S608
    if dialect == "sqlite":
        # Each count a subquery SQLite reads once, and the counts' own row only for a page
        # past the end (one more value: the start again): the rows then come in the id
        # index's order, where a join with the counts would sort them (a tenth of the
        # statement's time).
        nulls = ", ".join("NULL" for _ in columns)
        return (
            f"SELECT {_COUNTS}, {rows.removeprefix('SELECT ')} UNION ALL "  # noqa: S608
            f'SELECT "active", "changes", {nulls} FROM "user_counts" '
            'WHERE "id" = 1 AND ? >= "active" ORDER BY "id"'
        )
    sql = (
        'SELECT c."active" AS "active_count", c."changes" AS "active_changes", p.* '  # noqa: S608
        f'FROM "user_counts" c LEFT JOIN ({rows}) p ON 1 = 1 WHERE c."id" = 1 ORDER BY p."id"'
    )
    return for_dialect(sql, dialect)


_COUNT_OF = 'SELECT "{}" FROM "user_counts" WHERE "id" = 1'
_KEPT = (("active", "active_count"), ("changes", "active_changes"))
#: The kept count's values, each a scalar subquery the database reads once.
_COUNTS = ", ".join(f'({_COUNT_OF.format(column)}) AS "{key}"' for column, key in _KEPT)


def _active_json_sql(
    columns: tuple[str, ...],
    dialect: str,
    *,
    renamed: tuple[tuple[str, str], ...] = (),
    seek: bool = False,
) -> str:
    """``list_json``'s statement: the counts, the page's least id (as ``id``, as
    ``_active_rows`` reads it) and greatest (``last_id``), and its rows as a JSON array
    (``rows``) written as orjson writes it, in one row even for an empty page. Its first
    values: an image prefix for each image column."""
    keys = dict(renamed)
    page = _PAGE_OF_ACTIVE[dialect].format(seek=_FROM_CHECKPOINT if seek else "")
    if dialect == "sqlite":
        # An aggregate reads its subquery in the subquery's order.
        members = ", ".join(
            f"'{keys.get(column, column)}', {_value_of(column, 'p.')}" for column in columns
        )
        written = f"json_group_array(json_object({members}))"
        selected = ", ".join(f'"{column}"' for column in columns)
        order = ' ORDER BY "id"'
    else:
        # Each row under its columns' names, compact; the array in the aggregate's order.
        written = """coalesce(array_to_json(array_agg(row_to_json(p) ORDER BY p."id")), '[]')"""
        selected = ", ".join(
            f'{_value_of(column)} AS "{keys.get(column, column)}"' for column in columns
        )
        order = ""
    sql = (
        f'SELECT {_COUNTS}, min(p."id") AS "id", max(p."id") AS "last_id", '  # noqa: S608
        f'{written} AS "rows" FROM (SELECT {selected} '
        f'FROM "users" WHERE "id" IN (SELECT "id" FROM "users" {page}){order}) p'
    )
    return for_dialect(sql, dialect)


def _value_of(column: str, table: str = "") -> str:
    """A column's value in ``list_json``'s rows: an image's key as the URL the next value
    begins."""
    if column in IMAGE_COLUMNS:
        return f'CASE WHEN {table}"{column}" IS NULL THEN NULL ELSE ? || {table}"{column}" END'
    return f'{table}"{column}"'


_ACTIVE_USER = 'SELECT * FROM "users" WHERE "id" = ? AND "is_active"'


async def _active_page(
    request: PageRequest, columns: tuple[str, ...], renamed: tuple[tuple[str, str], ...]
) -> tuple[int, list[UserRow]]:
    """The count of active users and the rows of the page of them ``request`` asks for."""
    connection = connection_of(User)
    dialect = connection.capabilities.dialect
    statements = (
        _active_page_sql(columns, dialect, renamed=renamed),
        _active_page_sql(columns, dialect, seek=True, renamed=renamed),
    )
    # SQLite's statement takes the start once more, last.
    rows = await _active_rows(connection, request, statements, start_again=dialect == "sqlite")
    return _counted(rows)


async def _active_rows(
    connection: BaseDBAsyncClient,
    request: PageRequest,
    statements: tuple[str, str],
    *,
    leading: Sequence[object] = (),
    start_again: bool = False,
) -> list[UserRow]:
    """What the plain statement or the one from a checkpoint (``statements``) reads of the
    page ``request`` asks for: from the nearest checkpoint when it still holds, else by the
    plain ``OFFSET``. The first row holds the counts and the page's first id (``id``).
    ``leading``: values before the paging ones."""
    start = request.start
    after = [start] if start_again else []
    checkpoints = deep_pages_of(connection.connection_name)
    checkpoint = checkpoints.nearest(start)
    if checkpoint is not None:
        paging = [checkpoint.user_id, start, request.limit, start - checkpoint.offset]
        rows = await connection.execute_query_dict(statements[1], [*leading, *paging, *after])
        if rows[0]["active_changes"] != checkpoint.changes:
            checkpoints.forget()
            checkpoint = None
    if checkpoint is None:
        paging = [start, request.limit, start]
        rows = await connection.execute_query_dict(statements[0], [*leading, *paging, *after])
    if rows[0]["id"] is not None:
        checkpoints.learn(changes=rows[0]["active_changes"], start=start, user_id=rows[0]["id"])
    return rows


def _counted(rows: list[UserRow]) -> tuple[int, list[UserRow]]:
    """The count and the page's rows of what ``_active_page_sql`` read."""
    count = int(rows[0]["active_count"])
    if rows[0]["id"] is None:  # the counts' one row when the page is empty
        return count, []
    for row in rows:
        del row["active_count"], row["active_changes"]
    return count, rows


def _can_match(filters: UserFilter) -> bool:
    """False for filters no stored user meets, not asked of the database: an id out of range,
    text with a NUL, or longer than any username."""
    for text in (filters.username, filters.username_contains):
        if text is not None and not (
            has_no_nul(text) and len(stored_form(text)) <= USERNAME_MAX_LENGTH
        ):
            return False
    exact = filters.username
    if exact is not None and len(username_key(stored_form(exact))) > USERNAME_KEY_MAX_LENGTH:
        return False
    return filters.id is None or filters.id in ID_RANGE


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
    matching: QuerySet[User],
    *,
    request: PageRequest,
    columns: Sequence[str],
    keys: Mapping[str, str] | None = None,
) -> ValuesQuery[Literal[False]]:
    """The inner select pages over the ``(is_active, id)`` index alone, so a deep OFFSET skips
    index entries rather than rows. ``keys``: as ``list_rows`` takes them."""
    ids = matching.order_by("id").offset(request.start).limit(request.limit).values("id")
    page = User.filter(id__in=Subquery(ids)).order_by("id")
    if not keys:
        return page.values(*columns)
    return page.values(**{keys.get(column, column): column for column in columns})


async def get_user(user_id: int) -> User | None:
    """In one statement; None for any other id, however large."""
    if user_id not in ID_RANGE:
        return None
    connection = connection_of(User)
    sql = for_dialect(_ACTIVE_USER, connection.capabilities.dialect)
    rows = await connection.execute_query_dict(sql, [user_id])
    return User._init_from_db(**rows[0]) if rows else None


async def find_user(*, viewer: User, user_id: int | None) -> UserView | None:
    """The viewer itself without ``user_id``."""
    found = viewer if user_id is None else await get_user(user_id)
    return None if found is None else view_user(found, viewer=viewer)
