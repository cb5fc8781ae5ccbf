"""The reference pages of the manual are rendered from the code (docs/hooks.py)."""

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from config.settings import ENV_PREFIX, Settings
from domain.errors import ErrorCode

REPO = Path(__file__).resolve().parents[2]


def _load_hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_hooks", REPO / "docs" / "hooks.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hooks = _load_hooks()


def _rows(table: str) -> dict[str, list[str]]:
    """The rows of a Markdown table, by the code span of their first cell."""
    rows = {}
    for line in table.splitlines()[2:]:
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
        rows[cells[0].strip("`")] = cells[1:]
    return rows


@pytest.mark.parametrize("name", list(Settings.model_fields))
def test_every_setting_has_a_described_row(name: str) -> None:
    rows = _rows(hooks.settings_table())
    variable = ENV_PREFIX + name.upper()
    assert variable in rows, f"{variable} has no row on the settings page"
    description = rows[variable][-1]
    assert description, (
        f"{variable} has no description: declare it with Field(default, description='…')"
    )


def test_a_setting_row_shows_its_default_and_the_values_it_accepts() -> None:
    rows = _rows(hooks.settings_table())
    assert rows["FLOWBACK_BCRYPT_ROUNDS"][:2] == ["`12`", "4 to 31"]
    assert rows["FLOWBACK_ENV"][:2] == ["`development`", "`development` or `production`"]
    assert rows["FLOWBACK_SMTP_STARTTLS"][:2] == ["`false`", "`true` or `false`"]
    assert rows["FLOWBACK_REDIS_URL"][0] == "unset"
    assert rows["FLOWBACK_CORS_ORIGINS"][0] == "empty"
    assert rows["FLOWBACK_FORWARDED_ALLOW_IPS"][0] == "empty"  # nobody trusted unless named
    assert rows["FLOWBACK_SMTP_TIMEOUT"][:2] == ["`10`", "> 0"]


def test_every_error_code_has_a_row_with_its_rest_status_meaning_and_message() -> None:
    rows = _rows(hooks.error_codes_table())
    assert list(rows) == [code.value for code in ErrorCode]
    assert rows["INVALID_USERNAME"][0] == "400"
    assert rows["INVALID_TOKEN"][0] == "401"
    assert rows["RATE_LIMITED"][0] == "429"
    assert rows["SERVICE_UNAVAILABLE"][0] == "503"
    assert all(meaning and message for _, meaning, message in rows.values())
    assert rows["INVALID_TOKEN"][1] == ErrorCode.INVALID_TOKEN.description
    assert rows["UNAUTHENTICATED"][2] == "Authentication credentials were not provided."


def test_a_page_gets_its_table_in_place_of_its_marker() -> None:
    page = "# Settings\n\nIntro.\n\n<!-- settings --> *A note for GitHub.*\n\nAfter.\n"
    rendered = hooks.on_page_markdown(page)
    assert "<!-- settings -->" not in rendered
    assert "A note for GitHub" not in rendered
    assert rendered.endswith("|\n\nAfter.\n")
    assert "| `FLOWBACK_DATABASE_URL` | `sqlite://flowback.sqlite3` |" in rendered
    assert hooks.on_page_markdown("# No table\n") == "# No table\n"


def test_the_development_page_shows_where_each_modules_tests_are() -> None:
    page = (REPO / "docs" / "development.md").read_text()
    rendered = hooks.on_page_markdown(page)
    assert "<!-- tests-map -->" not in rendered
    assert "| `domain.password_reset` | `domain/test_password_reset.py`, " in rendered
    assert "| `web.guard` | `abuse/test_hosts.py`, " in rendered  # from the page's own table
