"""Source objects that are dicts, so that a list of a database's rows is served without an
object made per row."""

from collections.abc import Iterator, Sequence
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


class Records(Sequence[Record]):
    """A list of rows (dicts) given as ``Record``s, each made as it is read: what a resolver
    returns for a list of a database's rows. The compiled executor reads ``rows`` themselves,
    by key, with nothing made per row (``schema.compiled.plan.RowReader``)."""

    __slots__ = ("rows",)

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> Record: ...
    @overload
    def __getitem__(self, index: slice) -> "Records": ...
    def __getitem__(self, index: int | slice) -> "Record | Records":
        if isinstance(index, slice):
            return Records(self.rows[index])
        return Record(self.rows[index])

    def __iter__(self) -> Iterator[Record]:
        return map(Record, self.rows)

    def __repr__(self) -> str:
        return f"Records({self.rows!r})"
