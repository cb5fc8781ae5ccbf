"""FLOWBACK_MAX_IMAGE_BYTES bounds what an upload may weigh."""

import os

import httpx
import pytest

from config.settings import Settings
from tests.http.helpers import update_profile
from tests.images import image_bytes

pytestmark = pytest.mark.usefixtures("db")
LIMIT = 2000


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The usual test settings, with max_image_bytes changed."""
    return settings.model_copy(update={"max_image_bytes": LIMIT})


async def test_an_image_over_the_byte_limit_is_refused(
    client: httpx.AsyncClient, token: str
) -> None:
    noisy = image_bytes("PNG", size=(64, 64))
    big = noisy + os.urandom(LIMIT)  # trailing bytes: still a valid PNG, just heavy
    response = await update_profile(
        client, token, files={"profile_image": ("big.png", big, "image/png")}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "profile_image",
            "code": "IMAGE_TOO_LARGE",
            "message": f"The image may be at most {LIMIT} bytes.",
        }
    ]
    small = await update_profile(
        client, token, files={"profile_image": ("ok.png", noisy, "image/png")}
    )
    assert small.status_code == 200, small.text
