"""Each user call the Flowback web app (lokehagberg/flowback-frontend) makes, in the
``flowback-backend`` dialect, asserting what the app reads from the answer.

Notes on the app and the DRF backend it was written for: /work/briefs/dialect-notes.md.
The app sends JSON (``Content-Type: application/json``) with ``Authorization: Token <t>``,
except the profile form, which is multipart with images named ``dot.png``.
"""

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from tortoise.context import TortoiseContext

from adapters.composition import Composition, compose
from adapters.mailers import MemoryMailer
from config.settings import Settings
from tests.conftest import asgi_client
from tests.factories import PASSWORD, code_in, make_user
from tests.http.helpers import signed_up
from tests.images import image_bytes
from tests.web_app import APP, PROFILE_FORM, ROW

pytestmark = pytest.mark.usefixtures("db")

ENVELOPE = ["limit", "offset", "count", "next", "previous", "results"]
PRIVATE = {"email", "user_config", "dark_theme", "email_notifications"}
# The settings page's user_config, as JSON.stringify writes it (about 700 characters).
USER_CONFIG = json.dumps(
    {
        "notificationSettings": {
            "schedule": dict.fromkeys(["invited_to_event", "event_date_changed"], False),
            "kanban": {"task_assigned": True, "task_priority_changed": False},
            "posts": {"new_thread_created": False, "new_poll_created": True},
        },
        "pollSettings": dict.fromkeys(["area_voting", "proposal_creation", "voting"], False),
    },
    separators=(",", ":"),
)


@pytest.fixture
def composition(tmp_path: Path, mailer: MemoryMailer) -> Composition:
    settings = Settings(
        _env_file=None,
        email_backend="memory",
        bcrypt_rounds=4,
        media_root=tmp_path / "media",
        rest_dialect="flowback-backend",
        frontend_url=APP,
        login_lockout_failures=3,
        login_lockout_address_failures=2,
    )
    return compose(settings, mailer=mailer)


@pytest.fixture
async def client(db: TortoiseContext, composition: Composition) -> AsyncIterator[httpx.AsyncClient]:
    """The app's calls: JSON bodies and its own origin, through the ASGI app."""
    async with asgi_client(composition) as client:
        client.headers.update({"Origin": APP, "Accept": "application/json"})
        yield client


def token_auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Token {token}"}


async def app_signs_up(
    client: httpx.AsyncClient, mailer: MemoryMailer, username: str = "alice"
) -> str:
    """Register.svelte, Verify.svelte and its login with the e-mail; returns the token."""
    return await signed_up(client, mailer, username, as_web_app=True)


@pytest.fixture
async def token(client: httpx.AsyncClient, mailer: MemoryMailer) -> str:
    """Alice, signed up and logged in as the web app does it: her token."""
    return await app_signs_up(client, mailer)


async def me(client: httpx.AsyncClient, token: str) -> dict[str, Any]:
    response = await client.get("/user", headers=token_auth(token))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


# Login.svelte ---------------------------------------------------------------------------


async def test_login_then_the_app_reads_id_and_username(
    client: httpx.AsyncClient, token: str
) -> None:
    login = await client.post(
        "/login", json={"username": "alice@example.com", "password": PASSWORD}
    )
    assert login.status_code == 200
    assert set(login.json()) == {"token"}
    body = await me(client, token)
    assert body["username"] == "alice" and isinstance(body["id"], int)


async def test_every_failed_login_reads_as_non_field_errors(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    await app_signs_up(client, mailer)
    wrong, unknown = [
        await client.post("/login", json={"username": name, "password": "x"})
        for name in ("alice@example.com", "nobody@example.com")
    ]
    assert wrong.status_code == unknown.status_code == 400
    # The same generic error whether or not the account exists.
    assert (
        wrong.json()
        == unknown.json()
        == {"detail": {"non_field_errors": ["Unable to log in with provided credentials."]}}
    )
    for _ in range(3):
        locked = await client.post(
            "/login", json={"username": "alice@example.com", "password": "x"}
        )
    assert locked.status_code == 429
    assert locked.headers["Retry-After"]
    assert isinstance(locked.json()["detail"]["non_field_errors"][0], str)


# Register.svelte ------------------------------------------------------------------------


async def test_register_errors_read_as_a_list_of_messages(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/register", json={"username": "no spaces", "email": "a@example.com"}
    )
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail[0] and isinstance(detail[0], str)
    both = await client.post("/register", json={"username": "", "email": "not an address"})
    assert len(both.json()["detail"]) == 2


async def test_register_of_a_taken_name_or_address_looks_like_success(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    await app_signs_up(client, mailer)
    fresh = await client.post("/register", json={"username": "bob", "email": "bob@example.com"})
    taken = await client.post("/register", json={"username": "carol", "email": "alice@example.com"})
    assert fresh.status_code == taken.status_code == 200
    assert fresh.json() == taken.json()


# Verify.svelte --------------------------------------------------------------------------


async def test_verify_errors_read_as_the_app_expects(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    await client.post("/register", json={"username": "alice", "email": "alice@example.com"})
    code = code_in(mailer.outbox[-1])
    weak = await client.post(
        "/register/verify", json={"verification_code": code, "password": "short"}
    )
    assert weak.status_code == 400
    assert isinstance(weak.json()["detail"]["non_field_errors"][0], str)
    wrong = await client.post(
        "/register/verify",
        json={"verification_code": "00000000-0000-4000-8000-000000000000", "password": PASSWORD},
    )
    not_a_code = await client.post(
        "/register/verify", json={"verification_code": "x", "password": PASSWORD}
    )
    assert (
        await client.post(
            "/register/verify", json={"verification_code": code, "password": PASSWORD}
        )
    ).status_code == 201
    used = await client.post(
        "/register/verify", json={"verification_code": code, "password": PASSWORD}
    )
    # Unknown, malformed and used codes: one generic error, never the backend's 404.
    assert wrong.status_code == not_a_code.status_code == used.status_code == 400
    assert wrong.json() == not_a_code.json() == used.json()
    assert isinstance(wrong.json()["detail"]["verification_code"][0], str)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email_notifications", True),  # Verify.svelte, after its login
        ("dark_theme", True),
        ("user_config", USER_CONFIG),  # the settings page (JSON.parse of what it saved)
    ],
)
async def test_json_settings_are_saved_and_shown_back(
    client: httpx.AsyncClient, token: str, field: str, value: object
) -> None:
    saved = await client.post("/user/update", json={field: value}, headers=token_auth(token))
    assert saved.status_code == 200, saved.text
    assert (await me(client, token))[field] == value


# ForgotPassword.svelte and NewPassword.svelte --------------------------------------------


async def test_forgot_password_answers_alike_for_any_address(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    await app_signs_up(client, mailer)
    known = await client.post("/forgot_password", json={"email": "alice@example.com"})
    unknown = await client.post("/forgot_password", json={"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 200
    assert known.json() == unknown.json()
    bad = await client.post("/forgot_password", json={"email": "not an address"})
    assert bad.status_code == 400
    detail = bad.json()["detail"]
    # statusMessageFormatter shows detail[firstKey][0].
    assert isinstance(detail[next(iter(detail))][0], str)


async def test_new_password_then_login_with_it(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    await app_signs_up(client, mailer)
    await client.post("/forgot_password", json={"email": "alice@example.com"})
    code = code_in(mailer.outbox[-1])
    new_password = "a brand new passphrase"
    wrong = await client.post(
        "/forgot_password/verify",
        json={
            "verification_code": "00000000-0000-4000-8000-000000000000",
            "password": new_password,
        },
    )
    assert wrong.status_code == 400
    assert isinstance(wrong.json()["detail"]["verification_code"][0], str)
    reset = await client.post(
        "/forgot_password/verify", json={"verification_code": code, "password": new_password}
    )
    assert reset.status_code == 200, reset.text
    login = await client.post(
        "/login", json={"username": "alice@example.com", "password": new_password}
    )
    assert login.status_code == 200 and login.json()["token"]


# GET /users: Chat/Preview.svelte, Group/Members.svelte, another user's profile ----------


async def test_the_chat_list_asks_for_a_thousand_users(
    client: httpx.AsyncClient, token: str, composition: Composition
) -> None:
    for _ in range(60):
        await make_user(composition)
    response = await client.get("/users?limit=1000", headers=token_auth(token))
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body) == ENVELOPE
    assert (body["limit"], body["offset"], body["count"]) == (1000, 0, 61)
    assert body["next"] is None and body["previous"] is None
    assert len(body["results"]) == 61
    assert all(set(row) == ROW for row in body["results"])
    assert [row["id"] for row in body["results"]] == sorted(row["id"] for row in body["results"])


async def test_users_limit_and_offset_links_are_absolute(
    client: httpx.AsyncClient, token: str, composition: Composition
) -> None:
    for _ in range(5):
        await make_user(composition)
    response = await client.get(
        "/users?limit=1&offset=2&username__icontains=user", headers=token_auth(token)
    )
    body = response.json()
    assert (body["limit"], body["offset"], body["count"]) == (1, 2, 5)
    next_url, previous_url = urlsplit(body["next"]), urlsplit(body["previous"])
    assert (next_url.scheme, next_url.netloc, next_url.path) == ("http", "testserver", "/users")
    assert parse_qs(next_url.query) == {
        "limit": ["1"],
        "offset": ["3"],
        "username__icontains": ["user"],
    }
    assert parse_qs(previous_url.query) == {
        "limit": ["1"],
        "offset": ["1"],
        "username__icontains": ["user"],
    }
    first = (await client.get("/users?limit=2&offset=1", headers=token_auth(token))).json()
    # As DRF: a previous page that starts at 0 has no offset at all.
    assert parse_qs(urlsplit(first["previous"]).query) == {"limit": ["2"]}
    last = (await client.get("/users?limit=2&offset=4", headers=token_auth(token))).json()
    assert last["next"] is None and len(last["results"]) == 2


@pytest.mark.parametrize(
    ("query", "limit", "offset"),
    [
        ("", 1, 0),  # the backend's default limit for this list is 1
        ("limit=abc&offset=xyz", 1, 0),
        ("limit=0&offset=-4", 1, 0),
        ("limit=5000", 1000, 0),
    ],
)
async def test_users_paging_is_as_lenient_as_drf(
    client: httpx.AsyncClient, token: str, query: str, limit: int, offset: int
) -> None:
    response = await client.get(f"/users?{query}", headers=token_auth(token))
    assert response.status_code == 200, response.text
    assert (response.json()["limit"], response.json()["offset"]) == (limit, offset)


async def test_members_search_by_exact_username(
    client: httpx.AsyncClient, token: str, composition: Composition
) -> None:
    await make_user(composition, username="bob")
    await make_user(composition, username="bobby")
    body = (await client.get("/users?username=bob", headers=token_auth(token))).json()
    assert [row["username"] for row in body["results"]] == ["bob"]
    bad = await client.get("/users?id=abc", headers=token_auth(token))
    assert bad.status_code == 400
    assert bad.json() == {"detail": {"id": ["A valid integer is required."]}}


async def test_another_users_profile_comes_from_the_list(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    bob = await app_signs_up(client, mailer, username="bob")
    profile = {
        "bio": "Bob here",
        "website": "https://bob.example",
        "contact_email": "bob.public@example.com",
        "contact_phone": "+46701234567",
    }
    files = {
        "profile_image": ("dot.png", image_bytes("PNG"), "image/png"),
        "banner_image": ("dot.png", image_bytes("JPEG"), "image/png"),
    }
    saved = await client.post("/user/update", data=profile, files=files, headers=token_auth(bob))
    assert saved.status_code == 200, saved.text
    bob_id = (await me(client, bob))["id"]
    alice = await app_signs_up(client, mailer)
    body = (await client.get(f"/users?id={bob_id}", headers=token_auth(alice))).json()
    row = body["results"][0]
    assert set(row) == ROW
    assert {key: row[key] for key in profile} == profile
    for image in ("profile_image", "banner_image"):
        assert row[image].startswith("/media/")
        fetched = await client.get(row[image])
        assert fetched.status_code == 200
        assert fetched.headers["content-type"].startswith("image/")


# GET /user: own record and another's ------------------------------------------------------


async def test_own_record_has_the_private_fields_and_anothers_has_none(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    bob = await app_signs_up(client, mailer, username="bob")
    bob_id = (await me(client, bob))["id"]
    alice = await app_signs_up(client, mailer)
    own = await me(client, alice)
    assert own["email"] == "alice@example.com"
    assert set(own) >= PRIVATE and set(own) >= ROW
    for query in (f"user_id={bob_id}", f"id={bob_id}"):
        other = await client.get(f"/user?{query}", headers=token_auth(alice))
        assert other.status_code == 200
        assert set(other.json()) & PRIVATE == set()
        assert other.json()["username"] == "bob"
    missing = await client.get("/user?user_id=999999", headers=token_auth(alice))
    assert missing.status_code == 404
    assert set(missing.json()) == {"detail"}


async def test_requests_without_a_valid_token_read_as_drf_401s(client: httpx.AsyncClient) -> None:
    anonymous = await client.get("/user")
    assert anonymous.status_code == 401
    assert anonymous.json() == {"detail": "Authentication credentials were not provided."}
    assert anonymous.headers["access-control-allow-origin"] == APP
    invalid = await client.get("/users?limit=1000", headers=token_auth("0" * 40))
    assert invalid.status_code == 401
    assert invalid.json() == {"detail": "Invalid token."}


# routes/user/+page.svelte: the profile form ------------------------------------------------


async def test_the_profile_form_saves_and_shows_back(client: httpx.AsyncClient, token: str) -> None:
    form = PROFILE_FORM
    files = {
        "banner_image": ("dot.png", image_bytes("PNG", size=(50, 10)), "image/png"),
        "profile_image": ("dot.png", image_bytes("WEBP"), "image/png"),
    }
    saved = await client.post("/user/update", data=form, files=files, headers=token_auth(token))
    assert saved.status_code == 200, saved.text
    shown = await me(client, token)
    assert (shown["bio"], shown["contact_email"], shown["contact_phone"]) == ("Hi!", None, None)
    assert shown["profile_image"].startswith("/media/")
    assert shown["banner_image"].startswith("/media/")
    # The app fetch()es its images from its own origin to upload them again on each save.
    files = {}
    for name in ("profile_image", "banner_image"):
        again = await client.get(shown[name])
        assert again.status_code == 200 and again.headers["access-control-allow-origin"] == APP
        files[name] = ("dot.png", again.content, again.headers["content-type"])
    resaved = await client.post("/user/update", data=form, files=files, headers=token_auth(token))
    assert resaved.status_code == 200, resaved.text
    # The open page keeps showing the same URLs, and they still load.
    after = await me(client, token)
    assert (after["profile_image"], after["banner_image"]) == (
        shown["profile_image"],
        shown["banner_image"],
    )
    for name in ("profile_image", "banner_image"):
        assert (await client.get(shown[name])).status_code == 200


async def test_a_page_open_before_a_new_picture_still_loads_the_old_one(
    client: httpx.AsyncClient, token: str
) -> None:
    """Another tab (or another user's page) still shows the picture it loaded."""
    files = {"profile_image": ("dot.png", image_bytes("JPEG"), "image/png")}
    saved = await client.post("/user/update", files=files, headers=token_auth(token))
    assert saved.status_code == 200, saved.text
    old = (await me(client, token))["profile_image"]
    files = {"profile_image": ("dot.png", image_bytes("PNG"), "image/png")}
    replaced = await client.post("/user/update", files=files, headers=token_auth(token))
    assert replaced.status_code == 200, replaced.text
    assert (await me(client, token))["profile_image"] != old
    assert (await client.get(old)).status_code == 200


async def test_profile_form_errors_read_as_field_lists(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    await app_signs_up(client, mailer, username="bob")
    token = await app_signs_up(client, mailer)
    form = {"username": "bob", "contact_phone": "call me", "contact_email": "nope"}
    files = {"profile_image": ("dot.png", b"<html>not an image</html>", "image/png")}
    response = await client.post("/user/update", data=form, files=files, headers=token_auth(token))
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert set(response.json()) == {"detail"}
    assert {"username", "contact_phone", "contact_email", "profile_image"} <= set(detail)
    # The app shows detail[firstKey][0].
    assert all(isinstance(messages[0], str) for messages in detail.values())


# SideHeader.svelte: logout -----------------------------------------------------------------


async def test_logout_then_the_token_is_refused(client: httpx.AsyncClient, token: str) -> None:
    assert (await client.post("/logout", headers=token_auth(token))).status_code == 200
    after = await client.get("/user", headers=token_auth(token))
    assert after.status_code == 401 and after.json() == {"detail": "Invalid token."}
