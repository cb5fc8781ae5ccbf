"""What a viewer sees of a user: private fields only on the viewer's own record."""

from typing import Any

import pytest

from adapters.composition import Composition
from domain.paging import PageRequest
from domain.user_view import PRIVATE_COLUMNS, PrivateFields, view_row, view_user
from domain.users import UserFilter, find_user, list_rows
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("db")

SETTINGS: dict[str, Any] = {
    "user_config": '{"lang": "sv"}',
    "email_notifications": True,
    "dark_theme": True,
}
CONTACT: dict[str, Any] = {
    "contact_email": "reach@ann.example",
    "contact_phone": "+46 70 123 45 67",
}


async def test_own_record_has_the_private_fields_and_another_has_none(
    composition: Composition,
) -> None:
    ann = await make_user(
        composition, username="ann", email="ann@example.com", **SETTINGS, **CONTACT
    )
    bob = await make_user(composition, username="bob")

    own = view_user(ann, viewer=ann)
    assert own.private == PrivateFields(email="ann@example.com", **SETTINGS)
    assert (own.contact_email, own.contact_phone) == (CONTACT["contact_email"], "+46 70 123 45 67")

    seen_by_bob = view_user(ann, viewer=bob)
    assert seen_by_bob.private is None
    assert seen_by_bob.contact_email == CONTACT["contact_email"]
    assert view_user(ann, viewer=None).private is None


async def test_find_user_is_the_viewer_without_an_id(composition: Composition) -> None:
    ann = await make_user(composition, username="ann", **SETTINGS)
    bob = await make_user(composition, username="bob")
    me = await find_user(viewer=ann, user_id=None)
    assert me is not None and me.private is not None and me.private.dark_theme is True
    other = await find_user(viewer=bob, user_id=ann.id)
    assert other is not None and other.username == "ann" and other.private is None
    assert await find_user(viewer=ann, user_id=2**40) is None


async def test_a_list_shows_private_fields_on_the_viewers_row_only(
    composition: Composition,
) -> None:
    ann = await make_user(composition, username="ann", **SETTINGS)
    await make_user(composition, username="bob", **SETTINGS)
    page = await list_rows(filters=UserFilter(), request=PageRequest())
    assert not set(PRIVATE_COLUMNS) & set(page.items[0])  # a list never reads them
    views = [view_row(row, viewer=ann) for row in page.items]
    assert [(view.username, view.private) for view in views] == [
        ("ann", PrivateFields(email=ann.email, **SETTINGS)),
        ("bob", None),
    ]
