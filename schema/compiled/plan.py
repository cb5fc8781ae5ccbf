"""A compiled selection; ``execute_fields`` mirrors graphql-core's, down to settling the
pending siblings of a failed non-null field in the background."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import Any, TypeAlias

import orjson
from graphql.execution import Executor
from graphql.pyutils import Path, gather_with_cancel
from graphql.type.scalars import GRAPHQL_MAX_INT as _INT_MAX
from graphql.type.scalars import GRAPHQL_MIN_INT as _INT_MIN

from schema.record import JsonRecords, Records

Completer: TypeAlias = Callable[[Executor[Any], Any, Path | None], Any]
"""Completes a resolved value for its type at a path; may return an awaitable.

A completer raises what graphql-core's ``complete_value`` raises, for the field's runner
to handle (``Executor.handle_field_error``)."""

FieldRunner: TypeAlias = Callable[[Executor[Any], Any, Path | None], Any]
"""Resolves and completes one field of a source under its parent's path; returns the
completed value (``None`` after a collected error) or an awaitable of it, and raises the
located error of a non-null field for its parent to handle."""


@dataclass(frozen=True, slots=True)
class PlannedField:
    key: str
    run: FieldRunner
    may_await: bool
    #: For a built-in scalar read from an attribute (``resolution.attribute_leaf``): the
    #: attribute, and the one type whose values its scalar serialises to themselves.
    #: ``execute_fields`` takes such a value as it is, or null for a nullable field, and
    #: leaves anything else (a value to coerce, a null to refuse, an error) to ``run``.
    attribute: str | None = None
    exact: type | None = None
    nullable: bool = False
    #: For ``__typename`` of an object type: its name, the same for every source.
    constant: str | None = None

    @property
    def inline(self) -> bool:
        """Whether ``RowReader`` can read it."""
        return self.attribute is not None or self.constant is not None


Selection: TypeAlias = tuple[PlannedField, ...]


def execute_fields(
    executor: Executor[Any], fields: Selection, source: Any, path: Path | None
) -> Any:
    """By response key, or an awaitable of them."""
    results: dict[str, Any] = {}
    awaitable_keys: list[str] = []
    is_awaitable = executor.is_awaitable
    try:
        for field in fields:
            if (attribute := field.attribute) is not None:
                try:
                    value = getattr(source, attribute)
                except Exception:  # noqa: S110 - ``run`` reads it again and reports it
                    pass
                else:
                    # A value its scalar writes as it is (``PlannedField.exact``).
                    kind = type(value)
                    if (
                        kind is field.exact and (kind is not int or _INT_MIN <= value <= _INT_MAX)
                    ) or (value is None and field.nullable):
                        results[field.key] = value
                        continue
            result = field.run(executor, source, path)
            results[field.key] = result
            if field.may_await and is_awaitable(result):
                awaitable_keys.append(field.key)
    except Exception:
        if awaitable_keys:
            executor.settle_in_background([results[key] for key in awaitable_keys])
        raise
    if not awaitable_keys:
        return results
    return _gathered(results, awaitable_keys)


class RowReader:
    """Reads a list of objects whose every field is read inline (``PlannedField.inline``)
    in one pass, column by column: each column's values read in C (by attribute, or by key
    from the rows of ``Records``) and checked at once, the rows made by a list display
    generated for the selection; no path, completer call or awaitable check per item. Rows
    whose keys are the answer's, in its order, are served as they are. Made once per
    compiled list field."""

    __slots__ = (
        "_allowed",
        "_answer_keys",
        "_attributes",
        "_by_attribute",
        "_keyed",
        "_make",
        "_written",
    )

    def __init__(self, fields: Selection) -> None:
        read = [field for field in fields if field.constant is None]
        self._attributes = tuple(field.attribute or "" for field in read)
        self._by_attribute = tuple(map(attrgetter, self._attributes))
        self._allowed = tuple(map(_allowed_types, read))
        self._make = _rows_maker(fields)
        constants = len(read) != len(fields)
        self._answer_keys = None if constants else tuple(field.key for field in fields)
        # The getters by key for the last ``Records.keys`` seen (a list's are the same each
        # time a document runs).
        self._keyed: tuple[Mapping[str, str], tuple[Callable[[Any], Any], ...]] | None = None
        # For the last ``JsonRecords.kinds`` seen (a list's are the same each time): whether
        # their types are taken as they are, and which keys hold integers.
        self._written: tuple[Mapping[str, frozenset[type]], bool, tuple[str, ...]] | None = None

    def read(self, executor: Executor[Any], items: list[Any]) -> list[Any] | None:
        """None as soon as something is not to be taken as it is (an item that is null or
        awaitable, an error, a value to coerce, a null to refuse), for the general path to
        complete the whole list again and report it. Reading an attribute of such a field
        runs no code of the schema's, so reading twice changes nothing."""
        if not items:
            return []
        if not _plain_items(executor, items):
            return None
        columns = _columns_of(items, self._by_attribute)
        if columns is None or not self._taken(columns):
            return None
        return self._make(len(items), columns)

    def read_rows(self, records: Records) -> list[Any] | None:
        """The same for ``Records``, read by key from their rows; None as well for a row that
        lacks a key (which the general path reads as null)."""
        rows = records.rows
        if not rows:
            return []
        columns = _columns_of(rows, self._getters_by_key(records.keys))
        if columns is None or not self._taken(columns):
            return None
        if self._answer_keys is not None and tuple(rows[0]) == self._answer_keys:
            return rows
        return self._make(len(rows), columns)

    def read_json(self, records: JsonRecords) -> Any:
        """The database's JSON text itself, when each item's selection is exactly its keys,
        in their order, and their values are ones the fields write as they are; else the
        rows, read as ``read_rows`` reads them (None as it does)."""
        if self._as_written(records):
            return orjson.Fragment(records.text)
        return self.read_rows(records)

    def _as_written(self, records: JsonRecords) -> bool:
        kinds = records.kinds
        written = self._written
        if written is None or written[0] is not kinds:
            taken = tuple(kinds) == self._answer_keys and all(
                kinds[key] <= allowed for key, allowed in zip(kinds, self._allowed, strict=True)
            )
            integers = tuple(key for key, types in kinds.items() if int in types)
            written = self._written = (kinds, taken, integers)
        return written[1] and all(map(records.ints_within, written[2]))

    def _getters_by_key(self, keys: Mapping[str, str]) -> tuple[Callable[[Any], Any], ...]:
        if self._keyed is None or self._keyed[0] is not keys:
            getters = tuple(itemgetter(keys.get(name, name)) for name in self._attributes)
            self._keyed = (keys, getters)
        return self._keyed[1]

    def _taken(self, columns: list[list[Any]]) -> bool:
        return all(map(_taken_as_they_are, columns, self._allowed))


def _columns_of(
    items: list[Any], getters: tuple[Callable[[Any], Any], ...]
) -> list[list[Any]] | None:
    try:
        return [list(map(get, items)) for get in getters]
    except Exception:
        return None


def _rows_maker(fields: Selection) -> Callable[[int, list[list[Any]]], list[dict[str, Any]]]:
    """``lambda count, columns: [{key: v0, …} for v0, … in zip(*columns)]``, each constant in
    its place: one call for the list, and a dict display is made three times faster than
    ``dict(zip(keys, values))``, in the selection's order. The keys and constants are
    GraphQL names, and each is written with ``repr``."""
    entries: list[str] = []
    names: list[str] = []
    for field in fields:
        if field.constant is not None:
            entries.append(f"{field.key!r}: {field.constant!r}")
        else:
            names.append(f"v{len(names)}")
            entries.append(f"{field.key!r}: {names[-1]}")
    display = f"{{{', '.join(entries)}}}"
    if not names:  # only constants: one row for each item
        source = f"lambda count, columns: [{display} for _ in range(count)]"
    else:
        source = f"lambda count, columns: [{display} for {', '.join(names)}, in zip(*columns)]"
    maker: Callable[[int, list[list[Any]]], list[dict[str, Any]]] = eval(source, {})  # noqa: S307 - see above
    return maker


def _allowed_types(field: PlannedField) -> frozenset[type]:
    """The types of a field's values ``RowReader`` takes as they are, as ``execute_fields``
    does."""
    exact = {field.exact} if field.exact is not None else set()
    return frozenset(exact | ({type(None)} if field.nullable else set()))


def _plain_items(executor: Executor[Any], items: list[Any]) -> bool:
    """No item null or awaitable: one item of each type is asked."""
    kinds = set(map(type, items))
    if len(kinds) == 1:
        samples = items[:1]
    else:
        samples = [next(item for item in items if type(item) is kind) for kind in kinds]
    return all(item is not None and not executor.is_awaitable(item) for item in samples)


def _taken_as_they_are(column: list[Any], allowed: frozenset[type]) -> bool:
    kinds = set(map(type, column))
    if not kinds <= allowed:
        return False
    if int not in kinds:
        return True
    numbers = column if len(kinds) == 1 else [value for value in column if value is not None]
    return bool(min(numbers) >= _INT_MIN and max(numbers) <= _INT_MAX)


async def _gathered(results: dict[str, Any], awaitable_keys: list[str]) -> dict[str, Any]:
    if len(awaitable_keys) == 1:
        key = awaitable_keys[0]
        results[key] = await results[key]
        return results
    awaited = await gather_with_cancel(*(results[key] for key in awaitable_keys))
    results.update(zip(awaitable_keys, awaited, strict=True))
    return results
