"""Source objects that are dicts, so that a list of a database's rows is served without an
object made per row."""

from collections.abc import Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, overload

import orjson
from graphql.type.scalars import GRAPHQL_MAX_INT, GRAPHQL_MIN_INT


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
        # Made when a row is first read as a ``Record``: the compiled executor never does.
        self._attributes: dict[str, str] | None = None

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
        if self._attributes is None:
            self._attributes = {key: attribute for attribute, key in self.keys.items()}
        if not self._attributes:
            return Record(row)
        return Record({self._attributes.get(key, key): value for key, value in row.items()})

    def __repr__(self) -> str:
        return f"Records({self.rows!r}, {dict(self.keys)!r})"


class JsonRecords(Records):
    """``Records`` whose rows the database wrote as a JSON array (``text``, see
    ``domain.users.list_json``), read only if something reads them: the compiled executor
    serves the text itself as the list when each item's selection is exactly its keys, in
    their order (``kinds``' own), and the types of their values (``kinds``, with ``int_bounds``
    for the integer ones: the least and greatest value) are ones the fields write as they
    are (``schema.compiled.plan.RowReader.read_json``)."""

    __slots__ = ("_rows", "int_bounds", "kinds", "text")

    def __init__(
        self,
        text: str,
        *,
        kinds: Mapping[str, frozenset[type]],
        int_bounds: Mapping[str, tuple[int, int]],
        keys: Mapping[str, str] | None = None,
    ) -> None:
        # ``Records.__init__``'s, but for ``rows``, which are read only if asked for.
        self.keys = keys or _NO_KEYS
        self._attributes = None
        self.text = text
        self.kinds = kinds
        self.int_bounds = int_bounds
        self._rows: list[dict[str, Any]] | None = None

    @property
    def rows(self) -> list[dict[str, Any]]:
        if self._rows is None:
            self._rows = orjson.loads(self.text)
        return self._rows

    @rows.setter
    def rows(self, rows: list[dict[str, Any]]) -> None:
        """In place of the text's, as ``Records`` lets its rows be replaced."""
        self._rows = rows

    def ints_within(self, key: str) -> bool:
        """Whether the integers of ``key`` are within GraphQL's ``Int``."""
        bounds = self.int_bounds.get(key)
        if bounds is None:
            return self.text == "[]"  # no value at all
        return bounds[0] >= GRAPHQL_MIN_INT and bounds[1] <= GRAPHQL_MAX_INT

    def __repr__(self) -> str:
        return f"JsonRecords({self.text!r}, {dict(self.keys)!r})"
