"""Cursor requests: validated once, cursors opaque and only the ones the list gives."""

import pytest

from domain.cursor_paging import CursorRequest, cursor_of
from domain.errors import DomainError, ErrorCode


def test_a_cursor_names_its_row() -> None:
    request = CursorRequest.create(first=3, after=cursor_of(41), before=cursor_of(90))
    assert request == CursorRequest(limit=3, backward=False, after=41, before=90)
    assert CursorRequest.create(last=2) == CursorRequest(limit=2, backward=True)
    assert CursorRequest.create() == CursorRequest(limit=10)
    assert CursorRequest.create(first=500).limit == 50


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"first": -1}, "first"),
        ({"last": -1}, "last"),
        ({"first": 1, "last": 1}, "last"),
        ({"after": "nonsense"}, "after"),
        ({"after": ""}, "after"),
        ({"before": cursor_of(1) + "="}, "before"),
        ({"after": "aWQ6LTE="}, "after"),  # id:-1
        ({"after": "aWQ6MDE="}, "after"),  # id:01, not how the list writes 1
        ({"before": "aWQ6" + "OTk5" * 10}, "before"),  # more digits than any id
        ({"after": "é"}, "after"),
    ],
)
def test_bad_arguments_are_invalid_pagination(arguments: dict[str, object], field: str) -> None:
    with pytest.raises(DomainError) as raised:
        CursorRequest.create(**arguments)  # type: ignore[arg-type]
    assert [(error.code, error.field) for error in raised.value.errors] == [
        (ErrorCode.INVALID_PAGINATION, field)
    ]
