from typing import Any

import httpx

from domain.mail import MemoryMailer
from tests.factories import PASSWORD, code_in

GRAPHQL = "/graphql"


async def signed_up(
    client: httpx.AsyncClient,
    mailer: MemoryMailer,
    username: str = "alice",
    email: str | None = None,
) -> str:
    """Register, verify and log in through REST; returns the token."""
    email = email or f"{username}@example.com"
    response = await client.post("/register", data={"username": username, "email": email})
    assert response.status_code == 200, response.text
    verify = {"verification_code": code_in(mailer.outbox[-1]), "password": PASSWORD}
    response = await client.post("/register/verify", data=verify)
    assert response.status_code == 201, response.text
    response = await client.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    token: str = response.json()["token"]
    return token


async def graphql(
    client: httpx.AsyncClient, query: str, token: str | None = None, **variables: Any
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await client.post(
        GRAPHQL, json={"query": query, "variables": variables}, headers=headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body
