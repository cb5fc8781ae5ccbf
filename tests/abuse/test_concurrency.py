"""Races: many clients at once for one username or one code end with exactly one account,
and many image updates of one account leave exactly its images in the media directory."""

import asyncio
from datetime import timedelta

import httpx
import pytest

from adapters.composition import Composition, compose
from adapters.housekeeper import housekeeping_pass
from adapters.mailers import MemoryMailer
from config.settings import Settings
from domain.clock import ManualClock
from models import User
from tests.abuse.conftest import app_client, small_settings
from tests.factories import PASSWORD, code_in
from tests.images import image_bytes

pytestmark = pytest.mark.usefixtures("db")

RACERS = 50
GENEROUS = {
    "rate_limit_register_ip": "1000/minute",
    "rate_limit_verify_ip": "1000/minute",
    # Every racer hashes its password at once: none may be refused for the queue.
    "hash_queue_size": 100,
    "hash_queue_per_account": 100,
    "hash_queue_per_address": 100,
}


async def test_fifty_registrations_and_verifies_for_one_username_make_one_account() -> None:
    mailer = MemoryMailer()
    composition = compose(small_settings(**GENEROUS), mailer=mailer)
    async with app_client(composition) as client:
        registered = await asyncio.gather(
            *(
                client.post("/register", data={"username": "racer", "email": f"r{n}@example.com"})
                for n in range(RACERS)
            )
        )
        assert [response.status_code for response in registered] == [200] * RACERS
        codes = [code_in(message) for message in mailer.outbox]
        assert len(set(codes)) == RACERS

        async def verify(code: str) -> httpx.Response:
            fields = {"verification_code": code, "password": PASSWORD}
            return await client.post("/register/verify", data=fields)

        verified = await asyncio.gather(*(verify(code) for code in codes))
    statuses = sorted(response.status_code for response in verified)
    assert statuses == [201] + [400] * (RACERS - 1)
    refused = {r.json()["errors"][0]["code"] for r in verified if r.status_code == 400}
    assert refused == {"USERNAME_TAKEN"}
    assert await User.filter(username="racer").count() == 1


async def test_fifty_verifies_of_one_code_make_one_account() -> None:
    mailer = MemoryMailer()
    composition = compose(small_settings(**GENEROUS), mailer=mailer)
    async with app_client(composition) as client:
        await client.post("/register", data={"username": "once", "email": "once@example.com"})
        fields = {"verification_code": code_in(mailer.outbox[-1]), "password": PASSWORD}
        verified = await asyncio.gather(
            *(client.post("/register/verify", data=fields) for _ in range(RACERS))
        )
    statuses = sorted(response.status_code for response in verified)
    assert statuses == [201] + [400] * (RACERS - 1)
    refused = {r.json()["errors"][0]["code"] for r in verified if r.status_code == 400}
    assert refused == {"INVALID_CODE"}
    assert await User.all().count() == 1


IMAGE_RACERS = 12


async def test_concurrent_image_updates_of_one_account_leave_no_orphaned_file(
    client: httpx.AsyncClient,
    token: str,
    settings: Settings,
    composition: Composition,
    clock: ManualClock,
) -> None:
    """Every picture replaced by the racing updates goes once its grace period has passed;
    the two shown stay."""
    headers = {"Authorization": f"Token {token}"}

    async def update(n: int) -> httpx.Response:
        files = {"profile_image": (f"{n}.png", image_bytes("PNG", size=(8 + n, 6)))}
        if n % 2:
            files["banner_image"] = (f"b{n}.jpg", image_bytes("JPEG"))
        return await client.post("/user/update", files=files, headers=headers)

    for _ in range(2):  # from no images, then over images already there
        updated = await asyncio.gather(*(update(n) for n in range(IMAGE_RACERS)))
        assert [response.status_code for response in updated] == [200] * IMAGE_RACERS
        user = await User.get(username="alice")
        kept = {user.profile_image, user.banner_image}
        assert None not in kept
        clock.advance(timedelta(seconds=settings.replaced_picture_grace + 1))
        await housekeeping_pass(settings=settings, clock=clock, media=composition.rules.media)
        assert {path.name for path in settings.media_root.iterdir()} == kept


async def test_image_updates_racing_an_account_deletion_leave_no_file(
    client: httpx.AsyncClient, token: str, settings: Settings
) -> None:
    headers = {"Authorization": f"Token {token}"}
    picture = {"profile_image": ("me.png", image_bytes("PNG"))}
    await client.post("/user/update", files=picture, headers=headers)

    async def update() -> httpx.Response:
        picture = {"profile_image": ("me.png", image_bytes("PNG"))}
        return await client.post("/user/update", files=picture, headers=headers)

    deletion = client.post("/user/delete", data={"password": PASSWORD}, headers=headers)
    responses = await asyncio.gather(*(update() for _ in range(4)), deletion, update())
    assert responses[4].status_code == 200
    assert all(response.status_code in (200, 401) for response in responses)
    assert list(settings.media_root.iterdir()) == []
