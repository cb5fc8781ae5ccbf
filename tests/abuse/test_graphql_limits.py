"""GraphQL resource limits and production hardening, over HTTP."""

import logging
from typing import Any

import httpx
import pytest

from adapters.composition import Composition, compose
from adapters.mailers import MemoryMailer
from domain.registration import Registration
from tests.abuse.conftest import app_client, small_settings

pytestmark = pytest.mark.usefixtures("db")

REGISTER = 'r{n}: register(username: "u{n}", email: "u{n}@example.com") {{ ok }}'


async def post(client: httpx.AsyncClient, query: str) -> tuple[int, dict[str, Any]]:
    response = await client.post("/graphql", json={"query": query})
    return response.status_code, response.json()


def messages(body: dict[str, Any]) -> list[str]:
    return [error["message"] for error in body.get("errors") or []]


def services_for(**overrides: Any) -> tuple[Composition, MemoryMailer]:
    mailer = MemoryMailer()
    return compose(small_settings(**overrides), mailer=mailer), mailer


async def test_too_many_aliases_are_refused_before_execution() -> None:
    composition, mailer = services_for()  # default: 15 aliases
    fields = " ".join(REGISTER.format(n=n) for n in range(16))
    async with app_client(composition) as client:
        _, body = await post(client, f"mutation {{ {fields} }}")
        assert body["data"] is None
        assert messages(body) == ["16 aliases found. Allowed: 15"]
        assert mailer.outbox == []  # nothing ran
        fields = " ".join(REGISTER.format(n=n) for n in range(15))
        _, body = await post(client, f"mutation {{ {fields} }}")
    assert all(body["data"][f"r{n}"]["ok"] for n in range(15))


async def test_depth_over_the_limit_is_refused() -> None:
    # ``users { data { id } }`` is depth 2: leaves do not count.
    composition, _ = services_for(graphql_max_depth=1)
    async with app_client(composition) as client:
        _, body = await post(client, "query Deep { users { data { id } } }")
        _, shallow = await post(client, "query Shallow { users { count } }")
    assert body["data"] is None
    assert messages(body) == ["'Deep' exceeds maximum operation depth of 1"]
    # Within the limit the query runs (and answers that it needs a signed-in caller).
    assert shallow["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_too_many_tokens_are_refused() -> None:
    composition, _ = services_for(graphql_max_tokens=50)
    async with app_client(composition) as client:
        _, body = await post(client, "{ " + "__typename " * 60 + "}")
    assert body["data"] is None
    assert messages(body) == [
        "Syntax Error: Document contains more than 50 tokens. Parsing aborted."
    ]


async def test_batching_is_refused_with_a_clear_error() -> None:
    composition, mailer = services_for()
    operation = {"query": 'mutation { register(username: "b", email: "b@example.com") { ok } }'}
    async with app_client(composition) as client:
        response = await client.post("/graphql", json=[operation, operation])
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "MALFORMED_BODY"
    assert "Batching is not supported" in response.json()["detail"]
    assert mailer.outbox == []


async def test_mutations_over_get_are_refused() -> None:
    composition, mailer = services_for()
    query = 'mutation { register(username: "g", email: "g@example.com") { ok } }'
    async with app_client(composition) as client:
        response = await client.get("/graphql", params={"query": query})
        assert response.status_code == 400
        assert "mutations are not allowed" in response.text
        assert mailer.outbox == []
        queried = await client.get("/graphql", params={"query": "{ __typename }"})
    assert queried.json() == {"data": {"__typename": "Query"}}


async def test_graphql_body_errors_use_the_documented_shape() -> None:
    composition, _ = services_for()
    async with app_client(composition) as client:
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
    composition, _ = services_for()
    async with app_client(composition) as client:
        _, introspection = await post(client, "{ __schema { queryType { name } } }")
        _, typo = await post(client, "{ usrs { count } }")
        ide = await client.get("/graphql", headers={"Accept": "text/html"})
    assert introspection["data"] == {"__schema": {"queryType": {"name": "Query"}}}
    assert "Did you mean 'users'" in messages(typo)[0]
    assert ide.status_code == 200 and "graphiql" in ide.text.lower()


async def test_production_turns_off_introspection_graphiql_and_suggestions() -> None:
    composition, _ = services_for(env="production")
    async with app_client(composition) as client:
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
    async def broken(*_: object, **__: object) -> None:
        raise RuntimeError("connection to postgres://admin:hunter2@db failed")

    monkeypatch.setattr(Registration, "register", broken)
    composition, _ = services_for()
    caplog.set_level(logging.ERROR, logger="flowback.errors")
    async with app_client(composition) as client:
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
    assert "hunter2" in caplog.text
    assert request_id in [
        getattr(record, "request_id", None) for record in caplog.records
    ]  # the detail goes to the log
    [logged] = [record for record in caplog.records if record.exc_info]  # once, not twice
    assert logged.name == "flowback.errors" and logged.request_id == request_id  # type: ignore[attr-defined]


async def test_production_hides_suggestions_for_fields_of_input_objects() -> None:
    composition, _ = services_for(env="production")
    query = "mutation($i: UpdateUserInput!) { updateUser(input: $i) { errors { code } } }"
    async with app_client(composition) as client:
        _, literal = await post(client, 'mutation { updateUser(input: {usernme: "a"}) { ok } }')
        response = await client.post(
            "/graphql", json={"query": query, "variables": {"i": {"usernme": "a"}}}
        )
    for body in (literal, response.json()):
        assert messages(body), body
        assert all("Did you mean" not in message for message in messages(body))
        assert any("usernme" in message for message in messages(body))


def spreads(count: int) -> str:
    """An anonymous query spreading ``count`` fragments of one field each."""
    names = " ".join(f"...F{n}" for n in range(count))
    fragments = " ".join(f"fragment F{n} on Query {{ __typename }}" for n in range(count))
    return f"query {{ {names} }} {fragments}"


def doubling(count: int) -> str:
    """``count`` fragments, each spreading the one before twice: 2**count fields in ~8*count
    tokens, which validation rules following spreads walk in full."""
    chain = " ".join(
        f"fragment F{n} on Query {{ ...F{n - 1} ...F{n - 1} }}" for n in range(1, count)
    )
    return f"query {{ ...F{count - 1} }} fragment F0 on Query {{ __typename }} {chain}"


def codes(body: dict[str, Any]) -> list[str]:
    return [error.get("extensions", {}).get("code") for error in body["errors"]]


async def test_too_many_fragments_are_refused_before_validation() -> None:
    composition, _ = services_for(graphql_max_fragments=20)
    async with app_client(composition) as client:
        _, over = await post(client, spreads(21))
        _, within = await post(client, spreads(20))
    assert over["data"] is None
    assert codes(over) == ["QUERY_TOO_COMPLEX"]
    assert messages(over) == ["The document has 21 fragments; at most 20 are allowed."]
    assert within == {"data": {"__typename": "Query"}}


async def test_fields_are_counted_with_fragments_expanded() -> None:
    # 60 fragments doubling each other stand for 2**60 fields in about 500 tokens; without
    # the budget, validation would never finish.
    composition, _ = services_for(graphql_max_fragments=100, graphql_max_selections=100)
    async with app_client(composition) as client:
        _, exploding = await post(client, doubling(60))
        _, within = await post(client, doubling(6))  # 2**5 = 32 fields
        _, over = await post(client, "{ " + "__typename " * 101 + "}")
    assert codes(exploding) == ["QUERY_TOO_COMPLEX"]
    assert str(2**59) in messages(exploding)[0]
    assert within == {"data": {"__typename": "Query"}}
    assert messages(over) == [
        "The document selects 101 fields with its fragments expanded; at most 100 are allowed."
    ]


async def test_the_budget_keeps_the_validation_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """A document within budget is validated once, however often it is sent: the budget
    and the limiters are built once per schema, not per request."""
    import graphql.validation

    import schema.documents

    calls = 0
    real_validate = graphql.validation.validate

    def counting(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        return real_validate(*args, **kwargs)

    monkeypatch.setattr(schema.documents, "validate", counting)
    composition, _ = services_for()
    query = spreads(3) + " # cached " + "x" * 8
    async with app_client(composition) as client:
        for _ in range(3):
            _, body = await post(client, query)
            assert body == {"data": {"__typename": "Query"}}
    assert calls == 1


async def test_a_document_is_walked_once_whether_within_budget_or_over_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import schema.budget
    import schema.documents

    walked = []
    real_check = schema.budget.check_document

    def counting(document: Any, **kwargs: Any) -> schema.budget.DocumentSize:
        walked.append(document)
        return real_check(document, **kwargs)

    monkeypatch.setattr(schema.documents, "check_document", counting)
    composition, _ = services_for(graphql_max_fragments=20)
    async with app_client(composition) as client:
        within = [(await post(client, spreads(20)))[1] for _ in range(3)]
        over = [(await post(client, spreads(21)))[1] for _ in range(3)]
    assert within == [{"data": {"__typename": "Query"}}] * 3
    assert [codes(body) for body in over] == [["QUERY_TOO_COMPLEX"]] * 3
    assert len(walked) == 1 + 1


async def test_the_introspection_query_of_schema_tools_fits_where_introspection_is_on() -> None:
    from graphql import get_introspection_query

    composition, _ = services_for()
    async with app_client(composition) as client:
        _, full = await post(client, get_introspection_query(descriptions=True))
        _, disguised = await post(client, "{ __typename " + "users { count } " * 60 + "}")
    assert full["data"]["__schema"]["queryType"]["name"] == "Query"
    assert codes(disguised) == ["QUERY_TOO_COMPLEX"]
