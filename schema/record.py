"""Source objects that are dicts, so that a list of a database's rows is served without an
object made per row."""

from collections.abc import Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, overload


class Record(dict[str, Any]):
    """An object whose attributes are its keys, a key it lacks read as null: Strawberry and
    a type's own resolvers read it as any object. Names that start with ``__`` are never
    keys, so that the protocols Python and Strawberry look up on objects stay unanswered."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self.get(name)


#: One object for every list without other keys, so that a reader knows it again.
_NO_KEYS: Mapping[str, str] = MappingProxyType({})


class Records(Sequence[Record]):
    """A list of rows (dicts with the same keys) given as ``Record``s, each made as it is
    read: what a resolver returns for a list of a database's rows. ``keys``: the key a row
    holds an attribute's value under, when not the attribute's name. The compiled executor
    reads ``rows`` themselves, by key, with nothing made per row, and serves them as they are
    when their keys are the answer's (``schema.compiled.plan.RowReader``)."""

    __slots__ = ("_attributes", "keys", "rows")

    def __init__(self, rows: list[dict[str, Any]], keys: Mapping[str, str] | None = None) -> None:
        self.rows = rows
        self.keys: Mapping[str, str] = keys or _NO_KEYS
        self._attributes = {key: attribute for attribute, key in self.keys.items()}

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> Record: ...
    @overload
    def __getitem__(self, index: slice) -> "Records": ...
    def __getitem__(self, index: int | slice) -> "Record | Records":
        if isinstance(index, slice):
            return Records(self.rows[index], self.keys)
        return self._record(self.rows[index])

    def __iter__(self) -> Iterator[Record]:
        return map(self._record, self.rows)

    def _record(self, row: dict[str, Any]) -> Record:
        if not self._attributes:
            return Record(row)
        return Record({self._attributes.get(key, key): value for key, value in row.items()})

    def __repr__(self) -> str:
        return f"Records({self.rows!r}, {dict(self.keys)!r})"
