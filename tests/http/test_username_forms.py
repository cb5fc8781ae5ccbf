"""Usernames that look like others: compared in NFC, and no script mixed into another."""

import httpx
import pytest

from adapters.mailers import MemoryMailer
from models import User
from tests.factories import PASSWORD, code_in
from tests.http.helpers import auth, field_errors_of_registering, graphql, signed_up, update_profile

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


@pytest.mark.parametrize("filler", ["\u3164", "\u115f", "\u1160", "\uffa0"])
async def test_a_name_with_a_character_that_shows_as_nothing_is_refused(
    client: httpx.AsyncClient, mailer: MemoryMailer, filler: str
) -> None:
    await signed_up(client, mailer, username="victim")
    for name in (f"victim{filler}", f"vic{filler}tim", f"{filler}newname"):
        errors, detail = await field_errors_of_registering(
            client, username=name, email="mallory@example.com"
        )
        assert errors == [("username", "INVALID_USERNAME")]
        assert "nothing" in detail["username"][0]
    assert await User.all().count() == 1


@pytest.mark.parametrize(
    ("existing", "look_alike"),
    [
        ("ape", "\u0430\u0440\u0435"),  # Cyrillic a, er, ie
        ("victim", "vict\u0131m"),  # dotless i
        ("victim", "victirn"),  # r n for m
        ("Iris", "lris"),  # capital I and small L
        ("ape", "\u0391\u03a1\u0395"),  # Greek capitals: alike once case is folded
        ("dave", "\uff44\uff41\uff56\uff45"),  # full-width letters
    ],
)
async def test_a_name_that_looks_like_an_existing_one_is_taken(
    client: httpx.AsyncClient, mailer: MemoryMailer, existing: str, look_alike: str
) -> None:
    await signed_up(client, mailer, username=existing)
    errors, _ = await field_errors_of_registering(
        client, username=look_alike, email="mallory@example.com"
    )
    assert errors == [("username", "USERNAME_TAKEN")]


async def test_of_two_pending_look_alikes_the_second_to_verify_is_refused(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    for name in ("ape", "\u0430\u0440\u0435"):
        response = await client.post(
            "/register", json={"username": name, "email": f"{len(mailer.outbox)}@example.com"}
        )
        assert response.status_code == 200, response.text
    codes = [code_in(message) for message in mailer.outbox]
    first = await client.post(
        "/register/verify", json={"verification_code": codes[0], "password": PASSWORD}
    )
    assert first.status_code == 201, first.text
    second = await client.post(
        "/register/verify", json={"verification_code": codes[1], "password": PASSWORD}
    )
    assert second.status_code == 400
    assert [e["code"] for e in second.json()["errors"]] == ["USERNAME_TAKEN"]
    assert [user.username for user in await User.all()] == ["ape"]


async def test_a_username_change_may_not_look_like_another_name_but_may_like_its_own(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    await signed_up(client, mailer, username="victim")
    token = await signed_up(client, mailer, username="Iris", email="iris@example.com")
    taken = await update_profile(client, token, json={"username": "vict\u0131m"})
    assert taken.status_code == 400
    assert [e["code"] for e in taken.json()["errors"]] == ["USERNAME_TAKEN"]
    renamed = await update_profile(client, token, json={"username": "lris"})
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["username"] == "lris"
    # Freed by the change: another account may now take the old look.
    assert (await User.get(username="lris")).username_skeleton == "lris"


async def test_a_deleted_account_frees_the_look_of_its_name(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    token = await signed_up(client, mailer, username="ape")
    deleted = await client.post("/user/delete", json={"password": PASSWORD}, headers=auth(token))
    assert deleted.status_code == 200, deleted.text
    await signed_up(client, mailer, username="\u0430\u0440\u0435", email="new@example.com")
