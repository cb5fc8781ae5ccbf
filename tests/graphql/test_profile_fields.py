"""The contact and settings fields through ``schema.execute``: updateUser and User."""

import pytest

from adapters.composition import Composition
from tests.factories import PASSWORD, make_user
from tests.graphql.helpers import execute, refused_update

pytestmark = pytest.mark.usefixtures("db")

FIELDS = "id email contactEmail contactPhone userConfig emailNotifications darkTheme"
UPDATE = f"mutation($i: UpdateUserInput!) {{ updateUser(input: $i) {{ __typename user {{ {FIELDS} }} errors {{ field code }} }} }}"
USER = f"query($id: Int) {{ user(id: $id) {{ {FIELDS} }} }}"
USERS = f"query {{ users {{ data {{ username {FIELDS} }} }} }}"
CHANGES = {
    "contactEmail": "reach@ann.example",
    "contactPhone": "+46 70 123 45 67",
    "userConfig": '{"lang": "sv"}',
    "emailNotifications": True,
    "darkTheme": True,
}


async def test_update_user_sets_the_fields_and_user_shows_them_to_oneself(
    composition: Composition,
) -> None:
    ann = await make_user(composition, username="ann", email="ann@example.com")
    token = await composition.rules.sessions.login(username="ann", password=PASSWORD)
    result = await execute(composition, UPDATE, token, i=CHANGES)
    assert result.errors is None
    mine = {"id": ann.id, "email": "ann@example.com", **CHANGES}
    assert result.data["updateUser"] == {
        "__typename": "UpdateUserPayload",
        "user": mine,
        "errors": [],
    }
    assert (await execute(composition, USER, token)).data["user"] == mine


async def test_another_users_record_never_shows_private_fields(composition: Composition) -> None:
    ann = await make_user(composition, username="ann", user_config="{}", dark_theme=True)
    await ann.update_from_dict({"contact_email": "reach@ann.example"}).save()
    await make_user(composition, username="bob")
    token = await composition.rules.sessions.login(username="bob", password=PASSWORD)
    hidden = {"email": None, "userConfig": None, "emailNotifications": None, "darkTheme": None}
    seen = (await execute(composition, USER, token, id=ann.id)).data["user"]
    assert (
        seen == {"id": ann.id, "contactEmail": "reach@ann.example", "contactPhone": None} | hidden
    )
    listed = (await execute(composition, USERS, token)).data["users"]["data"]
    assert listed[0] == {"username": "ann"} | seen
    assert listed[1]["emailNotifications"] is False and listed[1]["email"] is not None


async def test_bad_values_are_payload_errors(composition: Composition) -> None:
    await make_user(composition, username="ann")
    token = await composition.rules.sessions.login(username="ann", password=PASSWORD)
    result = await execute(
        composition,
        UPDATE,
        token,
        i={"contactEmail": "nope", "contactPhone": "call me", "userConfig": "{" * 20_000},
    )
    assert result.data["updateUser"] == refused_update(
        ("input.contactEmail", "INVALID_EMAIL"),
        ("input.contactPhone", "INVALID_PHONE"),
        ("input.userConfig", "USER_CONFIG_TOO_LARGE"),
    )
