"""POST /user/update and GET /user with the contact and settings fields, over HTTP."""

import httpx
import pytest

from adapters.mailers import MemoryMailer
from config.settings import Settings
from tests.http.helpers import auth, signed_up, update_profile
from tests.images import image_bytes

pytestmark = pytest.mark.usefixtures("db")

PRIVATE = ("email", "user_config", "email_notifications", "dark_theme")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"user_config_max_bytes": 64})


def fields_of(body: dict[str, object]) -> dict[str, object]:
    names = ("contact_email", "contact_phone", *PRIVATE)
    return {name: body[name] for name in names}


async def test_json_sets_the_fields_and_get_user_returns_them(
    client: httpx.AsyncClient, token: str
) -> None:
    response = await update_profile(
        client,
        token,
        json={
            "contact_email": "Reach@Alice.example",
            "contact_phone": "+46 70 123 45 67",
            "user_config": '{"lang": "sv"}',
            "email_notifications": True,
            "dark_theme": 1,
        },
    )
    assert response.status_code == 200, response.text
    expected = {
        "contact_email": "reach@alice.example",
        "contact_phone": "+46 70 123 45 67",
        "email": "alice@example.com",
        "user_config": '{"lang": "sv"}',
        "email_notifications": True,
        "dark_theme": True,
    }
    assert fields_of(response.json()) == expected
    assert fields_of((await client.get("/user", headers=auth(token))).json()) == expected


async def test_form_and_multipart_send_flags_as_text(client: httpx.AsyncClient, token: str) -> None:
    form = {"dark_theme": "true", "email_notifications": "on", "contact_phone": "(08) 123-4567"}
    response = await update_profile(client, token, data=form)
    assert response.status_code == 200, response.text
    assert (response.json()["dark_theme"], response.json()["email_notifications"]) == (True, True)
    response = await update_profile(
        client,
        token,
        data={"dark_theme": "false", "user_config": "[1, 2]", "contact_phone": ""},
        files={"profile_image": ("me.png", image_bytes("PNG"), "image/png")},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["dark_theme"], body["email_notifications"]) == (False, True)
    assert (body["user_config"], body["contact_phone"]) == ("[1, 2]", None)
    assert body["profile_image"].startswith("http://testserver/media/")


async def test_another_users_record_hides_the_private_fields(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    bob = await signed_up(client, mailer, username="bob")
    bob_fields = {"contact_email": "bob@contact.example", "user_config": "{}", "dark_theme": "1"}
    assert (await client.post("/user/update", json=bob_fields, headers=auth(bob))).is_success
    bob_id = (await client.get("/user", headers=auth(bob))).json()["id"]
    alice = await signed_up(client, mailer)
    for name in ("id", "user_id"):
        seen = (await client.get(f"/user?{name}={bob_id}", headers=auth(alice))).json()
        assert seen["contact_email"] == "bob@contact.example"
        assert {field: seen[field] for field in PRIVATE} == dict.fromkeys(PRIVATE)
    listed = (await client.get("/users", headers=auth(alice))).json()["data"]
    assert all(set(row) == {"id", "username", "profile_image"} for row in listed)


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"contact_email": "not an address"}, "contact_email", "INVALID_EMAIL"),
        ({"contact_phone": "call me maybe"}, "contact_phone", "INVALID_PHONE"),
        ({"contact_phone": "12345"}, "contact_phone", "INVALID_PHONE"),
        ({"user_config": "{broken"}, "user_config", "INVALID_USER_CONFIG"),
        ({"user_config": '"' + "x" * 70 + '"'}, "user_config", "USER_CONFIG_TOO_LARGE"),
        ({"user_config": {"an": "object"}}, "user_config", "INVALID"),
        ({"dark_theme": "maybe"}, "dark_theme", "INVALID"),
        ({"email_notifications": None}, "email_notifications", "INVALID"),
        ({"email_notifications": [True]}, "email_notifications", "INVALID"),
    ],
)
async def test_bad_values_are_field_errors_and_change_nothing(
    client: httpx.AsyncClient,
    token: str,
    fields: dict[str, object],
    field: str,
    code: str,
) -> None:
    before = (await client.get("/user", headers=auth(token))).json()
    response = await update_profile(client, token, json=fields)
    assert response.status_code == 400, response.text
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [(field, code)]
    assert list(response.json()["detail"]) == [field]
    assert (await client.get("/user", headers=auth(token))).json() == before
