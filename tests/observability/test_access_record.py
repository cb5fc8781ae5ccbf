"""An access line's record is the one ``logger.info`` would make, and reads the same through
either formatter."""

import json
import logging
import time
from collections.abc import Iterator

import pytest

from observability.access import access_record
from observability.logs import ACCESS_LOGGER, JsonFormatter, TextFormatter

ARGUMENTS = ("GET", "/users", 200, 2.94)
FIELDS: dict[str, object] = {
    "request_id": "f9ad309ec92bc56686291a9bcf0a8b3c",
    "method": "GET",
    "path": "/users",
    "status": 200,
    "duration_ms": 2.9,
    "graphql_operation": "Users",
    "error_codes": "INVALID",
}
_TIMED = {"created", "msecs", "relativeCreated"}


def info_record() -> logging.LogRecord:
    logger = logging.getLogger(ACCESS_LOGGER)
    return logger.makeRecord(
        logger.name, logging.INFO, "", 0, "%s %s %s %.1fms", ARGUMENTS, None, extra=FIELDS
    )


@pytest.fixture(params=[False, True], ids=["served", "threads-logged"])
def logged_threads(request: pytest.FixtureRequest) -> Iterator[bool]:
    """As a served process configures logging (neither threads nor processes), and as
    logging's defaults are."""
    saved = (logging.logThreads, logging.logProcesses, logging.logMultiprocessing)
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = request.param
    yield request.param
    logging.logThreads, logging.logProcesses, logging.logMultiprocessing = saved


def test_the_record_holds_what_logger_info_would(logged_threads: bool) -> None:
    made, expected = access_record(ARGUMENTS, dict(FIELDS)), info_record()
    untimed = {k: v for k, v in made.__dict__.items() if k not in _TIMED | {"access_fields"}}
    assert untimed == {k: v for k, v in expected.__dict__.items() if k not in _TIMED}
    assert abs(made.created - time.time()) < 5
    assert made.msecs == int((made.created - int(made.created)) * 1000)
    assert (made.thread is not None) is logged_threads


def test_a_text_line_reads_as_for_a_record_logger_info_made() -> None:
    made, expected = access_record(ARGUMENTS, dict(FIELDS)), info_record()
    expected.created, expected.msecs = made.created, made.msecs
    assert TextFormatter().format(made) == TextFormatter().format(expected)
    assert (
        TextFormatter()
        .format(made)
        .endswith(
            "flowback.access: GET /users 200 2.9ms request_id=f9ad309ec92bc56686291a9bcf0a8b3c "
            "graphql_operation=Users error_codes=INVALID"
        )
    )


def test_a_json_line_reads_as_for_a_record_logger_info_made() -> None:
    made, expected = access_record(ARGUMENTS, dict(FIELDS)), info_record()
    expected.created, expected.msecs = made.created, made.msecs
    line = json.loads(JsonFormatter().format(made))
    assert line == json.loads(JsonFormatter().format(expected))
    assert "access_fields" not in line and line["request_id"] == FIELDS["request_id"]
