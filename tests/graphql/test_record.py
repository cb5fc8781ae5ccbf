"""A ``Record`` is read as an object whose attributes are its keys, and a list of them is
read by key in one pass, or left to the general path when a row lacks a key."""

from typing import Any

import strawberry
from strawberry.types.base import has_object_definition

from schema.compiled.plan import PlannedField, RowReader
from schema.record import Record


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


def test_a_record_is_a_source_to_plain_strawberry() -> None:
    @strawberry.type
    class Row:
        id: int
        label: str | None

        @strawberry.field
        def shout(self) -> str:
            return f"{self.id}!"

    def listed() -> list[Record]:
        return [Record(id=1, label="one"), Record(id=2)]

    @strawberry.type
    class Query:
        rows: list[Record] = strawberry.field(resolver=listed, graphql_type=list[Row])

    result = strawberry.Schema(query=Query).execute_sync("{ rows { id label shout } }")
    assert result.errors is None
    assert result.data == {
        "rows": [{"id": 1, "label": "one", "shout": "1!"}, {"id": 2, "label": None, "shout": "2!"}]
    }


class _Synchronous:
    """What ``RowReader`` asks of the executor."""

    @staticmethod
    def is_awaitable(value: Any) -> bool:
        return False


def _reader() -> RowReader:
    def general(executor: Any, source: Any, path: Any) -> Any:
        raise AssertionError("the general path is the list completer's, not the reader's")

    fields = (
        PlannedField(key="id", run=general, may_await=False, attribute="id", exact=int),
        PlannedField(
            key="name", run=general, may_await=False, attribute="label", exact=str, nullable=True
        ),
        PlannedField(key="__typename", run=general, may_await=False, constant="Row"),
    )
    return RowReader(fields)


def test_a_list_of_records_is_read_by_key_under_the_response_keys() -> None:
    rows = [Record(id=1, label="one", other="unread"), Record(id=2, label=None)]
    assert _reader().read(_Synchronous(), rows) == [  # type: ignore[arg-type]
        {"id": 1, "name": "one", "__typename": "Row"},
        {"id": 2, "name": None, "__typename": "Row"},
    ]


def test_a_record_lacking_a_key_is_left_to_the_general_path() -> None:
    """Which reads it as null (the differential tests hold that, ``records`` in the zoo)."""
    rows = [Record(id=1, label="one"), Record(id=2)]
    assert _reader().read(_Synchronous(), rows) is None  # type: ignore[arg-type]
