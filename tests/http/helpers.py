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


def sample(metrics: str, name: str, **labels: str) -> float:
    """The value of one sample in the Prometheus text format (0 when absent)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in metrics.splitlines():
        if line.startswith("#"):
            continue
        series, _, value = line.rpartition(" ")
        if not labels and series == name:
            return float(value)
        if not series.startswith(name + "{"):
            continue
        found = ",".join(sorted(series[len(name) + 1 : -1].split(",")))
        if found == wanted:
            return float(value)
    return 0.0
