import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.process.conftest import REPO


def run_main(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("FLOWBACK_")}
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), *args],
        cwd=cwd,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("FLOWBACK_VERIFICATION_TTL", "soon"),
        ("FLOWBACK_SMTP_PORT", "99999"),
        ("FLOWBACK_EMAIL_BACKEND", "pigeon"),
        ("FLOWBACK_SMTP_STARTTLS", "perhaps"),
        ("FLOWBACK_DATABASE_URL", "mysql://root@localhost/flowback"),
    ],
)
def test_a_bad_setting_is_one_line_naming_the_variable(
    variable: str, value: str, tmp_path: Path
) -> None:
    result = run_main("migrate", env={variable: value}, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert variable in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_migrate_creates_the_default_sqlite_file_in_the_working_directory(tmp_path: Path) -> None:
    result = run_main("migrate", env={}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "applied migration 0_" in result.stdout
    assert (tmp_path / "flowback.sqlite3").exists()
    again = run_main("migrate", env={}, cwd=tmp_path)
    assert again.returncode == 0
    assert "applied" not in again.stdout


def test_serve_refuses_several_workers_on_sqlite(tmp_path: Path) -> None:
    result = run_main("serve", "--workers", "2", env={}, cwd=tmp_path)
    assert result.returncode == 2
    assert "needs PostgreSQL" in result.stderr
    assert not (tmp_path / "flowback.sqlite3").exists()  # refused before touching anything


def test_serve_refuses_several_workers_with_counters_in_memory(tmp_path: Path) -> None:
    # No database is reached: the check comes first, so any PostgreSQL URL will do.
    env = {"FLOWBACK_DATABASE_URL": "postgres://postgres@127.0.0.1:1/none"}
    result = run_main("serve", "--workers", "2", env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert "FLOWBACK_REDIS_URL" in result.stderr


def test_production_with_console_mail_refuses_to_start_unless_allowed(tmp_path: Path) -> None:
    key = "x" * 43 + "="  # a well-formed Fernet key
    env = {"FLOWBACK_ENV": "production", "FLOWBACK_MAIL_KEY": key}
    result = run_main("serve", env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "FLOWBACK_EMAIL_BACKEND=console" in result.stderr
    assert "FLOWBACK_ALLOW_CONSOLE_MAIL_IN_PRODUCTION" in result.stderr
    assert not (tmp_path / "flowback.sqlite3").exists()  # refused before touching anything


def test_production_without_a_mail_key_refuses_to_start(tmp_path: Path) -> None:
    env = {"FLOWBACK_ENV": "production", "FLOWBACK_EMAIL_BACKEND": "smtp"}
    result = run_main("serve", env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "FLOWBACK_MAIL_KEY" in result.stderr
