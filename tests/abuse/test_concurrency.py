"""Races: many clients at once for one username or one code end with exactly one account."""

import asyncio

import httpx
import pytest

from domain.mail import MemoryMailer
from domain.services import build_services
from models import User
from tests.abuse.conftest import app_client, small_settings
from tests.factories import PASSWORD, code_in

pytestmark = pytest.mark.usefixtures("db")

RACERS = 50
GENEROUS = {"rate_limit_register_ip": "1000/minute", "rate_limit_verify_ip": "1000/minute"}


async def test_fifty_registrations_and_verifies_for_one_username_make_one_account() -> None:
    mailer = MemoryMailer()
    services = build_services(small_settings(**GENEROUS), mailer=mailer)
    async with app_client(services) as client:
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
    services = build_services(small_settings(**GENEROUS), mailer=mailer)
    async with app_client(services) as client:
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
