"""A deep page read from a checkpoint is the page the plain OFFSET gives, whatever changed
in between: a join, a departure, a deactivation, or two of them that keep the count."""

import pytest
from tortoise.context import TortoiseContext

from adapters.composition import Composition
from domain import deep_pages
from domain.deep_pages import DeepPages, deep_pages_of
from domain.paging import PageRequest
from domain.sql import for_dialect
from domain.users import UserFilter, list_rows
from models import User
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("db")

#: Small enough for a test to seed past it.
FIRST_REMEMBERED = 6
LIMIT = 3


@pytest.fixture(autouse=True)
def remember_early(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deep_pages, "FIRST_REMEMBERED_OFFSET", FIRST_REMEMBERED)


async def ids_on(page: int) -> tuple[int, list[int]]:
    request = PageRequest.create(page=page, limit=LIMIT, offset=0)
    found = await list_rows(filters=UserFilter(), request=request, columns=("id", "username"))
    return found.count, [row["id"] for row in found.items]


async def expected_on(page: int) -> tuple[int, list[int]]:
    """What the plain OFFSET over the active users gives now."""
    active = [row["id"] for row in await User.filter(is_active=True).order_by("id").values("id")]
    start = (page - 1) * LIMIT
    return len(active), active[start : start + LIMIT]


def checkpoints(db: TortoiseContext) -> DeepPages:
    return deep_pages_of(User._meta.db.connection_name)


async def test_a_page_read_again_comes_from_its_checkpoint_and_matches(
    composition: Composition, db: TortoiseContext
) -> None:
    for _ in range(20):
        await make_user(composition)
    first = await ids_on(4)
    assert first == await expected_on(4)
    remembered = checkpoints(db).nearest(3 * LIMIT)
    assert remembered is not None and remembered.user_id == first[1][0]
    assert await ids_on(4) == first
    assert await ids_on(5) == await expected_on(5)  # from page 4's checkpoint


@pytest.mark.parametrize("change", ["join", "leave", "deactivate", "swap"])
async def test_a_checkpoint_of_another_active_set_is_never_used(
    composition: Composition, db: TortoiseContext, change: str
) -> None:
    users = [await make_user(composition) for _ in range(24)]
    await User.filter(id=users[0].id).delete()  # room for a join before every page
    await User.filter(id=users[20].id).update(is_active=False)  # one to reactivate
    learned = await ids_on(5)
    assert learned == await expected_on(5)
    if change == "join":
        await make_user(composition, id=users[0].id)
    elif change == "leave":
        await User.filter(id=users[1].id).delete()
    elif change == "deactivate":
        await User.filter(id=users[2].id).update(is_active=False)
    else:  # one statement, one out and one in: the count stays, the positions move
        connection = User._meta.db
        swap = 'UPDATE "users" SET "is_active" = NOT "is_active" WHERE "id" IN (?, ?)'
        await connection.execute_query(
            for_dialect(swap, connection.capabilities.dialect), [users[3].id, users[20].id]
        )
    now = await expected_on(5)
    assert now != learned  # the change moved the page
    assert await ids_on(5) == now
    assert await ids_on(6) == await expected_on(6)


async def test_a_profile_edit_keeps_the_checkpoints(
    composition: Composition, db: TortoiseContext
) -> None:
    users = [await make_user(composition) for _ in range(20)]
    await ids_on(5)
    before = checkpoints(db).changes
    await User.filter(id=users[0].id).update(bio="edited")
    await ids_on(5)
    assert checkpoints(db).changes == before is not None


def test_checkpoints_are_found_by_the_nearest_offset_at_or_before_a_start() -> None:
    pages = DeepPages()
    assert pages.nearest(10) is None
    pages.learn(changes=7, start=FIRST_REMEMBERED + 3, user_id=40)
    pages.learn(changes=7, start=FIRST_REMEMBERED + 9, user_id=90)
    assert pages.nearest(FIRST_REMEMBERED + 2) is None
    found = pages.nearest(FIRST_REMEMBERED + 8)
    assert found is not None and (found.offset, found.user_id) == (FIRST_REMEMBERED + 3, 40)
    pages.learn(changes=8, start=FIRST_REMEMBERED + 9, user_id=91)  # another active set
    assert pages.nearest(FIRST_REMEMBERED + 8) is None
    assert pages.nearest(FIRST_REMEMBERED + 9) == deep_pages.Checkpoint(
        offset=FIRST_REMEMBERED + 9, user_id=91, changes=8
    )


async def test_a_page_read_under_other_keys_holds_the_same_values(composition: Composition) -> None:
    """``keys`` names each column's key in a row (by the statement itself); ``id`` keeps
    its own, and a key must be a plain name no other column of the row has."""
    for number in range(4):
        await make_user(composition, username=f"keyed{number}", bio=f"bio {number}")
    request = PageRequest.create(page=1, limit=LIMIT, offset=0)
    columns = ("id", "bio")
    for filters in (UserFilter(), UserFilter(username_contains="keyed")):
        plain = await list_rows(filters=filters, request=request, columns=columns)
        keyed = await list_rows(
            filters=filters, request=request, columns=columns, keys={"bio": "about"}
        )
        assert [list(row) for row in keyed.items] == [["id", "about"]] * LIMIT
        assert [(row["id"], row["about"]) for row in keyed.items] == [
            (row["id"], row["bio"]) for row in plain.items
        ]
    for refused in ({"id": "key"}, {"bio": "a b"}, {"bio": "id"}, {"bio": 'x"; --'}):
        with pytest.raises(ValueError, match="cannot be read as"):
            await list_rows(filters=UserFilter(), request=request, columns=columns, keys=refused)
