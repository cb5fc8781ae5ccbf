"""What a list's selection will read of each item, decided from the field's nodes before
the rows are read, so that the ``users`` resolver reads only those columns."""

from collections.abc import Sequence

from graphql import FieldNode
from strawberry.utils.str_converters import to_camel_case

from domain.user_view import PUBLIC_COLUMNS
from schema.context import Info

#: A ``User`` field's GraphQL name → the public column it is read from; the other fields
#: (``__typename``, the private ones) read no column of the list.
_COLUMN_OF = {to_camel_case(column): column for column in PUBLIC_COLUMNS}
#: Documents are prepared once, so the same nodes come back request after request.
_REMEMBERED = 512
_remembered: dict[tuple[int, ...], tuple[Sequence[FieldNode], tuple[str, ...]]] = {}


def listed_columns(info: Info, *, items: str) -> tuple[str, ...]:
    """The public columns that the selection of this field's list field ``items`` reads,
    ``id`` always (a list is ordered by it), in ``PUBLIC_COLUMNS``' order. Every field
    named counts, whatever its directives say; a fragment is not followed, and makes it
    read every column."""
    # ``_raw_info``: pinned (tests/graphql/test_strawberry_pins.py).
    nodes = info._raw_info.field_nodes
    key = tuple(map(id, nodes))
    remembered = _remembered.get(key)
    # The entry holds the nodes, so no other node can be at their addresses meanwhile.
    if remembered is not None and all(map(_same, remembered[0], nodes)):
        return remembered[1]
    columns = _columns_read(nodes, items)
    if len(_remembered) >= _REMEMBERED:
        _remembered.clear()
    _remembered[key] = (tuple(nodes), columns)
    return columns


def _same(first: FieldNode, second: FieldNode) -> bool:
    return first is second


def _columns_read(nodes: Sequence[FieldNode], items: str) -> tuple[str, ...]:
    read = {"id"}
    for node in nodes:
        for selection in _selections(node):
            if not isinstance(selection, FieldNode):
                return PUBLIC_COLUMNS
            if selection.name.value != items:
                continue
            for item_selection in _selections(selection):
                if not isinstance(item_selection, FieldNode):
                    return PUBLIC_COLUMNS
                column = _COLUMN_OF.get(item_selection.name.value)
                if column is not None:
                    read.add(column)
    return tuple(column for column in PUBLIC_COLUMNS if column in read)


def _selections(node: FieldNode) -> Sequence[object]:
    return () if node.selection_set is None else node.selection_set.selections
