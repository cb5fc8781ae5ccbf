"""A ``users`` page reads only the columns its selection reads, and answers exactly as if
it had read them all."""

from collections.abc import Callable
from typing import Any

import pytest

import domain.users
import schema.queries
import schema.types
from adapters.composition import Composition
from domain.user_view import PUBLIC_COLUMNS, private_fields
from domain.users import list_json, list_rows
from schema.lookahead import EVERYTHING, ListedSelection
from tests.factories import FILLED_PROFILE, PASSWORD, make_user
from tests.graphql.helpers import execute

pytestmark = pytest.mark.usefixtures("db")

DOCUMENTS = [
    "{ users { data { username } } }",
    "{ users { count data { __typename id profileImage bannerImage } } }",
    "{ users { a: data { bio } b: data { website contactEmail } } }",
    "{ users { data { contactPhone email settings darkTheme emailNotifications } } }",
    "query($with: Boolean!) { users { data { username bio @include(if: $with) } } }",
    "{ users { data { ...Profile } } } fragment Profile on User { bio website }",
    "{ users { ...Page } } fragment Page on UserPage { data { contactEmail } }",
    "{ users { data { ... on User { username contactPhone } } } }",
    '{ users(usernameContains: "a") { data { username website } } }',
    "{ users { data { profileImage id username bannerImage } } }",
    '{ users(usernameContains: "b") { data { id profileImage contactEmail } } }',
    "{ users(page: 2, limit: 2) { data { id bio } } }",
]


async def _seed(composition: Composition) -> str:
    await make_user(composition, username="ann", email="ann@example.com", **FILLED_PROFILE)
    await make_user(
        composition, username="bob", profile_image="profile/bob.png", banner_image="b/bob.png"
    )
    await make_user(composition, username="cat", bio="Only a bio.")
    return await composition.rules.sessions.login(username="ann", password=PASSWORD)


@pytest.mark.parametrize("document", DOCUMENTS)
async def test_a_page_answers_as_if_it_read_every_column(
    composition: Composition, document: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = await _seed(composition)
    for variables in ({"with": True}, {"with": False}):
        looked_ahead = await execute(composition, document, token, **variables)
        with monkeypatch.context() as patched:
            patched.setattr(schema.queries, "listed_selection", _everything)
            read_in_full = await execute(composition, document, token, **variables)
        assert looked_ahead.errors is None
        assert looked_ahead.data == read_in_full.data


def spy_on_pages(monkeypatch: pytest.MonkeyPatch, seen: Callable[[dict[str, Any]], None]) -> None:
    """``seen`` is given the arguments of each page read: its rows, or the JSON the database
    wrote (when it did; else the rows are read)."""

    async def spied_rows(**arguments: Any) -> Any:
        seen(arguments)
        return await list_rows(**arguments)

    async def spied_json(**arguments: Any) -> Any:
        written = await list_json(**arguments)
        if written is not None:
            seen(arguments)
        return written

    monkeypatch.setattr(domain.users, "list_rows", spied_rows)
    monkeypatch.setattr(domain.users, "list_json", spied_json)


def _everything(info: Any, *, items: str) -> ListedSelection:
    return EVERYTHING


@pytest.mark.parametrize(
    ("document", "columns", "private"),
    [
        ("{ users { data { username } } }", ("id", "username"), False),
        ("{ users { count } }", ("id",), False),
        (
            "{ users { a: data { bio email } b: data { __typename profileImage } } }",
            ("id", "profile_image", "bio"),
            True,
        ),
        ("{ users { data { id settings } } }", ("id",), True),
        ("{ users { data { ... on User { bio } } } }", PUBLIC_COLUMNS, True),
        (
            "{ users { data { bannerImage id username } } }",
            ("banner_image", "id", "username"),
            False,
        ),
    ],
)
async def test_a_page_reads_what_its_selection_reads(
    composition: Composition,
    document: str,
    columns: tuple[str, ...],
    private: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The columns of the page, and the viewer's own record only for its private fields."""
    token = await _seed(composition)
    read: list[tuple[str, ...]] = []
    viewers: list[bool] = []

    def spied_private(user_id: int, *, viewer: Any) -> Any:
        viewers.append(viewer is not None)
        return private_fields(user_id, viewer=viewer)

    spy_on_pages(monkeypatch, lambda arguments: read.append(tuple(arguments["columns"])))
    monkeypatch.setattr(schema.types, "private_fields", spied_private)
    assert (await execute(composition, document, token)).errors is None
    assert read == [columns]
    assert bool(viewers) is private and all(viewers)


@pytest.mark.parametrize(
    ("document", "keys"),
    [
        (
            "{ users { data { id profileImage contactEmail } } }",
            {"profile_image": "profileImage", "contact_email": "contactEmail"},
        ),
        ("{ users { data { id username } } }", {}),
        ("{ users { data { profileImage } } }", {}),  # without its id, a row is not the answer
        ("{ users { data { id pic: profileImage } } }", {}),
        ("{ users { count data { id profileImage } } }", {}),
    ],
)
async def test_rows_are_read_under_their_fields_names_when_they_are_the_answer(
    composition: Composition, document: str, keys: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only when each item's selection is plainly some column's fields, ``id`` among them."""
    token = await _seed(composition)
    asked: list[dict[str, str]] = []

    spy_on_pages(monkeypatch, lambda arguments: asked.append(dict(arguments["keys"])))
    assert (await execute(composition, document, token)).errors is None
    assert asked == [keys]
