"""GraphQL resource limits and production hardening, over HTTP."""

import logging
from typing import Any

import httpx
import pytest

from domain import registration
from domain.mail import MemoryMailer
from domain.services import Services, build_services
from tests.abuse.conftest import app_client, small_settings

pytestmark = pytest.mark.usefixtures("db")

REGISTER = 'r{n}: register(username: "u{n}", email: "u{n}@example.com") {{ ok }}'


async def post(client: httpx.AsyncClient, query: str) -> tuple[int, dict[str, Any]]:
    response = await client.post("/graphql", json={"query": query})
    return response.status_code, response.json()


def messages(body: dict[str, Any]) -> list[str]:
    return [error["message"] for error in body.get("errors") or []]


def services_for(**overrides: Any) -> tuple[Services, MemoryMailer]:
    mailer = MemoryMailer()
    return build_services(small_settings(**overrides), mailer=mailer), mailer


async def test_too_many_aliases_are_refused_before_execution() -> None:
    services, mailer = services_for()  # default: 15 aliases
    fields = " ".join(REGISTER.format(n=n) for n in range(16))
    async with app_client(services) as client:
        _, body = await post(client, f"mutation {{ {fields} }}")
        assert body["data"] is None
        assert messages(body) == ["16 aliases found. Allowed: 15"]
        assert mailer.outbox == []  # nothing ran
        fields = " ".join(REGISTER.format(n=n) for n in range(15))
        _, body = await post(client, f"mutation {{ {fields} }}")
    assert all(body["data"][f"r{n}"]["ok"] for n in range(15))


async def test_depth_over_the_limit_is_refused() -> None:
    # ``users { data { id } }`` is depth 2: leaves do not count.
    services, _ = services_for(graphql_max_depth=1)
    async with app_client(services) as client:
        _, body = await post(client, "query Deep { users { data { id } } }")
        _, shallow = await post(client, "query Shallow { users { count } }")
    assert body["data"] is None
    assert messages(body) == ["'Deep' exceeds maximum operation depth of 1"]
    # Within the limit the query runs (and answers that it needs a signed-in caller).
    assert shallow["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_too_many_tokens_are_refused() -> None:
    services, _ = services_for(graphql_max_tokens=50)
    async with app_client(services) as client:
        _, body = await post(client, "{ " + "__typename " * 60 + "}")
    assert body["data"] is None
    assert messages(body) == [
        "Syntax Error: Document contains more than 50 tokens. Parsing aborted."
    ]


async def test_batching_is_refused_with_a_clear_error() -> None:
    services, mailer = services_for()
    operation = {"query": 'mutation { register(username: "b", email: "b@example.com") { ok } }'}
    async with app_client(services) as client:
        response = await client.post("/graphql", json=[operation, operation])
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "MALFORMED_BODY"
    assert "Batching is not supported" in response.json()["detail"]
    assert mailer.outbox == []


async def test_mutations_over_get_are_refused() -> None:
    services, mailer = services_for()
    query = 'mutation { register(username: "g", email: "g@example.com") { ok } }'
    async with app_client(services) as client:
        response = await client.get("/graphql", params={"query": query})
        assert response.status_code == 400
        assert "mutations are not allowed" in response.text
        assert mailer.outbox == []
        queried = await client.get("/graphql", params={"query": "{ __typename }"})
    assert queried.json() == {"data": {"__typename": "Query"}}


async def test_graphql_body_errors_use_the_documented_shape() -> None:
    services, _ = services_for()
    async with app_client(services) as client:
        unsupported = await client.post(
            "/graphql", content=b"{ __typename }", headers={"Content-Type": "application/graphql"}
        )
        broken = await client.post(
            "/graphql", content=b'{"query": ', headers={"Content-Type": "application/json"}
        )
        undecodable = await client.post(
            "/graphql", content=b'{"query": "\xff"}', headers={"Content-Type": "application/json"}
        )
    assert unsupported.status_code == 415
    assert unsupported.json()["errors"][0]["code"] == "UNSUPPORTED_MEDIA_TYPE"
    for response in (broken, undecodable):
        assert response.status_code == 400
        assert response.json()["errors"][0]["code"] == "MALFORMED_BODY"


async def test_development_keeps_introspection_graphiql_and_suggestions() -> None:
    services, _ = services_for()
    async with app_client(services) as client:
        _, introspection = await post(client, "{ __schema { queryType { name } } }")
        _, typo = await post(client, "{ usrs { count } }")
        ide = await client.get("/graphql", headers={"Accept": "text/html"})
    assert introspection["data"] == {"__schema": {"queryType": {"name": "Query"}}}
    assert "Did you mean 'users'" in messages(typo)[0]
    assert ide.status_code == 200 and "graphiql" in ide.text.lower()


async def test_production_turns_off_introspection_graphiql_and_suggestions() -> None:
    services, _ = services_for(env="production")
    async with app_client(services) as client:
        _, introspection = await post(client, "{ __schema { queryType { name } } }")
        _, typename = await post(client, '{ __type(name: "User") { name } }')
        _, typo = await post(client, "{ usrs { count } }")
        _, bad_argument = await post(client, "{ users(limt: 1) { count } }")
        ide = await client.get("/graphql", headers={"Accept": "text/html"})
        _, allowed = await post(client, "{ __typename }")
    assert (
        introspection["data"] is None
        and "introspection has been disabled" in messages(introspection)[0]
    )
    assert typename["data"] is None
    assert messages(typo) == ["Cannot query field 'usrs' on type 'Query'."]
    assert all("Did you mean" not in message for message in messages(bad_argument))
    assert ide.status_code == 404 and "graphiql" not in ide.text.lower()
    assert allowed == {"data": {"__typename": "Query"}}


async def test_unexpected_errors_are_a_generic_message_with_a_request_id(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(**_: object) -> None:
        raise RuntimeError("connection to postgres://admin:hunter2@db failed")

    monkeypatch.setattr(registration, "register", broken)
    services, _ = services_for()
    caplog.set_level(logging.ERROR, logger="flowback.errors")
    async with app_client(services) as client:
        response = await client.post(
            "/graphql",
            json={"query": 'mutation { register(username: "x", email: "x@example.com") { ok } }'},
        )
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    [error] = body["errors"]
    request_id = response.headers["X-Request-ID"]
    assert error["message"] == "Internal server error."
    assert error["extensions"] == {"code": "INTERNAL_ERROR", "request_id": request_id}
    assert "hunter2" not in response.text
    assert request_id in caplog.text and "hunter2" in caplog.text  # the detail goes to the log
