"""Every command of ``main.py``, run as an operator would, checked through what it leaves."""

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import asyncpg
import httpx
import pytest

from commands.schema import SDL_FILE, sdl
from tests.abuse import conftest as abuse
from tests.abuse.conftest import REDIS_URL
from tests.conftest import postgres_param
from tests.factories import PASSWORD
from tests.process.conftest import REPO, start_server

redis_prefix = abuse.redis_prefix  # Redis reachable (else skipped, or failed in CI)

COMMANDS = ["serve", "migrate", "makemigrations", "create-user", "seed", "export-schema", "purge"]


def main_py(
    *args: str, env: dict[str, str], stdin: str = "", cwd: Path = REPO
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def plain_env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if not key.startswith("FLOWBACK_")}


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = main_py(command, "--help", env=plain_env() | {"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout


def test_serve_offers_workers_and_reload() -> None:
    result = main_py("serve", "--help", env=plain_env() | {"COLUMNS": "200"})
    assert "--workers" in result.stdout
    assert "--reload" in result.stdout


def test_the_committed_schema_matches_the_code() -> None:
    committed = (REPO / SDL_FILE).read_text(encoding="utf-8")
    assert committed == sdl(), (
        "schema.graphql is out of date: run `python main.py export-schema --output schema.graphql`"
    )


def test_export_schema_prints_the_sdl(tmp_path: Path) -> None:
    result = main_py("export-schema", env=plain_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout == sdl()
    assert "verifyRegistration(\n" in result.stdout and "verificationCode: String!" in result.stdout
    written = main_py("export-schema", "--output", str(tmp_path / "s.graphql"), env=plain_env())
    assert written.returncode == 0
    assert (tmp_path / "s.graphql").read_text() == sdl()


def test_create_user_takes_no_password_argument(server_env: dict[str, str]) -> None:
    args = ["create-user", "--username", "ann", "--email", "ann@example.com"]
    result = main_py(*args, "--password", PASSWORD, env=server_env)
    assert result.returncode == 2
    assert "No such option" in result.stderr


def test_create_user_applies_the_password_rules(server_env: dict[str, str]) -> None:
    args = ["create-user", "--username", "ann", "--email", "ann@example.com"]
    result = main_py(*args, env=server_env, stdin="password\n")
    assert result.returncode == 1
    assert "password: This password is too short" in result.stderr


def test_created_and_seeded_users_can_be_used_on_the_live_server(
    server_env: dict[str, str], tmp_path: Path
) -> None:
    args = ["create-user", "--username", "Ann", "--email", "Ann@Example.com"]
    created = main_py(*args, env=server_env, stdin=PASSWORD + "\n")
    assert created.returncode == 0, created.stderr
    assert "created user 1 (Ann)" in created.stdout
    again = main_py(*args, env=server_env, stdin=PASSWORD + "\n")
    assert again.returncode == 1
    assert "username: A user with that username already exists." in again.stderr

    seeded = main_py("seed", "--users", "1201", env=server_env)
    assert seeded.returncode == 0, seeded.stderr
    assert "created 1201 users demoN with password 'flowback demo password'" in seeded.stdout
    assert "Seeding users" in seeded.stderr  # the progress bar

    server = start_server(server_env | {"FLOWBACK_LOG_FORMAT": "json"}, tmp_path / "server.log")
    try:
        with httpx.Client(base_url=server.base_url, timeout=10) as client:
            assert client.get("/readyz").json() == {"status": "ready"}
            login = client.post(
                "/login", data={"username": "ann@example.com", "password": PASSWORD}
            )
            assert login.status_code == 200, login.text
            auth = {"Authorization": f"Token {login.json()['token']}"}
            listing = client.get("/users?username=demo1201", headers=auth).json()
            assert [row["username"] for row in listing["data"]] == ["demo1201"]
            assert client.get("/users", headers=auth).json()["count"] == 1202
            seeded_login = client.post(
                "/login",
                data={"username": "demo7", "password": "flowback demo password"},
                headers={"X-Request-ID": "seed-check"},
            )
            assert seeded_login.status_code == 200
    finally:
        server.stop()
    lines = [
        json.loads(line)
        for line in (tmp_path / "server.log").read_text().splitlines()
        if line.startswith("{")
    ]
    access = [line for line in lines if line.get("request_id") == "seed-check"]
    assert len(access) == 1
    assert access[0]["path"] == "/login"
    assert access[0]["status"] == 200


def test_seed_is_refused_in_production(server_env: dict[str, str]) -> None:
    result = main_py("seed", "--users", "3", env=server_env | {"FLOWBACK_ENV": "production"})
    assert result.returncode == 1
    assert "refused in production" in result.stderr


@pytest.mark.parametrize("backend", [postgres_param()], indirect=True)
def test_serve_with_two_workers(
    server_env: dict[str, str], redis_prefix: str, tmp_path: Path
) -> None:
    env = server_env | {"FLOWBACK_REDIS_URL": REDIS_URL, "FLOWBACK_REDIS_KEY_PREFIX": redis_prefix}
    server = start_server(env, tmp_path / "server.log", "--workers", "2")
    try:
        with httpx.Client(base_url=server.base_url, timeout=10) as client:
            assert client.get("/readyz").json() == {"status": "ready"}
            for _ in range(4):
                assert client.get("/healthz").status_code == 200
    finally:
        server.stop()
    lines = (tmp_path / "server.log").read_text().splitlines()
    assert len([line for line in lines if "Started server process" in line]) == 2


def test_reload_and_workers_do_not_combine() -> None:
    result = main_py("serve", "--reload", "--workers", "2", env=plain_env())
    assert result.returncode == 2
    assert "--reload and --workers cannot be combined" in result.stderr


def _add_expired_registrations(database_url: str, number: int) -> None:
    """Rows the way an old register leaves them, written with the database's own driver."""
    rows = [(f"old{n}", f"old{n}@example.com", f"{n:064d}") for n in range(number)]
    insert = (
        "INSERT INTO pending_registrations (username, email, code_hash, created_at, expires_at) "
        "VALUES ({}, {}, {}, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP - INTERVAL '1 day')"
    )
    if database_url.startswith("sqlite://"):
        with sqlite3.connect(database_url.removeprefix("sqlite://")) as connection:
            connection.executemany(
                insert.format("?", "?", "?").replace(
                    "CURRENT_TIMESTAMP - INTERVAL '1 day'", "'2000-01-01 00:00:00+00:00'"
                ),
                rows,
            )
        return

    async def on_postgres() -> None:
        connection = await asyncpg.connect(database_url)
        try:
            await connection.executemany(insert.format("$1", "$2", "$3"), rows)
        finally:
            await connection.close()

    asyncio.run(on_postgres())


def test_purge_counts_then_deletes_with_a_progress_bar(server_env: dict[str, str]) -> None:
    assert main_py("migrate", env=server_env).returncode == 0
    _add_expired_registrations(server_env["FLOWBACK_DATABASE_URL"], 3)
    dry = main_py("purge", "--dry-run", env=server_env)
    assert dry.returncode == 0, dry.stderr
    assert "would delete 3 pending registrations, 0 password reset codes" in dry.stdout
    done = main_py("purge", env=server_env)
    assert done.returncode == 0, done.stderr
    assert "deleted 3 pending registrations" in done.stdout and "Purging" in done.stderr
    again = main_py("purge", "--dry-run", env=server_env)
    assert "would delete 0 pending registrations" in again.stdout
