"""``me``, the settings as JSON beside the deprecated ``userConfig``, and what ``User`` shows."""

import json
from typing import Any

import pytest

from adapters.composition import Composition
from models import User
from tests.factories import PASSWORD, make_user
from tests.graphql.helpers import execute

pytestmark = pytest.mark.usefixtures("db")

ME = "{ me { __typename id username email emailNotifications darkTheme settings } }"
UPDATE = "mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { userConfig settings } errors { field code } } }"


async def _signed_in(composition: Composition, **fields: Any) -> tuple[User, str]:
    user = await make_user(composition, username="ann", email="ann@example.com", **fields)
    return user, await composition.rules.sessions.login(username="ann", password=PASSWORD)


async def test_me_is_null_signed_out_without_an_error(composition: Composition) -> None:
    for token in (None, "not-a-token"):
        result = await execute(composition, ME, token)
        assert result.errors is None
        assert result.data == {"me": None}


async def test_me_is_the_caller_with_every_private_field(composition: Composition) -> None:
    user, token = await _signed_in(composition, user_config='{"lang": "sv"}', dark_theme=True)
    result = await execute(composition, ME, token)
    assert result.errors is None
    assert result.data["me"] == {
        "__typename": "CurrentUser",
        "id": user.id,
        "username": "ann",
        "email": "ann@example.com",
        "emailNotifications": False,
        "darkTheme": True,
        "settings": {"lang": "sv"},
    }


async def test_me_types_its_private_fields_non_null(composition: Composition) -> None:
    from config.settings import Settings
    from schema import app_schema

    fields = app_schema(Settings(_env_file=None))._schema.type_map["CurrentUser"].fields  # type: ignore[attr-defined]
    assert {name: str(fields[name].type) for name in ("email", "darkTheme", "settings")} == {
        "email": "String!",
        "darkTheme": "Boolean!",
        "settings": "JSON",
    }


async def test_settings_are_json_and_user_config_still_answers(composition: Composition) -> None:
    _, token = await _signed_in(composition)
    value = {"lang": "sv", "columns": [1, 2], "beta": None}
    result = await execute(composition, UPDATE, token, i={"settings": value})
    assert result.data["updateUser"] == {
        "user": {"userConfig": json.dumps(value, separators=(",", ":")), "settings": value},
        "errors": [],
    }
    result = await execute(composition, UPDATE, token, i={"userConfig": '{"lang": "en"}'})
    assert result.data["updateUser"]["user"] == {
        "userConfig": '{"lang": "en"}',
        "settings": {"lang": "en"},
    }
    other = await make_user(composition, username="bob", user_config='{"secret": 1}')
    seen = await execute(
        composition, "query($id: Int) { user(id: $id) { settings } }", token, id=other.id
    )
    assert seen.data == {"user": {"settings": None}}


async def test_settings_errors_name_the_field_sent(composition: Composition) -> None:
    _, token = await _signed_in(composition)
    too_large = {"text": "x" * 20_000}
    result = await execute(composition, UPDATE, token, i={"settings": too_large})
    assert result.data["updateUser"]["errors"] == [
        {"field": "input.settings", "code": "USER_CONFIG_TOO_LARGE"}
    ]
    both = await execute(composition, UPDATE, token, i={"settings": {}, "userConfig": "{}"})
    assert both.data["updateUser"]["errors"] == [{"field": "input.settings", "code": "INVALID"}]
    stored = await User.get(username="ann")
    assert stored.user_config is None
