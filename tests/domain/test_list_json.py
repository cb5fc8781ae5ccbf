"""The page the database writes as JSON is the page of rows, written as orjson writes it:
the same users, keys, order and counts, each image's key as its URL, whatever the text
holds, from a checkpoint as from the plain offset, on SQLite and PostgreSQL alike."""

from typing import Any

import orjson
import pytest
from tortoise.context import TortoiseContext

from adapters.composition import Composition
from domain import deep_pages
from domain.paging import PageRequest
from domain.users import JsonPage, UserFilter, UserRow, list_json, list_rows
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("db")

PREFIX = "https://media.example/m/"
COLUMNS = ("id", "username", "profile_image", "bio", "banner_image")
KEYS = {"profile_image": "profileImage", "banner_image": "bannerImage"}
LIMIT = 4
#: Text a database and orjson could each write their own way.
BIOS = [
    'quote " and backslash \\ and slash /',
    "line\nbreak, tab\t, bell \x07, nul-free",
    "ünïcødé, 李, emoji 🦊, and the line separator \u2028",
    "",
    None,
]


async def _seed(composition: Composition, users: int) -> None:
    for number in range(users):
        image = f"p/{number}.png" if number % 2 else None
        banner = f"b/{number}.png" if number % 3 == 0 else None
        bio = BIOS[number % len(BIOS)]
        await make_user(composition, profile_image=image, banner_image=banner, bio=bio)


def _as_written(rows: list[UserRow], keys: dict[str, str]) -> list[dict[str, Any]]:
    """The rows as ``list_json`` promises them: under their keys, images as URLs."""
    written = []
    for row in rows:
        entry = {}
        for column in COLUMNS:
            value = row[keys.get(column, column)]
            is_image = column in ("profile_image", "banner_image")
            entry[keys.get(column, column)] = PREFIX + value if is_image and value else value
        written.append(entry)
    return written


@pytest.fixture(autouse=True)
def remember_early(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deep_pages, "FIRST_REMEMBERED_OFFSET", 2 * LIMIT)


@pytest.mark.parametrize("keys", [{}, KEYS], ids=["own names", "keyed"])
async def test_each_page_is_the_rows_written_as_orjson_writes_them(
    composition: Composition, db: TortoiseContext, keys: dict[str, str]
) -> None:
    await _seed(composition, 3 * len(BIOS))
    for page in [1, 2, 3, 4, 3, 4, 5, 9]:  # again from the checkpoints, then past the end
        request = PageRequest.create(page=page, limit=LIMIT, offset=1)
        rows = await list_rows(filters=UserFilter(), request=request, columns=COLUMNS, keys=keys)
        written = await list_json(
            filters=UserFilter(), request=request, columns=COLUMNS, keys=keys, image_prefix=PREFIX
        )
        assert isinstance(written, JsonPage)
        expected = _as_written(rows.items, keys)
        assert written.rows.encode() == orjson.dumps(expected)
        assert (written.count, written.total_page) == (rows.count, rows.total_page)
        ids = [row["id"] for row in rows.items]
        assert written.ids == ((ids[0], ids[-1]) if ids else None)
        assert list(written.kinds) == [keys.get(column, column) for column in COLUMNS]


async def test_a_filtered_list_and_an_unlisted_selection_are_read_as_rows(
    composition: Composition,
) -> None:
    await _seed(composition, 2)
    request = PageRequest.create(page=1, limit=LIMIT, offset=0)
    filtered = UserFilter(username_contains="user")
    found = await list_json(filters=filtered, request=request, columns=COLUMNS, image_prefix=PREFIX)
    assert found is None
    with pytest.raises(ValueError, match="not a listed selection"):
        await list_json(
            filters=UserFilter(), request=request, columns=("username",), image_prefix=PREFIX
        )


async def test_the_kinds_say_where_null_may_be(composition: Composition) -> None:
    await _seed(composition, 1)
    request = PageRequest.create(page=1, limit=LIMIT, offset=0)
    written = await list_json(
        filters=UserFilter(), request=request, columns=COLUMNS, image_prefix=PREFIX
    )
    assert written is not None
    none = type(None)
    assert dict(written.kinds) == {
        "id": {int},
        "username": {str},
        "profile_image": {str, none},
        "bio": {str, none},
        "banner_image": {str, none},
    }
