"""The list's ``count`` and ``total_page`` are exact at once after every change of users.

The count is read from a row that triggers keep (models.counts), not counted per request;
these prove a client never sees it lag: a registration, a deletion, an operator's account
and a bulk seed each show in the very next list.
"""

import httpx
import pytest

from adapters.composition import Composition
from adapters.mailers import MemoryMailer
from tests.factories import PASSWORD, code_in
from tests.http.helpers import signed_up

pytestmark = pytest.mark.usefixtures("db")


async def counted(client: httpx.AsyncClient, token: str) -> tuple[int, int]:
    response = await client.get("/users?limit=1", headers={"Authorization": f"Token {token}"})
    assert response.status_code == 200
    body = response.json()
    return body["count"], body["total_page"]


async def test_a_registration_is_counted_in_the_next_list(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    token = await signed_up(client, mailer, username="alice")
    assert await counted(client, token) == (1, 1)
    await client.post("/register", data={"username": "bob", "email": "bob@example.com"})
    assert await counted(client, token) == (1, 1)  # a pending registration is no user yet
    verify = {"verification_code": code_in(mailer.outbox[-1]), "password": PASSWORD}
    assert (await client.post("/register/verify", data=verify)).status_code == 201
    assert await counted(client, token) == (2, 2)


async def test_a_deletion_leaves_the_count_in_the_next_list(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    token = await signed_up(client, mailer, username="alice")
    leaving = await signed_up(client, mailer, username="bob")
    assert await counted(client, token) == (2, 2)
    response = await client.post(
        "/user/delete", data={"password": PASSWORD}, headers={"Authorization": leaving}
    )
    assert response.status_code == 200
    assert await counted(client, token) == (1, 1)


async def test_operator_accounts_and_seeded_users_are_counted(
    client: httpx.AsyncClient, mailer: MemoryMailer, composition: Composition
) -> None:
    token = await signed_up(client, mailer, username="alice")
    await composition.rules.operator_accounts.create(
        username="admin", email="admin@example.com", password=PASSWORD
    )
    await composition.rules.operator_accounts.seed(count=7, prefix="demo", password=PASSWORD)
    assert await counted(client, token) == (9, 9)


async def test_a_filtered_list_counts_only_its_matches(
    client: httpx.AsyncClient, mailer: MemoryMailer, composition: Composition
) -> None:
    token = await signed_up(client, mailer, username="alice")
    await composition.rules.operator_accounts.seed(count=3, prefix="demo", password=PASSWORD)
    headers = {"Authorization": f"Token {token}"}
    for query, expected in (("username=demo2", 1), ("username=Demo2", 0), ("username=nobody", 0)):
        body = (await client.get(f"/users?{query}", headers=headers)).json()
        assert (body["count"], [row["username"] for row in body["data"]][:1]) == (
            expected,
            ["demo2"][:expected],
        )
