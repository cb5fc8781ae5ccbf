"""A compiled selection; ``execute_fields`` mirrors graphql-core's, down to settling the
pending siblings of a failed non-null field in the background."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias

from graphql.execution import Executor
from graphql.pyutils import Path, gather_with_cancel
from graphql.type.scalars import GRAPHQL_MAX_INT as _INT_MAX
from graphql.type.scalars import GRAPHQL_MIN_INT as _INT_MIN

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
        """Whether ``read_rows`` can read it."""
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


def read_rows(
    executor: Executor[Any], fields: Selection, items: list[Any], *, null_items: bool
) -> list[Any] | None:
    """A list of objects whose every field is read inline (``PlannedField.inline``), each
    value taken as it is; None as soon as one is not (an awaitable item, an error, a value
    to coerce, a null to refuse), for the general path to complete the whole list again
    and report it. Reading an attribute of such a field runs no code of the schema's, so
    reading twice changes nothing."""
    rows: list[Any] = []
    plain: type | None = None  # the last type of item found not awaitable
    for item in items:
        if item is None and null_items:
            rows.append(None)
            continue
        if type(item) is not plain:
            if executor.is_awaitable(item):
                return None
            plain = type(item)
        row: dict[str, Any] = {}
        for field in fields:
            if field.constant is not None:
                row[field.key] = field.constant
                continue
            try:
                value = getattr(item, field.attribute)  # type: ignore[arg-type]
            except Exception:
                return None
            if not _as_it_is(field, value):
                return None
            row[field.key] = value
        rows.append(row)
    return rows


async def _gathered(results: dict[str, Any], awaitable_keys: list[str]) -> dict[str, Any]:
    if len(awaitable_keys) == 1:
        key = awaitable_keys[0]
        results[key] = await results[key]
        return results
    awaited = await gather_with_cancel(*(results[key] for key in awaitable_keys))
    results.update(zip(awaitable_keys, awaited, strict=True))
    return results
