"""Log lines: JSON written by orjson holds what json.dumps would have written; text lines are
stamped as logging stamps them."""

import json
import logging
from datetime import UTC, datetime
from typing import Any

import pytest

from domain.errors import ErrorCode
from observability.logs import TEXT_FORMAT, JsonFormatter, TextFormatter


def line_with(**extra: Any) -> dict[str, Any]:
    record = logging.makeLogRecord(
        {"name": "flowback.access", "levelno": logging.INFO, "levelname": "INFO", "msg": "é"}
    )
    record.__dict__.update(extra)
    parsed: dict[str, Any] = json.loads(JsonFormatter().format(record))
    return parsed


@pytest.mark.parametrize(
    "value",
    [
        datetime(2026, 12, 6, 23, 59, tzinfo=UTC),
        ErrorCode.INVALID,
        True,
        None,
        10**30,
        1.5,
        "naïve ☃",
        ["a", 1],
        {"nested": {"list": [1, 2]}},
    ],
)
def test_an_extra_field_reads_as_json_dumps_would_write_it(value: object) -> None:
    expected = json.loads(json.dumps({"field": value}, default=str))["field"]
    assert line_with(field=value)["field"] == expected


def test_a_line_carries_the_standard_keys_and_the_message() -> None:
    line = line_with(request_id="abc")
    assert (line["level"], line["logger"], line["message"], line["request_id"]) == (
        "info",
        "flowback.access",
        "é",
        "abc",
    )


def test_a_text_line_is_stamped_as_loggings_own_formatter_stamps_it() -> None:
    """Each second's text is made once and reused: lines in one second and in the next."""
    ours = TextFormatter()
    logging_own = logging.Formatter("%(asctime)s")
    for created in (1_765_000_000.0, 1_765_000_000.0999, 1_765_000_000.9996, 1_765_000_001.0014):
        record = logging.makeLogRecord({"name": "x", "msg": "hi", "levelname": "INFO"})
        record.created = created
        record.msecs = int((created - int(created)) * 1000) + 0.0
        stamp = logging_own.format(record)
        assert ours.format(record).startswith(f"{stamp} INFO x: hi")


def _failure() -> BaseException:
    try:
        raise ValueError("boom")
    except ValueError as error:
        return error


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"msg": "%s %s %s %.1fms", "args": ("GET", "/users", 200, 1.25)},
        {"msg": "ends on a new line\n", "exc_info": (ValueError, _failure(), None)},
        {"exc_info": (ValueError, _failure(), _failure().__traceback__)},
        {"exc_text": "already formatted", "stack_info": "Stack (most recent call last):\n  x"},
        {"msg": "ünïcode ☃", "levelname": "WARNING", "name": "flowback.process"},
    ],
)
def test_a_text_line_begins_as_loggings_own_formatter_writes_it(extra: dict[str, Any]) -> None:
    """Written by one f-string: the same text as ``TEXT_FORMAT`` through logging's Formatter,
    message, exception and stack included; the fields come after it."""
    fields = {"name": "x", "msg": "hi", "levelname": "INFO", "levelno": logging.INFO}
    fields |= {"created": 1_765_000_000.25, "msecs": 250.0}
    first = logging.makeLogRecord(fields | extra | {"request_id": "abc"})
    second = logging.makeLogRecord(fields | extra | {"request_id": "abc"})
    expected = logging.Formatter(TEXT_FORMAT).format(first)
    assert TextFormatter().format(second) == f"{expected} request_id=abc"
