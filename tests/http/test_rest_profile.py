"""POST /user/update with JSON, forms and multipart images, and the /media they serve."""

import httpx
import pytest

from adapters.mailers import MemoryMailer
from tests.http.helpers import auth, signed_up, update_profile
from tests.images import HTML, image_bytes, png_claiming

pytestmark = pytest.mark.usefixtures("db")


async def test_partial_update_with_json_and_form(client: httpx.AsyncClient, token: str) -> None:
    response = await update_profile(
        client, token, json={"bio": "hi there", "website": "https://alice.example"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body == {
        "id": body["id"],
        "email": "alice@example.com",
        "username": "alice",
        "profile_image": None,
        "banner_image": None,
        "bio": "hi there",
        "website": "https://alice.example",
        "contact_email": None,
        "contact_phone": None,
        "user_config": None,
        "email_notifications": False,
        "dark_theme": False,
    }
    response = await update_profile(client, token, data={"username": "Alice2"})
    assert response.json()["username"] == "Alice2"
    assert response.json()["bio"] == "hi there"
    assert (await client.get("/user", headers=auth(token))).json() == response.json()


async def test_field_errors(client: httpx.AsyncClient, mailer: MemoryMailer) -> None:
    await signed_up(client, mailer, username="bob")
    token = await signed_up(client, mailer)
    response = await update_profile(
        client,
        token,
        json={
            "username": "BOB",
            "website": "ftp://x.example",
            "profile_image": "http://evil/x.png",
        },
    )
    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("username", "USERNAME_TAKEN"),
        ("website", "INVALID_URL"),
        ("profile_image", "INVALID_IMAGE"),
    ]
    assert response.json()["detail"]["username"] == ["A user with that username already exists."]
    assert (await client.post("/user/update", json={"bio": "x"})).status_code == 401


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"bio": "nul\u0000byte"}, ("bio", "INVALID")),
        ({"bio": "x" * 1001}, ("bio", "INVALID")),
        ({"website": "https://nul\u0000.example"}, ("website", "INVALID_URL")),
        ({"username": "nul\u0000name"}, ("username", "INVALID_USERNAME")),
        ({"username": ""}, ("username", "REQUIRED")),
        ({"bio": 42.5, "website": ["https://x.example"]}, ("website", "INVALID")),
    ],
)
async def test_hostile_text_is_a_field_error(
    client: httpx.AsyncClient, token: str, fields: dict[str, object], error: tuple[str, str]
) -> None:
    response = await update_profile(client, token, json=fields)
    assert response.status_code == 400, response.text
    assert error in [(e["field"], e["code"]) for e in response.json()["errors"]]


async def test_images_by_multipart_served_from_media(client: httpx.AsyncClient, token: str) -> None:
    response = await update_profile(
        client,
        token,
        data={"bio": "with pictures"},
        files={
            "profile_image": ("me.jpg", image_bytes("PNG"), "image/jpeg"),
            "banner_image": ("banner.webp", image_bytes("JPEG"), "image/webp"),
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["bio"] == "with pictures"
    profile, banner = body["profile_image"], body["banner_image"]
    assert profile.startswith("http://testserver/media/") and profile.endswith(".png")
    assert banner.startswith("http://testserver/media/") and banner.endswith(".jpg")
    assert "me" not in profile.rsplit("/", 1)[1]
    served = await client.get(profile)
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/png"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert served.content.startswith(b"\x89PNG")
    listing = (await client.get("/users", headers=auth(token))).json()
    assert listing["data"][0]["profile_image"] == profile

    replaced = await update_profile(
        client, token, files={"profile_image": ("again.gif", image_bytes("GIF"), "image/gif")}
    )
    assert replaced.status_code == 200
    assert replaced.json()["profile_image"].endswith(".gif")
    assert replaced.json()["banner_image"] == banner
    # Pages opened before still show it, for the grace period (tests/http/test_pictures.py).
    assert (await client.get(profile)).status_code == 200
    assert (await client.get(banner)).status_code == 200


async def test_an_empty_file_input_changes_nothing(client: httpx.AsyncClient, token: str) -> None:
    response = await update_profile(
        client,
        token,
        data={"bio": "text only"},
        files={"profile_image": ("", b"", "application/octet-stream")},
    )
    assert response.status_code == 200, response.text
    assert response.json()["profile_image"] is None


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("evil.png", HTML, "INVALID_IMAGE"),
        ("doc.gif", b"%PDF-1.4 not an image", "INVALID_IMAGE"),
        ("bomb.png", png_claiming(100_000, 100_000), "IMAGE_TOO_LARGE"),
        ("big.png", png_claiming(9000, 9000), "IMAGE_TOO_LARGE"),
    ],
)
async def test_disguised_and_oversized_images_are_refused(
    client: httpx.AsyncClient, token: str, name: str, data: bytes, code: str
) -> None:
    response = await client.post(
        "/user/update", files={"profile_image": (name, data, "image/png")}, headers=auth(token)
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "profile_image"
    assert response.json()["errors"][0]["code"] == code
    assert (await client.get("/user", headers=auth(token))).json()["profile_image"] is None


async def test_media_before_any_upload_is_404(client: httpx.AsyncClient) -> None:
    # The media directory is made by the first upload, not when the app is built.
    response = await client.get("/media/0123456789abcdef0123456789abcdef.png")
    assert response.status_code == 404
    assert response.headers["x-content-type-options"] == "nosniff"
