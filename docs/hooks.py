"""MkDocs hook: the reference tables, rendered from the code that defines what they list.

A page asks for a table with a marker at the start of a line (``<!-- settings -->``,
``<!-- error-codes -->``, ``<!-- tests-map -->``), the rest of that line a note for who reads
the Markdown itself. The settings come from ``config.settings.Settings``, the error codes and
their default messages from ``domain.errors.ErrorCode`` and their REST status from
``web.faults``, the map of each
module's tests from the tests (``tests.architecture.tests_map``).
"""

import importlib.util
import re
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
        f"| `{code.value}` | {STATUS.get(code, 400)} | {_cell(code.description)} "
        f"| {_cell(code.message)} |"
        for code in ErrorCode
    ]
    header = "| code | REST status | meaning | default message |"
    return "\n".join([header, "|---|---|---|---|", *rows])


def tests_map_table() -> str:
    """The map of each module's tests; the tests are no installed package, so their module
    is loaded from its file."""
    path = Path(__file__).resolve().parents[1] / "tests" / "architecture" / "tests_map.py"
    spec = importlib.util.spec_from_file_location("tests_map", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    table: str = module.markdown()
    return table


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
    "<!-- tests-map -->": tests_map_table,
}


def on_page_markdown(markdown: str, **_: object) -> str:
    """Each marker line, with the note after it for readers of the Markdown source (GitHub),
    replaced by its table."""
    for marker, render in TABLES.items():
        if marker in markdown:
            markdown = _replace_line(markdown, marker, render())
    return markdown


def _replace_line(markdown: str, marker: str, table: str) -> str:
    return re.sub(rf"^{re.escape(marker)}.*$", lambda _: table, markdown, flags=re.MULTILINE)
