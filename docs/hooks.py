"""MkDocs hook: the reference tables, rendered from the code that defines what they list.

A page asks for a table with a marker on a line of its own (``<!-- settings -->``,
``<!-- error-codes -->``); the settings come from ``config.settings.Settings``, the error
codes from ``domain.errors.ErrorCode`` and their REST status from ``web.faults``.
"""

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Literal, get_args, get_origin

from pydantic.fields import FieldInfo

from config.settings import ENV_PREFIX, Settings
from domain.errors import ErrorCode
from web.faults import STATUS


def setting_variable(name: str) -> str:
    """The environment variable of the settings field ``name``."""
    return ENV_PREFIX + name.upper()


def settings_table() -> str:
    rows = [
        f"| `{setting_variable(name)}` | {_default(field)} | {_accepts(field)} "
        f"| {_cell(field.description or '')} |"
        for name, field in sorted(Settings.model_fields.items())
    ]
    return "\n".join(["| variable | default | accepts | meaning |", "|---|---|---|---|", *rows])


def error_codes_table() -> str:
    rows = [
        f"| `{code.value}` | {STATUS.get(code, 400)} | {_cell(_description(code))} |"
        for code in ErrorCode
    ]
    return "\n".join(["| code | REST status | meaning |", "|---|---|---|", *rows])


def _description(code: ErrorCode) -> str:
    """The code's own description, once ``domain.errors`` gives each code one."""
    description = getattr(code, "description", "")
    return description if isinstance(description, str) else ""


def _default(field: FieldInfo) -> str:
    value = field.get_default(call_default_factory=True)
    if value is None:
        return "unset"
    if value in ("", []):
        return "empty"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, list):
        value = ",".join(str(item) for item in value)
    if isinstance(value, Path | Enum):
        value = str(value)
    return f"`{_cell(str(value))}`"


def _accepts(field: FieldInfo) -> str:
    """The values a field takes, as far as its type and bounds say."""
    annotation = field.annotation
    if get_origin(annotation) is Literal:
        return " or ".join(f"`{choice}`" for choice in get_args(annotation))
    if annotation is bool:
        return "`true` or `false`"
    bounds = {
        key: getattr(item, key)
        for item in field.metadata
        for key in ("ge", "gt", "le")
        if hasattr(item, key)
    }
    if "ge" in bounds and "le" in bounds:
        return f"{bounds['ge']:,} to {bounds['le']:,}"
    return ", ".join(
        f"{sign} {bounds[key]:,}"
        for key, sign in (("ge", "≥"), ("gt", ">"), ("le", "≤"))
        if key in bounds
    )


def _cell(text: str) -> str:
    """Text that keeps a Markdown table row one row."""
    return text.replace("|", "\\|").replace("\n", " ")


TABLES: dict[str, Callable[[], str]] = {
    "<!-- settings -->": settings_table,
    "<!-- error-codes -->": error_codes_table,
}


def on_page_markdown(markdown: str, **_: object) -> str:
    for marker, render in TABLES.items():
        if marker in markdown:
            markdown = markdown.replace(marker, render())
    return markdown
