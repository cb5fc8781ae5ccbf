"""Both aerich histories are complete: applying them and diffing the models writes nothing."""

import subprocess
import sys

import pytest

from tests.conftest import POSTGRES_URL
from tests.process.conftest import REPO


@pytest.mark.skipif(not POSTGRES_URL, reason="FLOWBACK_TEST_DATABASE_URL is not set")
@pytest.mark.parametrize("backend", ["postgres"])
def test_no_model_change_lacks_a_migration(database_url: str) -> None:
    result = subprocess.run(
        [sys.executable, "main.py", "makemigrations", "--check", "--postgres-url", database_url],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "sqlite: up to date" in result.stdout
    assert "postgres: up to date" in result.stdout
