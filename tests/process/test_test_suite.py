"""The test suite's own report: PostgreSQL runs skipped are one line saying what to set."""

import os
import subprocess
import sys

from tests.process.conftest import REPO


def test_skipped_postgres_runs_are_one_line_and_other_skips_keep_theirs() -> None:
    env = {key: value for key, value in os.environ.items() if key != "FLOWBACK_TEST_DATABASE_URL"}
    env |= {"CI": "false", "FLOWBACK_TEST_REDIS_URL": "redis://127.0.0.1:1/0"}  # skip, not fail
    selected = [
        "tests/http/test_explore.py::test_graphiql_is_off_in_production",
        "tests/process/test_migrations.py::test_no_model_change_lacks_a_migration",
        "tests/abuse/test_rate_limits.py::test_redis_counters_are_shared_by_server_processes",
    ]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *selected],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert [line for line in lines if "FLOWBACK_TEST_DATABASE_URL" in line] == [
        "SKIPPED 3 PostgreSQL runs: set FLOWBACK_TEST_DATABASE_URL to a server the tests may "
        "create databases on, e.g. postgres://postgres@127.0.0.1:5432/postgres"
    ]
    assert any("Redis at redis://127.0.0.1:1/0 is unreachable" in line for line in lines)
    assert "1 passed, 4 skipped" in lines[-1]
