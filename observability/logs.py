"""Text or JSON lines; a served process writes nothing else to its streams
(docs/operating/monitoring.md)."""

import asyncio
import json
import logging
import logging.config
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Literal, TextIO, cast

import orjson

from observability.request_id import current_request_id

ACCESS_LOGGER = "flowback.access"
# A line per request: orjson writes it in a seventh of json's time. What json.dumps would
# write with ``str`` (a datetime, a dataclass, a subclass of str or int) goes to ``str``
# here too, so the values read the same.
_AS_JSON_DUMPS = (
    orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_SUBCLASS
)
PROCESS_LOGGER = "flowback.process"
#: The access line's fields its message already holds ("GET /path 200 1.2ms").
IN_ACCESS_MESSAGE = frozenset({"method", "path", "status", "duration_ms"})
#: The attribute of an access line's record holding its other fields (``observability.access``).
ACCESS_FIELDS = "access_fields"
# Attributes every LogRecord has; anything else was passed in ``extra``.
# uvicorn adds ``color_message``, the message again with terminal colours.
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {
    "message",
    "asctime",
    "color_message",
    ACCESS_FIELDS,
}
# uvicorn logs its server's life (start, stop, bad requests) as "uvicorn.error".
LOGGER_NAMES = {"uvicorn.error": "uvicorn.server"}
# The trace and span ids of the current span, or None; set while tracing is on, so that
# without it a log line costs nothing more.
trace_ids: Callable[[], tuple[str, str] | None] | None = None


def extra_fields(record: logging.LogRecord) -> dict[str, Any]:
    fields = {k: v for k, v in record.__dict__.items() if k not in _STANDARD}
    request_id = current_request_id()
    if request_id is not None:
        fields.setdefault("request_id", request_id)
    if trace_ids is not None and (ids := trace_ids()) is not None:
        fields.setdefault("trace_id", ids[0])
        fields.setdefault("span_id", ids[1])
    return fields


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = _access_fields(record)
        if fields is not None:
            return self.access_line(record.created, record.getMessage(), fields)
        entry: dict[str, Any] = {
            "time": _json_time(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **extra_fields(record),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return _json_line(entry)

    def access_line(self, created: float, message: str, fields: dict[str, object]) -> str:
        """The line of an access record made at ``created`` with these fields."""
        return _json_line(
            {
                "time": _json_time(created),
                "level": "info",
                "logger": ACCESS_LOGGER,
                "message": message,
                **fields,
            }
        )


def _json_time(created: float) -> str:
    return datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")


def _json_line(entry: dict[str, Any]) -> str:
    try:
        return orjson.dumps(entry, default=str, option=_AS_JSON_DUMPS).decode()
    except TypeError:  # an integer past 64 bits, a key that is not text
        return json.dumps(entry, default=str)


#: What ``TextFormatter`` writes before a line's fields, as a ``logging.Formatter`` format.
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)
        # The last second written and its text, as one value: access lines are formatted
        # outside the handler's lock, and a pair replaced at once is never half new.
        self._second: tuple[int, str] = (-1, "")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802 - logging's name
        """As logging writes it, each second's text made once: ``time.strftime`` for every
        line was a tenth of an access line's cost."""
        if datefmt is not None:
            return super().formatTime(record, datefmt)
        return f"{self._second_of(record.created)},{int(record.msecs):03d}"

    def _second_of(self, created: float) -> str:
        second = int(created)
        known = self._second
        if known[0] != second:
            known = self._second = (
                second,
                time.strftime(self.default_time_format, self.converter(created)),
            )
        return known[1]

    def format(self, record: logging.LogRecord) -> str:
        access = _access_fields(record)
        if access is not None:
            return self.access_line(record.created, record.getMessage(), access)
        line = self._line(record)
        # An access line's message already reads "GET /path 200 1.2ms".
        leaving = IN_ACCESS_MESSAGE if record.name == ACCESS_LOGGER else frozenset()
        return _with_pairs(line, extra_fields(record), leaving=leaving)

    def access_line(self, created: float, message: str, fields: dict[str, object]) -> str:
        """The line of an access record made at ``created`` with these fields, as ``format``
        writes the record's: its message holds the method, path, status and duration."""
        stamp = f"{self._second_of(created)},{int(record_msecs(created)):03d}"
        line = f"{stamp} INFO {ACCESS_LOGGER}: {message}"
        return _with_pairs(line, fields, leaving=IN_ACCESS_MESSAGE)

    def _line(self, record: logging.LogRecord) -> str:
        """What ``logging.Formatter.format`` writes with ``TEXT_FORMAT``, by one f-string
        instead of %-formatting the record's whole ``__dict__``: a third of an access line's
        formatting."""
        record.message = record.getMessage()
        record.asctime = self.formatTime(record, self.datefmt)
        line = f"{record.asctime} {record.levelname} {record.name}: {record.message}"
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line = _on_a_new_line(line, record.exc_text)
        if record.stack_info:
            line = _on_a_new_line(line, self.formatStack(record.stack_info))
        return line


def record_msecs(created: float) -> float:
    """The milliseconds a ``LogRecord`` made at ``created`` holds (``msecs``)."""
    return int((created - int(created)) * 1000) + 0.0


def _with_pairs(line: str, fields: dict[str, Any], *, leaving: frozenset[str] = frozenset()) -> str:
    pairs = " ".join([f"{key}={value}" for key, value in fields.items() if key not in leaving])
    return f"{line} {pairs}" if pairs else line


def _access_fields(record: logging.LogRecord) -> dict[str, object] | None:
    """An access line's fields (``observability.access``), unless the line must be read
    whole: with a trace's ids to add, or a name a filter changed."""
    fields: dict[str, object] | None = record.__dict__.get(ACCESS_FIELDS)
    if fields is None or trace_ids is not None or record.name != ACCESS_LOGGER:
        return None
    return fields


def _on_a_new_line(line: str, text: str) -> str:
    return f"{line}{text}" if line[-1:] == "\n" else f"{line}\n{text}"


class LoggerNames(logging.Filter):
    """A fitting name for a third-party logger's misleading one (``uvicorn.error``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.name = LOGGER_NAMES.get(record.name, record.name)
        return True


def process_handler(stream: TextIO) -> logging.Handler:
    """Made by ``dictConfig`` in each process; routes warnings, uncaught exceptions (of every
    thread) and unraisable ones through the log too."""
    logging.captureWarnings(True)
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_uncaught_in_thread
    sys.unraisablehook = _log_unraisable
    # Neither format writes the thread or the process, which every record would otherwise
    # look up (a quarter of making one, on every request's access line).
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    return ProcessHandler(stream)


class ProcessHandler(logging.StreamHandler[TextIO]):
    """The one handler of a served process (``log_config``). It writes an access line from its
    parts when it is the only handler the line reaches (``line_writer``): no record is made,
    and logging's walk to the handler is skipped, which was half the cost of the line.

    On an event loop, the access lines of one turn of the loop wait for its next turn and go
    out in one write (docs/architecture.md#the-hot-path). Whatever else the loop's thread
    writes through the handler, a flush and closing it write the waiting lines first, so
    the lines keep their order; a loop that stopped before its turn has its lines written
    before the next. Only the loop's thread adds to the waiting lines, so it needs no lock."""

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__(stream)
        self._waiting: list[str] = []
        self._waiting_on: asyncio.AbstractEventLoop | None = None
        self._waiting_in: int | None = None  # the loop's thread

    def takes_lines(self) -> bool:
        """Its formatter is one of ours and its filters only rename (``LoggerNames``)."""
        return (
            self.level <= logging.INFO
            and isinstance(self.formatter, _LINE_FORMATTERS)
            and all(type(each) is LoggerNames for each in self.filters)
        )

    def write_access(self, *, created: float, message: str, fields: dict[str, object]) -> bool:
        """As ``handle`` writes the record of these parts. Off a loop the line is written now,
        and False means the stream failed, for the caller to hand logging the record (which
        reports the failure); on a loop it waits for the loop's next turn."""
        formatter = cast(TextFormatter | JsonFormatter, self.formatter)  # as takes_lines found
        line = formatter.access_line(created, message, fields) + self.terminator
        loop = self._waiting_on
        if loop is not None and loop.is_running():
            self._waiting.append(line)
            return True
        self.write_waiting()  # those of a loop that stopped before its turn
        loop = _running_loop()
        if loop is None:
            return self._written(line)
        self._waiting_on, self._waiting_in = loop, threading.get_ident()
        self._waiting.append(line)
        loop.call_soon(self.write_waiting)
        return True

    def write_waiting(self) -> None:
        """The waiting lines, in one write, when this is their loop's thread or their loop
        stopped; their turn writes them otherwise."""
        loop = self._waiting_on
        if loop is None or (self._waiting_in != threading.get_ident() and loop.is_running()):
            return
        lines, self._waiting, self._waiting_on = self._waiting, [], None
        self._written("".join(lines), lost=lines)

    def emit(self, record: logging.LogRecord) -> None:
        self.write_waiting()
        super().emit(record)

    def flush(self) -> None:
        self.write_waiting()
        super().flush()

    def close(self) -> None:
        self.write_waiting()
        super().close()

    def _written(self, text: str, *, lost: list[str] | None = None) -> bool:
        """``text`` written under the handler's lock, as logging's own ``emit`` writes; False
        when the stream failed. The failure to write the waiting lines (``lost``) is
        reported here, as logging reports one, once for all of them."""
        self.acquire()
        try:
            self.stream.write(text)
            self.stream.flush()
        except RecursionError:  # as logging's own emit
            raise
        except Exception:
            if lost:
                told = f"{len(lost)} access lines, the first: {lost[0].rstrip()}"
                self.handleError(logging.makeLogRecord({"name": ACCESS_LOGGER, "msg": told}))
            return False
        finally:
            self.release()
        return True


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


_LINE_FORMATTERS = (TextFormatter, JsonFormatter)


def line_writer(logger: logging.Logger) -> ProcessHandler | None:
    """The handler that writes ``logger``'s INFO lines from their parts: the only one they
    reach, when it is a ``ProcessHandler`` that takes them as they are; None otherwise (a
    second handler such as a test's capture, a filter, a trace's ids), for a record."""
    if logger.filters or trace_ids is not None:
        return None
    found: logging.Handler | None = None
    current: logging.Logger | None = logger
    while current is not None:
        for handler in current.handlers:
            if found is not None:
                return None
            found = handler
        current = current.parent if current.propagate else None
    if isinstance(found, ProcessHandler) and found.takes_lines():
        return found
    return None


def _log_uncaught(
    kind: type[BaseException], error: BaseException, traceback: TracebackType | None
) -> None:
    logging.getLogger(PROCESS_LOGGER).critical(
        "uncaught %s: %s", kind.__name__, error, exc_info=(kind, error, traceback)
    )


def _log_uncaught_in_thread(hook: threading.ExceptHookArgs) -> None:
    if hook.exc_type is SystemExit or hook.exc_value is None:
        return
    logging.getLogger(PROCESS_LOGGER).error(
        "uncaught %s in thread %s: %s",
        hook.exc_type.__name__,
        hook.thread.name if hook.thread else "?",
        hook.exc_value,
        exc_info=(hook.exc_type, hook.exc_value, hook.exc_traceback),
    )


def _log_unraisable(hook: Any) -> None:  # sys.UnraisableHookArgs
    where = hook.err_msg or "Exception ignored in"
    owner = type(hook.object).__qualname__ if hook.object is not None else "?"
    exc_info = (hook.exc_type, hook.exc_value, hook.exc_traceback) if hook.exc_value else None
    logging.getLogger(PROCESS_LOGGER).warning("%s: %s", where, owner, exc_info=exc_info)


def log_config(*, log_format: Literal["text", "json"], level: str = "INFO") -> dict[str, Any]:
    """uvicorn applies it in every worker."""
    formatter = "json" if log_format == "json" else "text"
    handler = {
        "()": "observability.logs.process_handler",
        "formatter": formatter,
        "filters": ["names"],
        "stream": "ext://sys.stderr",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": "observability.logs.JsonFormatter"},
            "text": {"()": "observability.logs.TextFormatter"},
        },
        "filters": {"names": {"()": "observability.logs.LoggerNames"}},
        "handlers": {"default": handler},
        "root": {"handlers": ["default"], "level": level},
        "loggers": {
            # The access middleware logs each request once; uvicorn's own access log is off.
            "uvicorn": {"handlers": [], "propagate": True},
            "uvicorn.error": {"handlers": [], "propagate": True},
            "uvicorn.access": {"handlers": [], "propagate": False, "level": "WARNING"},
        },
    }


def configure_logging(log_format: Literal["text", "json"]) -> None:
    """For a command, before uvicorn applies it again."""
    logging.config.dictConfig(log_config(log_format=log_format))
