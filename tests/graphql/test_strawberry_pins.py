"""The names Strawberry keeps private that this service relies on, each named and checked.

Strawberry is pinned (``pyproject.toml``) because the GraphQL entry and the compiled
executor use them; a release that renames one fails here, by name, before it fails
anywhere else. Moving the pin means going through this list.
"""

from importlib.metadata import version

import strawberry
from graphql import GraphQLSchema
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types import Info
from strawberry.types.field import StrawberryField

from schema.compiled import CompiledExecutor
from schema.compiled.compiler import (
    _STRAWBERRY_ASYNC_RESOLVER,
    _STRAWBERRY_BASIC_RESOLVER,
    _STRAWBERRY_SYNC_RESOLVER,
    _attribute_of,
)

PINNED = "0.341.2"


@strawberry.type
class _Query:
    plain: int

    @strawberry.field
    def computed(self) -> int:
        return 1

    @strawberry.field
    async def awaited(self, n: int | None = None) -> int:
        return n or 1


SCHEMA = strawberry.Schema(query=_Query)


def test_the_installed_strawberry_is_the_pinned_one() -> None:
    assert version("strawberry-graphql") == PINNED


def test_schema_private_schema_is_graphql_cores_schema() -> None:
    """``Schema._schema``: the graphql-core schema the entry prepares and runs against."""
    assert isinstance(SCHEMA._schema, GraphQLSchema)
    assert SCHEMA._schema.query_type is not None
    assert SCHEMA._schema.query_type.fields.keys() == {"plain", "computed", "awaited"}


def test_a_field_without_resolver_is_resolved_by_get_basic_result() -> None:
    """``_get_basic_result``: a field read by ``getattr``, which the compiler reads itself."""
    assert SCHEMA._schema.query_type is not None
    field = SCHEMA._schema.query_type.fields["plain"]
    assert getattr(field.resolve, "__name__", None) == _STRAWBERRY_BASIC_RESOLVER
    assert _attribute_of(field) == "plain"


def test_a_sync_resolver_is_wrapped_by_resolver() -> None:
    """``_resolver``: Strawberry's wrapper of a sync resolver, which the compiler skips."""
    assert SCHEMA._schema.query_type is not None
    field = SCHEMA._schema.query_type.fields["computed"]
    assert getattr(field.resolve, "__name__", None) == _STRAWBERRY_SYNC_RESOLVER
    assert isinstance((field.extensions or {}).get("strawberry-definition"), StrawberryField)


def test_an_async_resolver_is_wrapped_by_async_resolver() -> None:
    """``_async_resolver``: Strawberry's wrapper of an async resolver, skipped likewise."""
    assert SCHEMA._schema.query_type is not None
    field = SCHEMA._schema.query_type.fields["awaited"]
    assert getattr(field.resolve, "__name__", None) == _STRAWBERRY_ASYNC_RESOLVER


def test_info_is_built_from_private_raw_info_and_field() -> None:
    """``Info(_raw_info=..., _field=...)``: how the compiler builds a resolver's ``info``;
    ``schema.lookahead`` reads ``_raw_info.field_nodes``."""
    raw = object()
    definition = StrawberryField(python_name="x")
    info: Info[None, None] = Info(_raw_info=raw, _field=definition)  # type: ignore[arg-type]
    assert info._raw_info is raw
    assert info._field is definition


def test_the_compiled_executor_extends_strawberrys_execution_context() -> None:
    """``strawberry.schema.schema.StrawberryGraphQLCoreExecutionContext``: the ``Info``
    resolvers receive is built by it."""
    assert issubclass(CompiledExecutor, StrawberryGraphQLCoreExecutionContext)
