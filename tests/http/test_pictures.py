"""Pictures over HTTP: the same picture keeps its URL, a replaced one still loads for the
grace period, and an account's deletion takes its pictures at once; through REST and GraphQL.

The Flowback web app's own re-save is in tests/http/test_flowback_web_app.py.
"""

import io
import json
from collections.abc import Awaitable, Callable
from datetime import timedelta

import httpx
import pytest
from PIL import Image
from tortoise.context import TortoiseContext

from adapters.composition import Composition, compose
from adapters.housekeeper import housekeeping_pass
from adapters.mailers import MemoryMailer
from config.settings import Settings
from domain.clock import ManualClock
from tests.conftest import asgi_client
from tests.factories import PASSWORD
from tests.http.helpers import GRAPHQL, auth, graphql, signed_up, update_profile
from tests.images import image_bytes, noisy_image_bytes

pytestmark = pytest.mark.usefixtures("db")

Uploader = Callable[[httpx.AsyncClient, str, bytes], Awaitable[str]]
UPDATE = "mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { profileImage } errors { code } } }"


async def rest_upload(client: httpx.AsyncClient, token: str, picture: bytes) -> str:
    """The profile image's URL after uploading ``picture`` by REST."""
    files = {"profile_image": ("me.jpg", picture, "image/jpeg")}
    response = await update_profile(client, token, files=files)
    assert response.status_code == 200, response.text
    url: str = response.json()["profile_image"]
    return url


async def graphql_upload(client: httpx.AsyncClient, token: str, picture: bytes) -> str:
    """The profile image's URL after uploading ``picture`` by a GraphQL multipart request."""
    response = await client.post(
        GRAPHQL,
        data={
            "operations": json.dumps({"query": UPDATE, "variables": {"i": {"profileImage": None}}}),
            "map": json.dumps({"0": ["variables.i.profileImage"]}),
        },
        files={"0": ("me.jpg", picture, "image/jpeg")},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    payload = response.json()["data"]["updateUser"]
    assert payload["errors"] == []
    url: str = payload["user"]["profileImage"]
    return url


async def status(client: httpx.AsyncClient, url: str) -> int:
    return (await client.get(url)).status_code


async def housekeep(composition: Composition, clock: ManualClock) -> None:
    await housekeeping_pass(
        settings=composition.settings, clock=clock, media=composition.rules.media
    )


@pytest.mark.parametrize("upload", [rest_upload, graphql_upload], ids=["rest", "graphql"])
async def test_a_replaced_picture_loads_until_housekeeping_after_the_grace_period(
    client: httpx.AsyncClient,
    token: str,
    composition: Composition,
    clock: ManualClock,
    upload: Uploader,
) -> None:
    first = await upload(client, token, noisy_image_bytes("JPEG"))
    assert await upload(client, token, noisy_image_bytes("JPEG")) == first
    # Uploading back what is served (the web app's save) keeps the URL too.
    assert await upload(client, token, (await client.get(first)).content) == first
    second = await upload(client, token, noisy_image_bytes("JPEG", seed=2))
    assert second != first
    assert (await status(client, first), await status(client, second)) == (200, 200)
    await housekeep(composition, clock)
    assert await status(client, first) == 200
    clock.advance(timedelta(seconds=composition.settings.replaced_picture_grace + 1))
    await housekeep(composition, clock)
    assert (await status(client, first), await status(client, second)) == (404, 200)


async def test_two_accounts_uploading_the_same_picture_get_different_files(
    client: httpx.AsyncClient, token: str, mailer: MemoryMailer
) -> None:
    bob = await signed_up(client, mailer, "bob")
    picture = image_bytes("PNG")
    alices, bobs = (
        await rest_upload(client, token, picture),
        await graphql_upload(client, bob, picture),
    )
    assert alices.rsplit("/", 1)[1] != bobs.rsplit("/", 1)[1]
    # Bob replacing his never touches Alice's, even once housekeeping has run.
    await rest_upload(client, bob, image_bytes("GIF"))
    assert (await status(client, alices), await status(client, bobs)) == (200, 200)


async def test_account_deletion_deletes_its_pictures_at_once(
    client: httpx.AsyncClient, token: str, mailer: MemoryMailer
) -> None:
    bob = await signed_up(client, mailer, "bob")
    bobs = await rest_upload(client, bob, image_bytes("PNG"))
    replaced = await rest_upload(client, token, image_bytes("PNG"))
    shown = await graphql_upload(client, token, image_bytes("GIF"))
    assert (await status(client, replaced), await status(client, shown)) == (200, 200)
    deleted = await client.post("/user/delete", data={"password": PASSWORD}, headers=auth(token))
    assert deleted.status_code == 200, deleted.text
    assert (await status(client, replaced), await status(client, shown)) == (404, 404)
    assert await status(client, bobs) == 200


async def test_graphql_account_deletion_deletes_its_pictures_at_once(
    client: httpx.AsyncClient, token: str
) -> None:
    replaced = await graphql_upload(client, token, image_bytes("PNG"))
    shown = await graphql_upload(client, token, image_bytes("WEBP"))
    body = await graphql(
        client, f'mutation {{ deleteAccount(password: "{PASSWORD}") {{ ok }} }}', token
    )
    assert body["data"]["deleteAccount"] == {"ok": True}
    assert (await status(client, replaced), await status(client, shown)) == (404, 404)


def low_quality_jpeg() -> bytes:
    """A JPEG that re-encoding at the default quality makes larger."""
    image = Image.frombytes("RGB", (64, 64), bytes(range(256)) * 48)
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=5)
    return output.getvalue()


async def test_a_picture_too_large_to_upload_back_is_refused_at_once(
    db: TortoiseContext, settings: Settings, mailer: MemoryMailer
) -> None:
    """Whatever is stored fits the upload limit, so the web app's next save (which uploads
    it back) cannot fail on it."""
    picture = low_quality_jpeg()
    limit = len(picture) + 10  # the upload fits; re-encoded, it would not
    composition = compose(settings.model_copy(update={"max_image_bytes": limit}), mailer=mailer)
    async with asgi_client(composition) as client:
        token = await signed_up(client, mailer)
        files = {"profile_image": ("dot.png", picture, "image/jpeg")}
        response = await update_profile(client, token, files=files)
    assert response.status_code == 400, response.text
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("profile_image", "IMAGE_TOO_LARGE")
    ]
