import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import POSTGRES_URL
from tests.process.children import free_port
from tests.process.conftest import REPO


def run_main(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``main.py`` with ``args`` and only ``env`` of the settings; ``serve`` on a free port
    unless told one, since a developer's own server may hold the default."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("FLOWBACK_")}
    if args[0] == "serve" and "--port" not in args:
        args = (*args, "--port", str(free_port()))
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
        ("FLOWBACK_MAIL_KEY", "not-a-fernet-key"),
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


def test_a_misspelt_setting_stops_serve_naming_the_nearest_one(tmp_path: Path) -> None:
    env = {"FLOWBACK_BCRYPT_ROUND": "4", "FLOWBACK_TEST_DATABASE_URL": "postgres://reserved"}
    result = run_main("serve", env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "error: FLOWBACK_BCRYPT_ROUND: unknown setting; did you mean FLOWBACK_BCRYPT_ROUNDS?\n"
    )
    assert not (tmp_path / "flowback.sqlite3").exists()  # refused before touching anything


def test_a_misspelt_setting_in_the_env_file_stops_migrate(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("FLOWBACK_SMTP_HOTS=mail.example\n")
    result = run_main("migrate", env={}, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "error: FLOWBACK_SMTP_HOTS: unknown setting; did you mean FLOWBACK_SMTP_HOST?\n"
    )
    (tmp_path / ".env").write_text("FLOWBACK_SMTP_HOST=mail.example\n")
    assert run_main("migrate", env={}, cwd=tmp_path).returncode == 0


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


def assert_one_line_refusal(result: subprocess.CompletedProcess[str], *names: str) -> None:
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for name in names:
        assert name in result.stderr


@pytest.mark.parametrize("command", ["migrate", "serve"])
@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("missing/flowback.sqlite3", "does not exist"),
        ("a-file/flowback.sqlite3", "is not a directory"),
        ("/sys/flowback.sqlite3", "writable"),  # not writable, even for root
    ],
)
def test_a_sqlite_file_that_cannot_be_created_is_one_line_not_a_hang(
    command: str, path: str, reason: str, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("")
    env = {"FLOWBACK_DATABASE_URL": f"sqlite://{path}"}
    result = run_main(command, env=env, cwd=tmp_path)
    assert_one_line_refusal(result, "FLOWBACK_DATABASE_URL", path.lstrip("/"), reason)


@pytest.mark.parametrize("command", [["migrate"], ["outbox"], ["purge"]])
def test_an_unreachable_postgres_is_one_line_with_the_password_masked(
    command: list[str], tmp_path: Path
) -> None:
    env = {"FLOWBACK_DATABASE_URL": "postgres://flowback:hunter2@127.0.0.1:1/flowback"}
    result = run_main(*command, env=env, cwd=tmp_path)
    assert_one_line_refusal(result, "FLOWBACK_DATABASE_URL", "flowback:***@", "refused")
    assert "hunter2" not in result.stderr


@pytest.mark.skipif(not POSTGRES_URL, reason="FLOWBACK_TEST_DATABASE_URL is not set")
@pytest.mark.parametrize(
    ("change", "reason"),
    [("database", 'database "flowback_no_such_db" does not exist'), ("role", 'role "nobody"')],
)
def test_a_missing_database_or_role_is_one_line(change: str, reason: str, tmp_path: Path) -> None:
    assert POSTGRES_URL
    base = POSTGRES_URL.rsplit("/", 1)[0]
    url = f"{base}/flowback_no_such_db"
    if change == "role":
        url = "postgres://nobody:pw@" + POSTGRES_URL.split("@", 1)[1]
    result = run_main("serve", env={"FLOWBACK_DATABASE_URL": url}, cwd=tmp_path)
    assert_one_line_refusal(result, "FLOWBACK_DATABASE_URL", reason)


def test_serve_on_a_busy_port_says_to_use_port_and_starts_nothing(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_main("serve", "--port", str(port), env={}, cwd=tmp_path)
    assert_one_line_refusal(result, f"127.0.0.1:{port}", "already in use", "--port")
    assert "outbox relay" not in result.stdout + result.stderr
    assert not (tmp_path / "flowback.sqlite3").exists()  # not even the migrations ran
