"""The contact and settings fields of a profile update, in the domain."""

from typing import Any

import pytest

from adapters.composition import Composition
from domain.errors import DomainError, ErrorCode
from domain.profile_fields import clean_contact_phone, clean_flag, clean_user_config
from domain.profile_update import ProfileChanges
from models import User
from tests.factories import make_user


async def update(composition: Composition, user: User, **changes: Any) -> User:
    return await composition.rules.profile_update.update(
        user=user, changes=ProfileChanges(**changes)
    )


@pytest.mark.parametrize(
    ("phone", "stored"),
    [
        ("+46 70 123 45 67", "+46 70 123 45 67"),
        (" (08) 123-4567 ", "(08) 123-4567"),
        ("555.123.4567", "555.123.4567"),
        ("1234567", "1234567"),
        ("+123456789012345", "+123456789012345"),
        ("", None),
    ],
)
def test_phone_numbers_are_kept_as_written(phone: str, stored: str | None) -> None:
    assert clean_contact_phone(phone) == stored


@pytest.mark.parametrize(
    "phone",
    [
        "call me",
        "123456",  # too few digits
        "+1234567890123456",  # 16 digits
        "12 34 56 78 90 12 34 56",  # over 20 characters
        "46+701234567",  # a plus inside
        "070-123 45 67 ext 8",
        "٠١٢٣٤٥٦٧٨٩",  # digits of another script
        "070\u00a0123 45 67",  # a no-break space
    ],
)
def test_anything_but_a_phone_number_is_invalid_phone(phone: str) -> None:
    with pytest.raises(DomainError) as caught:
        clean_contact_phone(phone)
    assert [(e.field, e.code) for e in caught.value.errors] == [
        ("contact_phone", ErrorCode.INVALID_PHONE)
    ]
    assert "digits" in caught.value.errors[0].message


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("{not json", ErrorCode.INVALID_USER_CONFIG),
        ("   ", ErrorCode.INVALID_USER_CONFIG),
        ('{"a": "\ud800"}', ErrorCode.INVALID_USER_CONFIG),
        ('"' + "x" * 99 + '"', ErrorCode.USER_CONFIG_TOO_LARGE),
        ('"' + "é" * 50 + '"', ErrorCode.USER_CONFIG_TOO_LARGE),  # 102 bytes in UTF-8
    ],
)
def test_user_config_must_be_json_within_the_limit(text: str, code: ErrorCode) -> None:
    with pytest.raises(DomainError) as caught:
        clean_user_config(text, max_bytes=100)
    assert [(e.field, e.code) for e in caught.value.errors] == [("user_config", code)]


def test_deeply_nested_json_is_refused_without_a_crash() -> None:
    with pytest.raises(DomainError) as caught:
        clean_user_config("[" * 200_000 + "]" * 200_000, max_bytes=400_000)
    assert caught.value.codes == [ErrorCode.INVALID_USER_CONFIG]


def test_user_config_is_stored_exactly_as_given() -> None:
    text = '{ "theme":"dark",  "langs": ["sv", "en"] }'
    assert clean_user_config(text, max_bytes=100) == text
    assert clean_user_config("", max_bytes=100) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, True), (False, False), ("true", True), ("False", False), (" 1 ", True), ("off", False)],
)
def test_flags_read_booleans_and_their_form_spellings(value: bool | str, expected: bool) -> None:
    assert clean_flag(value, field="dark_theme") is expected


@pytest.mark.parametrize("value", ["", "maybe", "2", "truthy"])
def test_anything_else_is_not_a_flag(value: str) -> None:
    with pytest.raises(DomainError) as caught:
        clean_flag(value, field="dark_theme")
    assert caught.value.codes == [ErrorCode.INVALID]


@pytest.mark.usefixtures("db")
async def test_an_update_stores_the_new_fields_and_clears_them(composition: Composition) -> None:
    user = await make_user(composition)
    updated = await update(
        composition,
        user,
        contact_email=" Reach@Example.COM ",
        contact_phone="+46 70 123 45 67",
        user_config='{"lang": "sv"}',
        email_notifications="yes",
        dark_theme=True,
    )
    assert (
        updated.contact_email,
        updated.contact_phone,
        updated.user_config,
        updated.email_notifications,
        updated.dark_theme,
    ) == ("reach@example.com", "+46 70 123 45 67", '{"lang": "sv"}', True, True)
    cleared = await update(composition, updated, contact_email="", contact_phone="", user_config="")
    cleared_fields: tuple[object, ...] = (
        cleared.contact_email,
        cleared.contact_phone,
        cleared.user_config,
    )
    assert cleared_fields == (None,) * 3
    assert cleared.dark_theme is True


@pytest.mark.usefixtures("db")
async def test_every_bad_field_is_reported_and_nothing_changes(composition: Composition) -> None:
    user = await make_user(composition, bio="kept")
    with pytest.raises(DomainError) as caught:
        await update(
            composition,
            user,
            bio="changed",
            contact_email="not an address",
            contact_phone="call me",
            user_config="{",
            email_notifications="maybe",
        )
    assert [(e.field, e.code) for e in caught.value.errors] == [
        ("contact_email", ErrorCode.INVALID_EMAIL),
        ("contact_phone", ErrorCode.INVALID_PHONE),
        ("user_config", ErrorCode.INVALID_USER_CONFIG),
        ("email_notifications", ErrorCode.INVALID),
    ]
    await user.refresh_from_db()
    assert user.bio == "kept" and user.email_notifications is False
