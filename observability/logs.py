"""Log output: readable text by default, one JSON object per line with ``FLOWBACK_LOG_FORMAT=json``.

Extra fields given to a log call (``extra={...}``) appear as JSON keys, or as ``key=value``
pairs after the message in text. The request id is added to every record made while a request
is served.
"""

import json
import logging
from datetime import UTC, datetime
from typing import Any, Literal

from observability.request_id import current_request_id

ACCESS_LOGGER = "flowback.access"
_IN_ACCESS_MESSAGE = frozenset({"method", "path", "status", "duration_ms"})
# Attributes every LogRecord has; anything else was passed in ``extra``.
# uvicorn adds ``color_message``, the message again with terminal colours.
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message"}


def extra_fields(record: logging.LogRecord) -> dict[str, Any]:
    fields = {k: v for k, v in record.__dict__.items() if k not in _STANDARD}
    request_id = current_request_id()
    if request_id is not None:
        fields.setdefault("request_id", request_id)
    return fields


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **extra_fields(record),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = extra_fields(record)
        if record.name == ACCESS_LOGGER:  # the message already reads "GET /path 200 1.2ms"
            fields = {k: v for k, v in fields.items() if k not in _IN_ACCESS_MESSAGE}
        pairs = " ".join(f"{key}={value}" for key, value in fields.items())
        return f"{line} {pairs}" if pairs else line


def log_config(*, log_format: Literal["text", "json"], level: str = "INFO") -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for the server (uvicorn applies it in every worker)."""
    formatter = "json" if log_format == "json" else "text"
    handler = {
        "class": "logging.StreamHandler",
        "formatter": formatter,
        "stream": "ext://sys.stderr",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": "observability.logs.JsonFormatter"},
            "text": {"()": "observability.logs.TextFormatter"},
        },
        "handlers": {"default": handler},
        "root": {"handlers": ["default"], "level": level},
        "loggers": {
            # The access middleware logs each request once; uvicorn's own access log is off.
            "uvicorn": {"handlers": [], "propagate": True},
            "uvicorn.error": {"handlers": [], "propagate": True},
            "uvicorn.access": {"handlers": [], "propagate": False, "level": "WARNING"},
        },
    }
