"""Issue 24: every GraphQL error carries ``extensions.code``, over HTTP.

Documents that fail to parse or validate carry the codes Apollo's clients and tooling
use (``GRAPHQL_PARSE_FAILED``, ``GRAPHQL_VALIDATION_FAILED``), variables that do not fit
``BAD_USER_INPUT``, the limits ``QUERY_TOO_COMPLEX``; the domain's codes are unchanged.
"""

from typing import Any

import httpx
import pytest

from adapters.composition import compose
from tests.abuse.conftest import app_client, small_settings

pytestmark = pytest.mark.usefixtures("db")


async def codes_of(body: dict[str, Any], **limits: Any) -> list[str]:
    async with app_client(compose(small_settings(**limits))) as client:
        response = await client.post("/graphql", json=body)
    assert response.status_code == 200, response.text
    return [error["extensions"]["code"] for error in response.json()["errors"]]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("{ users { count }", "GRAPHQL_PARSE_FAILED"),
        ("{ }", "GRAPHQL_PARSE_FAILED"),
        ("{ usrs { count } }", "GRAPHQL_VALIDATION_FAILED"),
        ("query($n: Int) { users { count } }", "GRAPHQL_VALIDATION_FAILED"),
        ('{ users(limit: "ten") { count } }', "GRAPHQL_VALIDATION_FAILED"),
        ("{ users { count } }", "UNAUTHENTICATED"),
    ],
)
async def test_documents_that_fail_carry_apollos_codes(query: str, code: str) -> None:
    assert await codes_of({"query": query}) == [code]


async def test_variables_that_do_not_fit_are_bad_user_input() -> None:
    query = "query($n: Int!) { users(limit: $n) { count } }"
    assert await codes_of({"query": query, "variables": {"n": "ten"}}) == ["BAD_USER_INPUT"]
    assert await codes_of({"query": query, "variables": {}}) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    ("query", "limits"),
    [
        ("{ " + "__typename " * 60 + "}", {"graphql_max_tokens": 50}),
        ("{ users { data { id } } }", {"graphql_max_depth": 1}),
        ("{ a: __typename b: __typename }", {"graphql_max_aliases": 1}),
        ("{ " + "__typename " * 11 + "}", {"graphql_max_selections": 10}),
    ],
)
async def test_the_limits_are_query_too_complex(query: str, limits: dict[str, Any]) -> None:
    assert await codes_of({"query": query}, **limits) == ["QUERY_TOO_COMPLEX"]


async def test_introspection_off_in_production_is_a_validation_failure() -> None:
    codes = await codes_of({"query": "{ __schema { types { name } } }"}, env="production")
    assert set(codes) == {"GRAPHQL_VALIDATION_FAILED"}


async def test_a_refused_document_is_answered_the_same_each_time(
    client: httpx.AsyncClient,
) -> None:
    answers = [(await client.post("/graphql", json={"query": "{ usrs }"})).json() for _ in range(2)]
    assert answers[0] == answers[1]
    assert answers[0]["data"] is None
    assert answers[0]["errors"][0]["locations"] == [{"line": 1, "column": 3}]
