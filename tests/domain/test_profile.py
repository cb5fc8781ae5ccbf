"""Partial profile updates in the domain."""

import pytest

from adapters.composition import Composition
from domain.errors import DomainError, ErrorCode
from domain.images import Upload
from domain.profile_update import BIO_MAX_LENGTH, ProfileChanges
from models import User
from tests.factories import make_user
from tests.images import HTML, image_bytes

pytestmark = pytest.mark.usefixtures("db")


async def test_only_given_fields_change(composition: Composition) -> None:
    user = await make_user(
        composition, username="ann", bio="old bio", website="https://old.example"
    )
    updated = await composition.rules.profile_update.update(
        user=user, changes=ProfileChanges(bio="new bio")
    )
    assert (updated.username, updated.bio, updated.website) == (
        "ann",
        "new bio",
        "https://old.example",
    )
    cleared = await composition.rules.profile_update.update(
        user=updated, changes=ProfileChanges(bio="", website="")
    )
    cleared_fields: tuple[object, ...] = (cleared.bio, cleared.website)
    assert cleared_fields == (None, None)


async def test_username_rules_and_taken_names(composition: Composition) -> None:
    user = await make_user(composition, username="ann")
    await make_user(composition, username="Bob")
    for username, code in (
        ("BOB", ErrorCode.USERNAME_TAKEN),
        ("bad name", ErrorCode.INVALID_USERNAME),
        ("", ErrorCode.REQUIRED),
    ):
        with pytest.raises(DomainError) as caught:
            await composition.rules.profile_update.update(
                user=user, changes=ProfileChanges(username=username)
            )
        assert [(e.field, e.code) for e in caught.value.errors] == [("username", code)]
    renamed = await composition.rules.profile_update.update(
        user=user, changes=ProfileChanges(username="ANN")
    )
    assert (renamed.username, renamed.username_key) == ("ANN", "ann")


@pytest.mark.parametrize(
    "website",
    ["javascript:alert(1)", "ftp://example.com", "example.com", "http://", "https://exa mple.com"],
)
async def test_website_must_be_http_or_https(composition: Composition, website: str) -> None:
    user = await make_user(composition)
    with pytest.raises(DomainError) as caught:
        await composition.rules.profile_update.update(
            user=user, changes=ProfileChanges(website=website)
        )
    assert [(e.field, e.code) for e in caught.value.errors] == [("website", ErrorCode.INVALID_URL)]


async def test_every_problem_is_reported_and_nothing_changes(composition: Composition) -> None:
    user = await make_user(composition, username="ann")
    changes = ProfileChanges(
        username="bad name",
        bio="x" * (BIO_MAX_LENGTH + 1),
        website="nope",
        banner_image=Upload(filename="b.png", data=HTML),
    )
    with pytest.raises(DomainError) as caught:
        await composition.rules.profile_update.update(user=user, changes=changes)
    assert [(e.field, e.code) for e in caught.value.errors] == [
        ("username", ErrorCode.INVALID_USERNAME),
        ("bio", ErrorCode.INVALID),
        ("website", ErrorCode.INVALID_URL),
        ("banner_image", ErrorCode.INVALID_IMAGE),
    ]
    row = await User.get(id=user.id)
    unchanged: tuple[object, ...] = (row.username, row.bio, row.website, row.banner_image)
    assert unchanged == ("ann", None, None, None)


async def test_a_replaced_image_is_kept_for_the_pages_still_showing_it(
    composition: Composition,
) -> None:
    """Deleted later by housekeeping (tests/domain/test_pictures.py)."""
    user = await make_user(composition)
    media = composition.settings.media_root
    first = await composition.rules.profile_update.update(
        user=user,
        changes=ProfileChanges(profile_image=Upload(filename="me.jpg", data=image_bytes("PNG"))),
    )
    assert first.profile_image is not None and first.profile_image.endswith(".png")
    assert [p.name for p in media.iterdir()] == [first.profile_image]
    second = await composition.rules.profile_update.update(
        user=first,
        changes=ProfileChanges(profile_image=Upload(filename="me.png", data=image_bytes("WEBP"))),
    )
    assert second.profile_image is not None and second.profile_image.endswith(".webp")
    assert {p.name for p in media.iterdir()} == {first.profile_image, second.profile_image}


async def test_a_refused_username_leaves_no_stored_image(composition: Composition) -> None:
    user = await make_user(composition, username="ann")
    await make_user(composition, username="bob")
    with pytest.raises(DomainError) as raised:
        await composition.rules.profile_update.update(
            user=user,
            changes=ProfileChanges(
                username="bob", profile_image=Upload(filename="a.png", data=image_bytes("PNG"))
            ),
        )
    assert [(e.code, e.field) for e in raised.value.errors] == [
        (ErrorCode.USERNAME_TAKEN, "username")
    ]
    assert (
        not composition.settings.media_root.exists()
        or list(composition.settings.media_root.iterdir()) == []
    )
