"""UNAUTHENTICATED says one thing on every GraphQL path (schema/errors.py): a top-level
error of a query, the payload of a mutation, each entity of ``_entities``, and the SDL
refused outside the gateway in production."""

from typing import Any

import pytest

from adapters.composition import Composition
from domain.errors import ErrorCode
from schema import app_schema
from schema.context import Context
from tests.abuse.conftest import app_client, small_settings
from tests.http.helpers import graphql

pytestmark = pytest.mark.usefixtures("db")
MESSAGE = "Authentication credentials were not provided."


QUERIES = [
    "{ user { id } }",
    "{ users { count } }",
    "{ usersConnection(first: 1) { totalCount } }",
    "{ sessions { id } }",
    '{ _entities(representations: [{__typename: "User", id: 1}]) { __typename } }',
]
MUTATIONS = [
    "mutation { logout { errors { field code message } } }",
    'mutation { updateUser(input: {bio: "x"}) { errors { field code message } } }',
]


@pytest.mark.parametrize("token", [None, "not-a-token-of-anyone"])
async def test_every_path_that_needs_a_caller_says_the_same(
    composition: Composition, token: str | None
) -> None:
    async with app_client(composition) as client:
        queries = [await graphql(client, query, token) for query in QUERIES]
        mutations = [await graphql(client, mutation, token) for mutation in MUTATIONS]
    top_level = [(e["message"], e["extensions"]["code"]) for q in queries for e in q["errors"]]
    assert top_level == [(MESSAGE, "UNAUTHENTICATED")] * len(QUERIES)
    payloads = [
        error for m in mutations for payload in m["data"].values() for error in payload["errors"]
    ]
    assert payloads == [{"field": None, "code": "UNAUTHENTICATED", "message": MESSAGE}] * 2


async def test_the_sdl_refused_outside_the_gateway_says_the_same(composition: Composition) -> None:
    settings = small_settings(env="production", gateway_token="g" * 32)
    context = Context(settings=settings, rules=composition.rules)
    result: Any = await app_schema(settings).execute("{ _service { sdl } }", context_value=context)
    [error] = result.errors
    assert (error.message, error.extensions) == (MESSAGE, {"code": "UNAUTHENTICATED"})


def test_the_message_is_the_codes_own_and_the_rest_contracts() -> None:
    assert ErrorCode.UNAUTHENTICATED.message == MESSAGE
