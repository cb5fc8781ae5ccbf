"""A GraphQL request of several mutations: each asks for the session afresh, so one that
ends the session or the account leaves the later ones signed out."""

from typing import Any

import httpx
import pytest

from adapters.mailers import MemoryMailer
from models import User
from tests.factories import PASSWORD
from tests.http.helpers import GRAPHQL, auth, signed_up

pytestmark = pytest.mark.usefixtures("db")

NEW_PASSWORD = "a brand new passphrase of mine"
UPDATE = (
    'updateUser(input: {username: "ghost", bio: "back again", userConfig: "{}"})'
    " { user { username } errors { code } }"
)


async def mutate(client: httpx.AsyncClient, token: str, fields: str) -> dict[str, Any]:
    response = await client.post(
        GRAPHQL, json={"query": f"mutation {{ {fields} }}"}, headers=auth(token)
    )
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


async def test_update_after_delete_in_one_request_writes_nothing(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    token = await signed_up(client, mailer)
    data = await mutate(client, token, f'deleteAccount(password: "{PASSWORD}") {{ ok }} {UPDATE}')
    assert data["deleteAccount"] == {"ok": True}
    assert data["updateUser"] == {"user": None, "errors": [{"code": "UNAUTHENTICATED"}]}
    row = await User.get()
    assert row.username.startswith("deleted_user_")
    assert [row.bio, row.user_config, row.is_active] == [None, None, False]


async def test_update_after_logout_all_in_one_request_is_unauthenticated(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    token = await signed_up(client, mailer)
    data = await mutate(client, token, f"logoutAll {{ ok }} {UPDATE}")
    assert data["logoutAll"] == {"ok": True}
    assert data["updateUser"] == {"user": None, "errors": [{"code": "UNAUTHENTICATED"}]}
    row = await User.get()
    assert [row.username, row.bio] == ["alice", None]


async def test_a_later_mutation_sees_what_an_earlier_one_wrote(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    token = await signed_up(client, mailer)
    data = await mutate(
        client,
        token,
        f'changePassword(currentPassword: "{PASSWORD}", newPassword: "{NEW_PASSWORD}")'
        f' {{ ok }} deleteAccount(password: "{NEW_PASSWORD}") {{ ok errors {{ code }} }}',
    )
    assert data == {"changePassword": {"ok": True}, "deleteAccount": {"ok": True, "errors": []}}
    assert not (await User.get()).is_active
