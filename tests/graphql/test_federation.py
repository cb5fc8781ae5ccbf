"""The subgraph: ``_service { sdl }`` with ``User @key(fields: "id")``, and ``_entities``
resolving a batch of representations in one statement, as the caller sees them."""

from collections.abc import Iterator

import pytest
from tortoise.context import TortoiseContext

from adapters.composition import Composition
from models import User
from tests.factories import PASSWORD, make_user
from tests.graphql.helpers import execute
from tests.http.statements import StatementLog, counting_statements

ENTITIES = """query($representations: [_Any!]!) {
  _entities(representations: $representations) { __typename ... on User { id username email } }
}"""


@pytest.fixture
def statements(db: TortoiseContext, monkeypatch: pytest.MonkeyPatch) -> Iterator[StatementLog]:
    with counting_statements(db, monkeypatch) as log:
        yield log


def _representations(*ids: object) -> list[dict[str, object]]:
    return [{"__typename": "User", "id": user_id} for user_id in ids]


@pytest.mark.usefixtures("db")
async def test_the_sdl_declares_user_an_entity_keyed_by_id(composition: Composition) -> None:
    result = await execute(composition, "{ _service { sdl } }")
    sdl = result.data["_service"]["sdl"]
    assert '@link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key"])' in sdl
    assert 'type User @key(fields: "id")' in sdl
    assert "usersConnection(" in sdl


async def test_entities_are_one_statement_in_order_as_the_caller_sees_them(
    composition: Composition, statements: StatementLog
) -> None:
    ann = await make_user(composition, username="ann", email="ann@example.com")
    bob = await make_user(composition, username="bob")
    gone = await make_user(composition, username="gone")
    await User.filter(id=gone.id).update(is_active=False)
    token = await composition.rules.sessions.login(username="ann", password=PASSWORD)
    statements.clear()
    representations = _representations(bob.id, 987654, ann.id, gone.id, "x", bob.id)
    result = await execute(composition, ENTITIES, token, representations=representations)
    assert result.errors is None
    bob_seen = {"__typename": "User", "id": bob.id, "username": "bob", "email": None}
    assert result.data["_entities"] == [
        bob_seen,
        None,
        {"__typename": "User", "id": ann.id, "username": "ann", "email": "ann@example.com"},
        None,
        None,
        bob_seen,
    ]
    token_check = 1
    assert len(statements) == token_check + 1


@pytest.mark.usefixtures("db")
async def test_entities_need_a_signed_in_caller(composition: Composition) -> None:
    ann = await make_user(composition, username="ann")
    result = await execute(composition, ENTITIES, representations=_representations(ann.id))
    assert result.data == {"_entities": [None]}
    assert [(error.path, error.extensions) for error in result.errors] == [
        (["_entities", 0], {"code": "UNAUTHENTICATED"})
    ]


@pytest.mark.usefixtures("db")
async def test_a_representation_of_no_entity_is_an_error_at_its_place(
    composition: Composition,
) -> None:
    await make_user(composition, username="ann")
    token = await composition.rules.sessions.login(username="ann", password=PASSWORD)
    representations = [{"__typename": "Session", "id": "1"}]
    result = await execute(composition, ENTITIES, token, representations=representations)
    assert result.data == {"_entities": [None]}
    assert result.errors[0].path == ["_entities", 0]
    assert result.errors[0].extensions == {"code": "BAD_USER_INPUT"}
