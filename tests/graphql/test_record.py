"""A ``Record`` is read as an object whose attributes are its keys; ``Records`` give a list
of rows as ``Record``s, and the compiled reader reads their rows by key in one pass, or
leaves them to the general path when a row lacks a key."""

from typing import Any

import orjson
import strawberry
from strawberry.types.base import has_object_definition

from schema.compiled.plan import PlannedField, RowReader
from schema.record import JsonRecords, Record, Records


def test_a_records_attributes_are_its_keys_and_a_key_it_lacks_reads_as_null() -> None:
    record = Record(id=7, username="alice")
    assert (record.id, record.username, record.email) == (7, "alice", None)
    assert getattr(record, "bio", "absent") is None


def test_names_with_two_underscores_are_never_keys() -> None:
    """Protocol lookups (Strawberry's type check, copying) find nothing on a ``Record``."""
    record = Record({"__strawberry_definition__": "a key", "__deepcopy__": "a key"})
    assert not hasattr(record, "__strawberry_definition__")
    assert not has_object_definition(record)
    assert not hasattr(record, "__deepcopy__")


def test_records_read_as_a_list_of_records() -> None:
    rows: list[dict[str, Any]] = [{"id": 1}, {"id": 2, "label": "two"}, {"id": 3}]
    records = Records(rows)
    assert len(records) == 3
    assert [record.id for record in records] == [1, 2, 3]
    assert records[1].label == "two"
    assert records[-1].label is None
    assert isinstance(records[0], Record)
    assert [record.id for record in records[1:]] == [2, 3]
    assert next(reversed(records)).id == 3


def test_records_are_a_list_to_plain_strawberry() -> None:
    @strawberry.type
    class Row:
        id: int
        label: str | None

        @strawberry.field
        def shout(self) -> str:
            return f"{self.id}!"

    def listed() -> Records:
        return Records([{"id": 1, "label": "one"}, {"id": 2}])

    @strawberry.type
    class Query:
        rows: Records = strawberry.field(resolver=listed, graphql_type=list[Row])

    result = strawberry.Schema(query=Query).execute_sync("{ rows { id label shout } }")
    assert result.errors is None
    assert result.data == {
        "rows": [{"id": 1, "label": "one", "shout": "1!"}, {"id": 2, "label": None, "shout": "2!"}]
    }


def _general(executor: Any, source: Any, path: Any) -> Any:
    raise AssertionError("the general path is the list completer's, not the reader's")


#: ``id``, and ``label`` answered as ``name``.
_FIELDS = (
    PlannedField(key="id", run=_general, may_await=False, attribute="id", exact=int),
    PlannedField(
        key="name", run=_general, may_await=False, attribute="label", exact=str, nullable=True
    ),
)


def _reader() -> RowReader:
    """``_FIELDS`` and a ``__typename``."""
    typename = PlannedField(key="__typename", run=_general, may_await=False, constant="Row")
    return RowReader((*_FIELDS, typename))


def test_the_rows_of_records_are_read_by_key_under_the_response_keys() -> None:
    rows: list[dict[str, Any]] = [
        {"id": 1, "label": "one", "other": "unread"},
        {"id": 2, "label": None},
    ]
    assert _reader().read_rows(Records(rows)) == [
        {"id": 1, "name": "one", "__typename": "Row"},
        {"id": 2, "name": None, "__typename": "Row"},
    ]
    assert _reader().read_rows(Records([])) == []


def test_a_row_lacking_a_key_or_holding_what_its_scalar_would_change_is_left_alone() -> None:
    """To the general path, which reads a missing key as null and reports the rest (the
    differential tests hold that, ``records`` in the zoo)."""
    assert _reader().read_rows(Records([{"id": 1, "label": "one"}, {"id": 2}])) is None
    assert _reader().read_rows(Records([{"id": 2**40, "label": None}])) is None
    assert _reader().read_rows(Records([{"id": 1, "label": 5}])) is None


def test_rows_whose_keys_are_the_answers_are_served_as_they_are() -> None:
    rows: list[dict[str, Any]] = [{"id": 1, "name": "one"}, {"id": 2, "name": None}]
    records = Records(rows, {"label": "name"})
    assert RowReader(_FIELDS).read_rows(records) is rows
    assert [record.label for record in records] == ["one", None]
    reordered: list[dict[str, Any]] = [{"name": "one", "id": 1}]
    assert RowReader(_FIELDS).read_rows(Records(reordered, {"label": "name"})) == [
        {"id": 1, "name": "one"}
    ]
    too_large = Records([{"id": 2**40, "name": "x"}], {"label": "name"})
    assert RowReader(_FIELDS).read_rows(too_large) is None


def _json_records(
    text: str, *, bounds: tuple[int, int] | None = (1, 2), name: frozenset[type] | None = None
) -> JsonRecords:
    """Rows written by a database as ``domain.users.list_json`` writes them."""
    kinds = {"id": frozenset({int}), "name": name or frozenset({str, type(None)})}
    return JsonRecords(
        text,
        kinds=kinds,
        int_bounds={} if bounds is None else {"id": bounds},
        keys={"label": "name"},
    )


_WRITTEN = '[{"id":1,"name":"one"},{"id":2,"name":null}]'


def test_json_records_are_served_as_the_text_the_database_wrote() -> None:
    served = RowReader(_FIELDS).read_json(_json_records(_WRITTEN))
    assert isinstance(served, orjson.Fragment)
    assert orjson.dumps({"data": served}) == b'{"data":' + _WRITTEN.encode() + b"}"
    empty = RowReader(_FIELDS).read_json(_json_records("[]", bounds=None))
    assert orjson.dumps(empty) == b"[]"


def test_json_records_are_rows_to_whatever_else_reads_them() -> None:
    records = _json_records(_WRITTEN)
    assert [(record.id, record.label) for record in records] == [(1, "one"), (2, None)]
    assert len(records) == 2
    assert _reader().read_json(records) == [
        {"id": 1, "name": "one", "__typename": "Row"},
        {"id": 2, "name": None, "__typename": "Row"},
    ]


def test_json_records_whose_values_a_field_would_not_write_as_they_are_are_read() -> None:
    """Past GraphQL's ``Int``, or null where the field may not be: the rows are read, and
    left to the general path, which reports them."""
    too_large = _json_records(
        '[{"id":1,"name":"x"},{"id":4294967296,"name":"y"}]', bounds=(1, 2**32)
    )
    assert RowReader(_FIELDS).read_json(too_large) is None
    required = (
        _FIELDS[0],
        PlannedField(key="name", run=_general, may_await=False, attribute="label", exact=str),
    )
    assert RowReader(required).read_json(_json_records(_WRITTEN)) is None
    unbounded = _json_records('[{"id":1,"name":"x"}]', bounds=None)
    assert not isinstance(RowReader(_FIELDS).read_json(unbounded), orjson.Fragment)
