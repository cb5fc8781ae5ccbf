from typing import Any

import httpx

from adapters.mailers import MemoryMailer
from tests.factories import PASSWORD, code_in

GRAPHQL = "/graphql"


async def signed_up(
    client: httpx.AsyncClient,
    mailer: MemoryMailer,
    username: str = "alice",
    email: str | None = None,
    *,
    as_web_app: bool = False,
) -> str:
    """Register, verify and log in through REST; returns the token. ``as_web_app`` sends
    JSON and logs in with the e-mail, as the Flowback web app does."""
    email = email or f"{username}@example.com"

    async def post(path: str, fields: dict[str, str]) -> httpx.Response:
        if as_web_app:
            return await client.post(path, json=fields)
        return await client.post(path, data=fields)

    response = await post("/register", {"username": username, "email": email})
    assert response.status_code == 200, response.text
    verify = {"verification_code": code_in(mailer.outbox[-1]), "password": PASSWORD}
    response = await post("/register/verify", verify)
    assert response.status_code == 201, response.text
    response = await post(
        "/login", {"username": email if as_web_app else username, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["token"]
    return token


async def field_errors_of_registering(
    client: httpx.AsyncClient, *, username: str, email: str
) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """POST /register as JSON, which must be refused (400): its (field, code) pairs and the
    document dialect's ``detail``."""
    response = await client.post("/register", json={"username": username, "email": email})
    assert response.status_code == 400, response.text
    body = response.json()
    return [(e["field"], e["code"]) for e in body["errors"]], body["detail"]


def auth(token: str) -> dict[str, str]:
    """The REST facade's Authorization header for ``token``."""
    return {"Authorization": f"Token {token}"}


async def update_profile(client: httpx.AsyncClient, token: str, **request: Any) -> httpx.Response:
    """POST /user/update signed in with ``token``; ``request`` is httpx's ``data``, ``json``
    or ``files``."""
    return await client.post("/user/update", headers=auth(token), **request)


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
