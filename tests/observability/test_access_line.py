"""An access line written from its parts (``ProcessHandler.write_access``) is the line its
record would have been, and the record is still made wherever a line could not be written
that way: another handler, a filter, another formatter, a failing stream."""

import asyncio
import io
import json
import logging
import logging.config
import sys
import threading
from collections.abc import Iterator
from typing import Literal

import pytest

from observability import logs
from observability.access import answered, logger
from observability.logs import ACCESS_LOGGER, ProcessHandler, line_writer, log_config
from observability.metrics import Metrics
from observability.record import RequestRecord

Format = Literal["text", "json"]
NOW = 1_765_000_000.0385


class Pass(logging.Filter):
    """Lets everything through; only its presence matters."""


@pytest.fixture
def configured() -> Iterator[None]:
    """What configuring a served process's logging changes is put back afterwards."""
    root = logging.getLogger()
    uvicorn = [logging.getLogger(name) for name in ("uvicorn", "uvicorn.error", "uvicorn.access")]
    saved_loggers = [(each, each.handlers[:], each.propagate, each.level) for each in uvicorn]
    saved_root = (root.handlers[:], root.level, logger.filters[:], logger.handlers[:])
    saved_flags = (logging.logThreads, logging.logProcesses, logging.logMultiprocessing)
    saved_hooks = (sys.excepthook, threading.excepthook, sys.unraisablehook)
    yield
    logging.captureWarnings(False)
    sys.excepthook, threading.excepthook, sys.unraisablehook = saved_hooks
    logging.logThreads, logging.logProcesses, logging.logMultiprocessing = saved_flags
    root.handlers[:], logger.filters[:], logger.handlers[:] = saved_root[0], *saved_root[2:]
    root.setLevel(saved_root[1])
    for each, handlers, propagate, level in saved_loggers:
        each.handlers[:], each.propagate = handlers, propagate
        each.setLevel(level)


def served(log_format: Format) -> io.StringIO:
    """Logging as ``main.py serve`` configures it, written to the returned stream."""
    stream = io.StringIO()
    config = log_config(log_format=log_format)
    config["handlers"]["default"]["stream"] = stream
    logging.config.dictConfig(config)
    return stream


def log_one(record: RequestRecord, *, path: str = "/users") -> None:
    scope = {"method": "GET", "path": path, "query_string": b""}
    answered(scope, record, request_id="f9ad309ec92bc566", seconds=0.00294, metrics=Metrics())


RECORDS = {
    "plain": RequestRecord(status=200),
    "graphql": RequestRecord(
        graphql_operation_named="Users", error_codes=["INVALID", "NOT_FOUND"], status=400
    ),
    "left": RequestRecord(client_left=True),
}
#: The fields of each, as the access log documents them (docs/operating/monitoring.md).
FIELDS: dict[str, dict[str, object]] = {
    "plain": {"status": 200},
    "graphql": {"status": 400, "graphql_operation": "Users", "error_codes": "INVALID,NOT_FOUND"},
    "left": {"status": 499},
}
PATHS = ["/users", "/naïve path/☃", '/a"b\\c', "/x\u2028y"]


@pytest.mark.usefixtures("configured")
@pytest.mark.parametrize("log_format", ["text", "json"])
@pytest.mark.parametrize("kind", sorted(RECORDS))
@pytest.mark.parametrize("path", PATHS)
def test_a_line_from_its_parts_is_the_line_of_its_record(
    log_format: Format, kind: str, path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("time.time", lambda: NOW)
    stream = served(log_format)
    assert line_writer(logger) is not None
    log_one(RECORDS[kind], path=path)
    logger.addFilter(Pass())  # the record's way
    assert line_writer(logger) is None
    log_one(RECORDS[kind], path=path)
    status, *others = FIELDS[kind].items()
    fields: dict[str, object] = {"request_id": "f9ad309ec92bc566", "method": "GET", "path": path}
    fields |= {"status": status[1], "duration_ms": 2.9, **dict(others)}
    logger.info("%s %s %s %.1fms", "GET", path, status[1], 2.94, extra=fields)
    direct, through_record, logged = stream.getvalue().removesuffix("\n").split("\n")
    assert direct == through_record == logged
    if log_format == "json":
        assert json.loads(direct)["path"] == path
    else:
        assert f" INFO flowback.access: GET {path} " in direct


@pytest.mark.usefixtures("configured")
def test_a_text_line_reads_as_documented(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("time.time", lambda: NOW)
    stream = served("text")
    log_one(RECORDS["graphql"])
    line = stream.getvalue()
    assert line.endswith(
        ",038 INFO flowback.access: GET /users 400 2.9ms request_id=f9ad309ec92bc566 "
        "graphql_operation=Users error_codes=INVALID,NOT_FOUND\n"
    )


@pytest.mark.usefixtures("configured")
def test_a_second_handler_gets_the_record_and_both_write_the_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    stream = served("text")
    logging.getLogger().addHandler(caplog.handler)  # configuring took pytest's away
    with caplog.at_level(logging.INFO, logger=ACCESS_LOGGER):
        assert line_writer(logger) is None
        log_one(RECORDS["plain"])
    assert [r.getMessage() for r in caplog.records] == ["GET /users 200 2.9ms"]
    assert caplog.records[0].__dict__["request_id"] == "f9ad309ec92bc566"
    assert stream.getvalue().count("GET /users 200 2.9ms request_id=f9ad309ec92bc566") == 1


@pytest.mark.usefixtures("configured")
def test_only_our_handler_at_info_with_our_formatters_writes_lines() -> None:
    served("text")
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, ProcessHandler)
    handler.setFormatter(logging.Formatter("%(message)s"))
    assert line_writer(logger) is None
    handler.setFormatter(logs.TextFormatter())
    handler.setLevel(logging.WARNING)
    assert line_writer(logger) is None
    handler.setLevel(logging.NOTSET)
    handler.addFilter(Pass())
    assert line_writer(logger) is None


@pytest.mark.usefixtures("configured")
def test_no_line_from_parts_while_tracing_adds_its_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    served("text")
    monkeypatch.setattr(logs, "trace_ids", lambda: ("a" * 32, "b" * 16))
    assert line_writer(logger) is None


class Broken(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError("disk full")


@pytest.mark.usefixtures("configured")
def test_a_failing_stream_is_reported_as_logging_reports_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    served("text")
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(Broken())
    log_one(RECORDS["plain"])  # raises nothing
    reported = capsys.readouterr().err
    assert "--- Logging error ---" in reported and "disk full" in reported


class Writes(io.StringIO):
    """Counts the writes it takes."""

    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


def served_to(stream: io.StringIO) -> ProcessHandler:
    served("text")
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, ProcessHandler)
    handler.setStream(stream)
    return handler


@pytest.mark.usefixtures("configured")
def test_on_a_loop_the_lines_of_one_turn_are_one_write_at_the_next(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("time.time", lambda: NOW)
    off_loop = Writes()
    served_to(off_loop)
    for kind in sorted(RECORDS):
        log_one(RECORDS[kind])
    assert off_loop.writes == len(RECORDS)
    on_loop = Writes()
    served_to(on_loop)

    async def requests() -> None:
        for kind in sorted(RECORDS):
            log_one(RECORDS[kind])
        assert on_loop.getvalue() == ""
        await asyncio.sleep(0)
        assert on_loop.writes == 1

    asyncio.run(requests())
    assert on_loop.getvalue() == off_loop.getvalue()


@pytest.mark.usefixtures("configured")
def test_whatever_else_is_written_comes_after_the_waiting_lines() -> None:
    stream = io.StringIO()
    handler = served_to(stream)

    async def requests() -> None:
        log_one(RECORDS["plain"])
        logging.getLogger("flowback.outbox").warning("relay stopped")
        log_one(RECORDS["left"])
        handler.flush()
        assert stream.getvalue().count("\n") == 3

    asyncio.run(requests())
    first, second, third = stream.getvalue().splitlines()
    assert " GET /users 200 " in first
    assert second.endswith("WARNING flowback.outbox: relay stopped")
    assert " GET /users 499 " in third


@pytest.mark.usefixtures("configured")
def test_another_thread_leaves_the_waiting_lines_to_their_turn() -> None:
    stream = io.StringIO()
    served_to(stream)

    async def requests() -> None:
        log_one(RECORDS["plain"])
        elsewhere = threading.Thread(
            target=lambda: logging.getLogger("flowback.outbox").warning("from a thread")
        )
        elsewhere.start()
        elsewhere.join()
        assert stream.getvalue().endswith("WARNING flowback.outbox: from a thread\n")
        await asyncio.sleep(0)

    asyncio.run(requests())
    first, second = stream.getvalue().splitlines()
    assert first.endswith("from a thread")
    assert " GET /users 200 " in second


def stopped_with_a_line_waiting() -> None:
    """A loop that logs a line and stops before its next turn."""
    loop = asyncio.new_event_loop()

    async def interrupted() -> None:
        log_one(RECORDS["plain"])
        raise KeyboardInterrupt

    try:
        with pytest.raises(KeyboardInterrupt):
            loop.run_until_complete(interrupted())
    finally:
        loop.close()


@pytest.mark.usefixtures("configured")
def test_lines_a_stopped_loop_left_waiting_are_written_before_the_next() -> None:
    stream = io.StringIO()
    served_to(stream)
    stopped_with_a_line_waiting()
    assert stream.getvalue() == ""
    log_one(RECORDS["left"])
    first, second = stream.getvalue().splitlines()
    assert " GET /users 200 " in first
    assert " GET /users 499 " in second


@pytest.mark.usefixtures("configured")
def test_lines_still_waiting_at_exit_are_written_when_logging_shuts_down() -> None:
    stream = io.StringIO()
    handler = served_to(stream)
    stopped_with_a_line_waiting()
    logging.shutdown([lambda: handler])  # as at the interpreter's exit
    assert " GET /users 200 " in stream.getvalue()


@pytest.mark.usefixtures("configured")
def test_a_failing_stream_on_a_loop_is_reported_once_for_the_lines_it_lost(
    capsys: pytest.CaptureFixture[str],
) -> None:
    served_to(Broken())

    async def requests() -> None:
        log_one(RECORDS["plain"])
        log_one(RECORDS["left"])
        await asyncio.sleep(0)

    asyncio.run(requests())
    reported = capsys.readouterr().err
    assert reported.count("--- Logging error ---") == 1
    assert "disk full" in reported
    assert "2 access lines, the first: " in reported and "GET /users 200" in reported
