"""What a list's selection will read of each item, decided from the field's nodes before
the rows are read, so that the ``users`` resolver reads only that."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import is_
from typing import TypeGuard

from graphql import FieldNode
from strawberry.utils.str_converters import to_camel_case

from domain.user_view import PUBLIC_COLUMNS
from schema.context import Info

#: A ``User`` field's GraphQL name → the public column it is read from.
_COLUMN_OF = {to_camel_case(column): column for column in PUBLIC_COLUMNS}
#: The one field of every type that reads nothing.
_TYPENAME = "__typename"
#: Documents are prepared once, so the same nodes come back request after request.
_REMEMBERED = 512


@dataclass(frozen=True, slots=True)
class ListedSelection:
    """``columns``: the public columns read, ``id`` always (a list is ordered by it).
    ``private``: whether any other field is read (the private ones, from the viewer's own
    record). ``keys``: when each item's selection is exactly some of those columns' fields,
    ``id`` among them, each named once without alias or directive, the columns are in the
    selection's order and each is read under its field's name (the others keep theirs): a
    row is then the answer's item as it is. Else empty, the columns in ``PUBLIC_COLUMNS``'
    order."""

    columns: tuple[str, ...]
    private: bool
    keys: dict[str, str] = field(default_factory=dict)


#: What a fragment, which is not followed, makes a list read: everything.
EVERYTHING = ListedSelection(columns=PUBLIC_COLUMNS, private=True)
_remembered: dict[tuple[int, ...], tuple[Sequence[FieldNode], ListedSelection]] = {}


def listed_selection(info: Info, *, items: str) -> ListedSelection:
    """What the selection of this field's list field ``items`` reads of each item. Every
    field named counts, whatever its directives say; a fragment is not followed, and makes
    it read everything."""
    # ``_raw_info``: pinned (tests/graphql/test_strawberry_pins.py).
    nodes = info._raw_info.field_nodes
    key = tuple(map(id, nodes))
    remembered = _remembered.get(key)
    # The entry holds the nodes, so no other node can be at their addresses meanwhile.
    if remembered is not None and all(map(is_, remembered[0], nodes)):
        return remembered[1]
    selection = _selection_of(nodes, items)
    if len(_remembered) >= _REMEMBERED:
        _remembered.clear()
    _remembered[key] = (tuple(nodes), selection)
    return selection


def _selection_of(nodes: Sequence[FieldNode], items: str) -> ListedSelection:
    return _as_answered(nodes, items) or _read(nodes, items)


def _as_answered(nodes: Sequence[FieldNode], items: str) -> ListedSelection | None:
    """For a list whose only field is ``items``, selecting its columns' fields plainly."""
    if len(nodes) != 1:
        return None
    selections = _selections(nodes[0])
    if len(selections) != 1:
        return None
    (items_node,) = selections
    if not _plain(items_node) or items_node.name.value != items:
        return None
    names: list[str] = []
    for node in _selections(items_node):
        if not _plain(node) or node.selection_set is not None:
            return None
        names.append(node.name.value)
    if "id" not in names or len(set(names)) != len(names) or not set(names) <= _COLUMN_OF.keys():
        return None
    columns = tuple(_COLUMN_OF[name] for name in names)
    keys = {_COLUMN_OF[name]: name for name in names if _COLUMN_OF[name] != name}
    return ListedSelection(columns=columns, private=False, keys=keys)


def _plain(node: object) -> TypeGuard[FieldNode]:
    """A field, with no alias and no directive."""
    return isinstance(node, FieldNode) and node.alias is None and not node.directives


def _read(nodes: Sequence[FieldNode], items: str) -> ListedSelection:
    read = {"id"}
    private = False
    for node in nodes:
        for selection in _selections(node):
            if not isinstance(selection, FieldNode):
                return EVERYTHING
            if selection.name.value != items:
                continue
            for item_selection in _selections(selection):
                if not isinstance(item_selection, FieldNode):
                    return EVERYTHING
                name = item_selection.name.value
                if name in _COLUMN_OF:
                    read.add(_COLUMN_OF[name])
                elif name != _TYPENAME:
                    private = True
    columns = tuple(column for column in PUBLIC_COLUMNS if column in read)
    return ListedSelection(columns=columns, private=private)


def _selections(node: FieldNode) -> Sequence[object]:
    return () if node.selection_set is None else node.selection_set.selections
