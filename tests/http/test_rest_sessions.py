import httpx
import pytest

from adapters.mailers import MemoryMailer
from tests.factories import PASSWORD
from tests.http.helpers import signed_up

pytestmark = pytest.mark.usefixtures("db")

BAD_CREDENTIALS = {"non_field_errors": ["Unable to log in with provided credentials."]}


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "alice", "password": "wrong wrong wrong"},
        {"username": "nobody", "password": PASSWORD},
    ],
)
async def test_failed_login_has_the_legacy_body(
    client: httpx.AsyncClient, mailer: MemoryMailer, credentials: dict[str, str]
) -> None:
    await signed_up(client, mailer)
    response = await client.post("/login", data=credentials)
    assert response.status_code == 400
    assert response.json()["detail"] == BAD_CREDENTIALS
    assert response.json()["errors"][0]["code"] == "INVALID_CREDENTIALS"


@pytest.mark.parametrize("scheme", ["", "Token ", "Bearer "])
async def test_all_three_authorization_forms(
    client: httpx.AsyncClient, token: str, scheme: str
) -> None:
    response = await client.get("/user", headers={"Authorization": scheme + token})
    assert response.status_code == 200
    assert response.json()["username"] == "alice"


async def test_missing_and_invalid_tokens(client: httpx.AsyncClient) -> None:
    response = await client.get("/users")
    assert response.status_code == 401
    assert response.json()["detail"] == "Authentication credentials were not provided."
    assert response.headers["WWW-Authenticate"] == "Token"
    response = await client.get("/users", headers={"Authorization": "Token nope"})
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid token."


async def test_logout_revokes_the_token_used(client: httpx.AsyncClient, token: str) -> None:
    other = (await client.post("/login", json={"username": "alice", "password": PASSWORD})).json()[
        "token"
    ]
    response = await client.post("/logout", headers={"Authorization": f"Token {token}"})
    assert response.status_code == 200
    assert (await client.get("/user", headers={"Authorization": token})).status_code == 401
    assert (await client.post("/logout", headers={"Authorization": token})).status_code == 401
    assert (await client.get("/user", headers={"Authorization": other})).status_code == 200
    assert (await client.post("/logout")).status_code == 401


async def test_nul_characters_in_the_login_name_are_bad_credentials(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    await signed_up(client, mailer)
    response = await client.post("/login", json={"username": "alice\x00", "password": PASSWORD})
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "INVALID_CREDENTIALS"
