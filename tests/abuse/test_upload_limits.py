"""Body limits with uploads: image paths take multipart bodies of two images, nothing else does.

FLOWBACK_MAX_BODY_BYTES (64 KiB) holds on every path and encoding, except a multipart body
to an upload path (``POST /user/update``, ``/graphql``), which may hold two images of
FLOWBACK_MAX_IMAGE_BYTES (5 MB) besides.
"""

import json
import os
from pathlib import Path

import httpx
import pytest

from adapters.composition import Composition, compose
from adapters.mailers import MemoryMailer
from tests.abuse.conftest import app_client, small_settings
from tests.http.helpers import signed_up, update_profile
from tests.images import image_bytes

pytestmark = pytest.mark.usefixtures("db")

MEGABYTE = 1024 * 1024
UPDATE = "mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { profileImage } errors { code } } }"


def heavy_png(size: int) -> bytes:
    """A valid PNG of about ``size`` bytes: a small image followed by random trailing bytes."""
    image = image_bytes("PNG", size=(64, 64))
    return image + os.urandom(size - len(image))


async def test_a_one_megabyte_image_is_uploaded_over_rest(
    client: httpx.AsyncClient, token: str
) -> None:
    heavy = {"profile_image": ("me.png", heavy_png(MEGABYTE), "image/png")}
    response = await update_profile(client, token, data={"bio": "a heavy picture"}, files=heavy)
    assert response.status_code == 200, response.text
    assert response.json()["profile_image"].endswith(".png")


async def test_a_one_megabyte_image_is_uploaded_over_graphql(
    client: httpx.AsyncClient, token: str
) -> None:
    response = await client.post(
        "/graphql",
        data={
            "operations": json.dumps({"query": UPDATE, "variables": {"i": {"profileImage": None}}}),
            "map": json.dumps({"0": ["variables.i.profileImage"]}),
        },
        files={"0": ("me.png", heavy_png(MEGABYTE), "image/png")},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    payload = response.json()["data"]["updateUser"]
    assert payload["errors"] == []
    assert payload["user"]["profileImage"].endswith(".png")


@pytest.mark.parametrize("path", ["/login", "/register", "/user/update", "/graphql"])
async def test_a_one_megabyte_json_body_is_still_413(
    client: httpx.AsyncClient, token: str, path: str
) -> None:
    body = {"username": "alice", "password": "x" * MEGABYTE, "query": "{ __typename }"}
    response = await client.post(path, json=body, headers={"Authorization": token})
    assert response.status_code == 413
    assert response.json()["errors"][0]["code"] == "PAYLOAD_TOO_LARGE"
    assert "65536" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/login", "/register", "/forgot_password", "/user/password"])
async def test_multipart_elsewhere_keeps_the_ordinary_limit(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.post(
        path,
        data={"username": "alice"},
        files={"profile_image": ("me.png", heavy_png(MEGABYTE), "image/png")},
        headers={"Authorization": "Token whatever"},
    )
    assert response.status_code == 413
    assert "65536" in response.json()["detail"]


async def test_an_upload_over_two_images_and_the_body_limit_is_413(
    client: httpx.AsyncClient, token: str, composition: Composition
) -> None:
    settings = composition.settings
    limit = 2 * settings.max_image_bytes + settings.max_body_bytes
    images = {
        name: (f"{name}.png", heavy_png(settings.max_image_bytes), "image/png")
        for name in ("profile_image", "banner_image")
    }
    response = await update_profile(
        client, token, data={"bio": "x" * settings.max_body_bytes}, files=images
    )
    assert response.status_code == 413
    assert str(limit) in response.json()["detail"]


async def test_a_webp_over_its_share_of_the_decode_budget_is_a_field_error(
    mailer: MemoryMailer, tmp_path: Path
) -> None:
    """WebP's decoder and encoder need four times the memory: a quarter of the pixels."""
    composition = compose(small_settings(max_image_pixels=2000, media_root=tmp_path), mailer=mailer)
    async with app_client(composition) as client:
        token = await signed_up(client, mailer)
        response = await update_profile(
            client,
            token,
            data={"bio": "kept out too"},
            files={"banner_image": ("b.webp", image_bytes("WEBP", size=(30, 20)), "image/webp")},
        )
        assert response.status_code == 400, response.text
        assert response.json()["errors"] == [
            {
                "field": "banner_image",
                "code": "IMAGE_TOO_LARGE",
                "message": "A WebP image may have at most 500 pixels.",
            }
        ]
        me = await client.get("/user", headers={"Authorization": token})
        assert me.json()["bio"] is None
