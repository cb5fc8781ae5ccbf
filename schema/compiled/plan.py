"""A compiled selection; ``execute_fields`` mirrors graphql-core's, down to settling the
pending siblings of a failed non-null field in the background."""

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import Any, TypeAlias

from graphql.execution import Executor
from graphql.pyutils import Path, gather_with_cancel
from graphql.type.scalars import GRAPHQL_MAX_INT as _INT_MAX
from graphql.type.scalars import GRAPHQL_MIN_INT as _INT_MIN

from schema.record import Record

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
                    if _as_it_is(field, value):
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


def _as_it_is(field: PlannedField, value: Any) -> bool:
    """Whether ``value`` is what the field's scalar writes for it (``PlannedField.exact``)."""
    kind = type(value)
    return (kind is field.exact and (kind is not int or _INT_MIN <= value <= _INT_MAX)) or (
        value is None and field.nullable
    )


class RowReader:
    """Reads a list of objects whose every field is read inline (``PlannedField.inline``)
    in one pass: each item's values in one call (by key for a list of ``Record``s, else by
    attribute), each column's values checked at once, the rows made by a list display
    generated for the selection; no path, completer call or awaitable check per item. Made
    once per compiled list field."""

    __slots__ = ("_allowed", "_by_attribute", "_by_key", "_make")

    def __init__(self, fields: Selection) -> None:
        read = [field.attribute or "" for field in fields if field.constant is None]
        self._by_attribute = _values_of(read, attrgetter)
        self._by_key = _values_of(read, itemgetter)
        self._allowed = tuple(_allowed_types(field) for field in fields if field.constant is None)
        self._make = _rows_maker(fields)

    def read(self, executor: Executor[Any], items: list[Any]) -> list[Any] | None:
        """None as soon as something is not to be taken as it is (an item that is null or
        awaitable, an error, a value to coerce, a null to refuse, a key a ``Record`` lacks),
        for the general path to complete the whole list again and report it. Reading an
        attribute of such a field runs no code of the schema's, so reading twice changes
        nothing."""
        if not items:
            return []
        kinds = _plain_kinds(executor, items)
        if kinds is None:
            return None
        records = all(issubclass(kind, Record) for kind in kinds)
        try:
            rows = list(map(self._by_key if records else self._by_attribute, items))
        except Exception:
            return None
        for column, allowed in zip(zip(*rows, strict=True), self._allowed, strict=True):
            if not _taken_as_they_are(column, allowed):
                return None
        return self._make(rows)


def _values_of(
    names: list[str], getter: Callable[..., Callable[[Any], Any]]
) -> Callable[[Any], tuple[Any, ...]]:
    """A tuple of an item's values of ``names``, read in C by ``getter`` (``attrgetter`` or
    ``itemgetter``), which gives no tuple for one name."""
    if len(names) > 1:
        return getter(*names)
    if not names:
        return lambda item: ()
    (only,) = names
    one = getter(only)
    return lambda item: (one(item),)


def _rows_maker(fields: Selection) -> Callable[[list[tuple[Any, ...]]], list[dict[str, Any]]]:
    """``lambda rows: [{key: values[0], …} for values in rows]``, each constant in its
    place: one call for the list, and a dict display is made three times faster than
    ``dict(zip(keys, values))``, in the selection's order. The keys and constants are
    GraphQL names, and each is written with ``repr``."""
    entries: list[str] = []
    read = 0
    for field in fields:
        if field.constant is not None:
            entries.append(f"{field.key!r}: {field.constant!r}")
        else:
            entries.append(f"{field.key!r}: values[{read}]")
            read += 1
    maker: Callable[[list[tuple[Any, ...]]], list[dict[str, Any]]] = eval(  # noqa: S307 - see above
        f"lambda rows: [{{{', '.join(entries)}}} for values in rows]", {}
    )
    return maker


def _allowed_types(field: PlannedField) -> frozenset[type]:
    """The types of a field's values ``RowReader`` takes as they are (``_as_it_is``)."""
    exact = {field.exact} if field.exact is not None else set()
    return frozenset(exact | ({type(None)} if field.nullable else set()))


def _plain_kinds(executor: Executor[Any], items: list[Any]) -> set[type] | None:
    """The items' types, or None when an item is null or awaitable: one item of each type
    is asked."""
    kinds = set(map(type, items))
    if len(kinds) == 1:
        samples = items[:1]
    else:
        samples = [next(item for item in items if type(item) is kind) for kind in kinds]
    if all(item is not None and not executor.is_awaitable(item) for item in samples):
        return kinds
    return None


def _taken_as_they_are(column: tuple[Any, ...], allowed: frozenset[type]) -> bool:
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
