"""FLOWBACK_PUBLIC_URL, when set, is where image URLs point on both transports."""

import httpx
import pytest

from config.settings import Settings
from tests.http.helpers import graphql, update_profile
from tests.images import image_bytes

pytestmark = pytest.mark.usefixtures("db")
PUBLIC = "https://cdn.example/flowback/"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The usual test settings, with public_url changed."""
    return settings.model_copy(update={"public_url": PUBLIC})


async def test_image_urls_start_with_the_public_url(client: httpx.AsyncClient, token: str) -> None:
    response = await update_profile(
        client, token, files={"banner_image": ("b.webp", image_bytes("WEBP"), "image/webp")}
    )
    url = response.json()["banner_image"]
    assert url.startswith("https://cdn.example/flowback/media/") and url.endswith(".webp")
    body = await graphql(client, "{ user { bannerImage } }", token)
    assert body["data"]["user"]["bannerImage"] == url
    served = await client.get(url.replace("https://cdn.example/flowback", ""))
    assert served.status_code == 200
