"""graphql-core's ``complete_value`` specialised once per field type, keeping the checks
and messages of the method each completer names; a built-in scalar's value that is
already what it serialises to is taken as it is."""

from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLBoolean,
    GraphQLError,
    GraphQLField,
    GraphQLID,
    GraphQLInt,
    GraphQLLeafType,
    GraphQLList,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLString,
    Undefined,
)
from graphql.execution import Executor
from graphql.execution.collect_fields import FieldDetailsList
from graphql.pyutils import Path, gather_with_cancel, inspect, is_iterable
from graphql.type.scalars import GRAPHQL_MAX_INT, GRAPHQL_MIN_INT

from schema.compiled.plan import Completer, RowReader, Selection, execute_fields
from schema.record import JsonRecords, Records


@dataclass(frozen=True, slots=True)
class FieldSite:
    """One field of one parent type as the document selects it."""

    parent_type: GraphQLObjectType
    field_def: GraphQLField
    details: FieldDetailsList

    @property
    def field_name(self) -> str:
        return self.details[0].node.name.value

    def null_message(self) -> str:
        return f"Cannot return null for non-nullable field {self.parent_type}.{self.field_name}."


def leaf(site: FieldSite, leaf_type: GraphQLLeafType, *, non_null: bool) -> Completer:
    """``complete_leaf_value``."""
    coerce = leaf_type.coerce_output_value
    null_message = site.null_message()

    def complete(executor: Executor[Any], result: Any, path: Path | None) -> Any:
        if isinstance(result, Exception):
            raise result
        if result is None or result is Undefined:
            if non_null:
                raise TypeError(null_message)
            return None
        coerced = coerce(result)
        if coerced is Undefined or coerced is None:
            raise TypeError(
                f"Expected `{inspect(leaf_type)}.coerce_output_value({inspect(result)})`"
                f" to return non-nullable value, returned: {inspect(coerced)}"
            )
        return coerced

    if leaf_type is GraphQLString or leaf_type is GraphQLID:
        return _or_itself(str, complete)
    if leaf_type is GraphQLBoolean:
        return _or_itself(bool, complete)
    if leaf_type is GraphQLInt:
        return _int_or_itself(complete)
    return complete


def _or_itself(exact: type, complete: Completer) -> Completer:
    """A value of ``exact`` type is what its built-in scalar serialises it to."""

    def complete_exact(executor: Executor[Any], result: Any, path: Path | None) -> Any:
        if type(result) is exact:
            return result
        return complete(executor, result, path)

    return complete_exact


def _int_or_itself(complete: Completer) -> Completer:
    """An ``int`` within 32 bits is what ``Int`` serialises it to."""

    def complete_int(executor: Executor[Any], result: Any, path: Path | None) -> Any:
        if type(result) is int and GRAPHQL_MIN_INT <= result <= GRAPHQL_MAX_INT:
            return result
        return complete(executor, result, path)

    return complete_int


def nullable(kind: Completer) -> Completer:
    """``complete_value`` of a nullable list type."""

    def complete(executor: Executor[Any], result: Any, path: Path | None) -> Any:
        if isinstance(result, Exception):
            raise result
        if result is None or result is Undefined:
            return None
        return kind(executor, result, path)

    return complete


def non_null(site: FieldSite, kind: Completer) -> Completer:
    """``complete_value`` of a non-null list type."""
    message = site.null_message()

    def complete(executor: Executor[Any], result: Any, path: Path | None) -> Any:
        if isinstance(result, Exception):
            raise result
        if result is None or result is Undefined:
            raise TypeError(message)
        completed = kind(executor, result, path)
        if completed is None:
            raise TypeError(message)
        return completed

    return complete


def object_fields(site: FieldSite, fields: Selection, *, non_null: bool) -> Completer:
    """``complete_value`` of an object type, its null check included (one call an object,
    not two), then ``complete_object_value``: no ``is_type_of``, ``fields`` compiled once."""
    message = site.null_message()

    def complete(executor: Executor[Any], result: Any, path: Path | None) -> Any:
        if isinstance(result, Exception):
            raise result
        if result is None or result is Undefined:
            if non_null:
                raise TypeError(message)
            return None
        return execute_fields(executor, fields, result, path)

    return complete


def list_items(
    site: FieldSite,
    list_type: GraphQLList[GraphQLOutputType],
    item: Completer,
    *,
    depth: int,
    rows: RowReader | None = None,
) -> Completer:
    """``complete_list_value`` and ``complete_iterable_value`` (without ``@stream``);
    ``depth``: the lists around this one in the field's type. ``rows``: given when every
    field of an item is read inline; a list of plain objects, or ``Records``, is then read
    in one pass, with no path or completer call per item."""
    item_type = list_type.of_type
    not_iterable = (
        f"Expected Iterable, but did not find one for field '{site.parent_type}.{site.field_name}'."
    )

    def complete(executor: Executor[Any], result: Any, path: Path | None) -> Any:
        assert path is not None  # noqa: S101 - list fields are always given their path
        if rows is not None:
            kind = type(result)
            if kind is list:
                read = rows.read(executor, result)
            elif kind is Records:
                read = rows.read_rows(result)
            elif kind is JsonRecords:
                read = rows.read_json(result)
            else:
                read = None
            if read is not None:
                return read
        if executor.is_async_iterable(result):
            return _delegated_list(executor, site, list_type, result, path, depth)
        if not is_iterable(result):
            raise GraphQLError(not_iterable)
        completed: list[Any] = []
        awaitable_indices: list[int] = []
        iterator = iter(result)
        try:
            for index, value in enumerate(iterator):
                item_path = Path(path, index, None)
                if executor.is_awaitable(value):
                    completed.append(
                        settled_or_null(executor, site, item_type, item, value, item_path)
                    )
                    awaitable_indices.append(index)
                    continue
                try:
                    completed_item = item(executor, value, item_path)
                except Exception as raw_error:
                    executor.handle_field_error(raw_error, item_type, site.details, item_path)
                    completed.append(None)
                    continue
                if executor.is_awaitable(completed_item):
                    completed.append(
                        _completed_item(executor, site, item_type, completed_item, item_path)
                    )
                    awaitable_indices.append(index)
                else:
                    completed.append(completed_item)
        except Exception:
            pending = [completed[index] for index in awaitable_indices]
            pending.extend(value for value in iterator if executor.is_awaitable(value))
            if pending:
                executor.settle_in_background(pending)
            raise
        if not awaitable_indices:
            return completed
        return _gathered_items(completed, awaitable_indices)

    return complete


def _delegated_list(
    executor: Executor[Any],
    site: FieldSite,
    list_type: GraphQLList[GraphQLOutputType],
    result: Any,
    path: Path,
    depth: int,
) -> Any:
    """An async iterable, completed by graphql-core itself."""
    field_path = path
    for _ in range(depth):
        assert field_path.prev is not None  # noqa: S101 - an item path has a parent
        field_path = field_path.prev
    nodes = [details.node for details in site.details]
    info = executor.build_resolve_info(site.field_def, nodes, site.parent_type, field_path)
    return executor.complete_list_value(list_type, site.details, info, path, result, None)


async def settled_or_null(
    executor: Executor[Any],
    site: FieldSite,
    value_type: GraphQLOutputType,
    complete: Completer,
    value: Awaitable[Any],
    path: Path,
) -> Any:
    """``complete_awaitable_value`` and ``complete_awaitable_list_item_value``."""
    try:
        completed = complete(executor, await value, path)
        if executor.is_awaitable(completed):
            completed = await completed
        return completed
    except Exception as raw_error:
        executor.handle_field_error(raw_error, value_type, site.details, path)
        return None


async def _completed_item(
    executor: Executor[Any],
    site: FieldSite,
    item_type: GraphQLOutputType,
    completed: Awaitable[Any],
    item_path: Path,
) -> Any:
    """The awaitable branch of ``complete_list_item_value``."""
    try:
        return await completed
    except Exception as raw_error:
        executor.handle_field_error(raw_error, item_type, site.details, item_path)
        return None


async def _gathered_items(completed: list[Any], awaitable_indices: list[int]) -> list[Any]:
    if len(awaitable_indices) == 1:
        index = awaitable_indices[0]
        completed[index] = await completed[index]
        return completed
    awaited = await gather_with_cancel(*(completed[index] for index in awaitable_indices))
    for index, value in zip(awaitable_indices, awaited, strict=True):
        completed[index] = value
    return completed
