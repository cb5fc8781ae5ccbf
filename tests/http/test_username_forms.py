"""Usernames that look like others: compared in NFC, and no script mixed into another."""

import httpx
import pytest

from adapters.mailers import MemoryMailer
from models import User
from tests.http.helpers import field_errors_of_registering, graphql, signed_up

pytestmark = pytest.mark.usefixtures("db")

COMPOSED = "ren\u00e9e"
DECOMPOSED = "rene\u0301e"


async def test_a_decomposed_username_registers_and_is_stored_composed(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    token = await signed_up(client, mailer, username=DECOMPOSED, email="renee@example.com")
    me = await client.get("/user", headers={"Authorization": f"Token {token}"})
    assert me.json()["username"] == COMPOSED
    assert await User.filter(username=COMPOSED).count() == 1
    login = await client.post("/login", data={"username": COMPOSED, "password": "x" * 20})
    assert login.json()["errors"][0]["code"] == "INVALID_CREDENTIALS"  # found, wrong password
    listed = await client.get(
        "/users", params={"username": DECOMPOSED}, headers={"Authorization": f"Token {token}"}
    )
    assert [row["username"] for row in listed.json()["data"]] == [COMPOSED]


async def test_the_composed_form_of_a_taken_decomposed_name_is_taken(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    await signed_up(client, mailer, username=DECOMPOSED, email="renee@example.com")
    response = await client.post("/register", json={"username": COMPOSED, "email": "r@example.com"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "USERNAME_TAKEN"


async def test_a_cyrillic_letter_beside_an_existing_latin_name_is_refused(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    await signed_up(client, mailer, username="alice")
    errors, detail = await field_errors_of_registering(
        client, username="\u0430lice", email="mallory@example.com"
    )
    assert errors == [("username", "INVALID_USERNAME")]
    assert "script" in detail["username"][0]
    assert await User.all().count() == 1
    assert len(mailer.outbox) == 1  # alice's code only


async def test_a_greek_letter_is_refused_on_graphql_and_in_a_profile_update(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    token = await signed_up(client, mailer, username="omega")
    body = await graphql(
        client,
        'mutation { register(username: "\u03bfmega", email: "o@example.com") '
        "{ ok errors { field code } } }",
    )
    assert body["data"]["register"] == {
        "ok": False,
        "errors": [{"field": "username", "code": "INVALID_USERNAME"}],
    }
    update = await client.post(
        "/user/update", json={"username": "\u03bfmega"}, headers={"Authorization": f"Token {token}"}
    )
    assert update.status_code == 400
    assert update.json()["errors"][0]["code"] == "INVALID_USERNAME"
    assert await User.filter(username="omega").count() == 1
