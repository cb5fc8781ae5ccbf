"""A source object that is a dict, so that a list of a database's rows is served without an
object made per row."""

from typing import Any


class Record(dict[str, Any]):
    """An object whose attributes are its keys, a key it lacks read as null: Strawberry and
    a type's own resolvers read it as any object, and the compiled executor reads a list of
    them by key (``schema.compiled.plan.RowReader``). Names that start with ``__`` are never
    keys, so that the protocols Python and Strawberry look up on objects stay unanswered."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self.get(name)
