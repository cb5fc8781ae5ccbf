import logging
import os
from pathlib import Path
from typing import Literal, NoReturn

import typer

from config.settings import ENV_PREFIX
from observability.logs import JsonFormatter

LogFormat = Literal["text", "json"]
COMMAND_LOGGER = "flowback.command"


def emit(text: str, output: Path | None) -> None:
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {output}")


def requested_log_format() -> LogFormat:
    """From the environment, for a line written before the settings could be read."""
    return "json" if os.environ.get(f"{ENV_PREFIX}LOG_FORMAT") == "json" else "text"


def say(
    message: str, *, log_format: LogFormat, logger: str = COMMAND_LOGGER, **fields: object
) -> None:
    """Plain on standard output, or a JSON log line of ``logger`` on standard error when the log
    is JSON; ``fields`` go in the JSON only."""
    if log_format == "json":
        typer.echo(_json_line(message, logging.INFO, fields, logger=logger), err=True)
    else:
        typer.echo(message)


def refuse(reason: str, *, code: int, log_format: LogFormat | None = None) -> NoReturn:
    """``error: reason`` on standard error, or a JSON log line when the log is JSON."""
    if (log_format or requested_log_format()) == "json":
        typer.echo(_json_line(reason, logging.ERROR, {}, logger=COMMAND_LOGGER), err=True)
    else:
        typer.echo(f"error: {reason}", err=True)
    raise typer.Exit(code)


def _json_line(message: str, level: int, fields: dict[str, object], *, logger: str) -> str:
    record = logging.makeLogRecord(
        {
            "name": logger,
            "levelno": level,
            "levelname": logging.getLevelName(level),
            "msg": message,
            **fields,
        }
    )
    return JsonFormatter().format(record)
