"""The typed-client check (``npm run --prefix clients check``, run by ``.ci/run``) fails when
the schema or a REST body changes in a way that breaks the clients it compiles: each case
breaks a copy of the committed contract and runs the check on it."""

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.process.node import CLIENTS, REPO, require_node_packages

pytestmark = pytest.mark.slow

PACKAGES = (
    "@graphql-codegen/cli",
    "@graphql-codegen/client-preset",
    "openapi-typescript",
    "typescript",
)
CONTRACT = ("schema.graphql", "openapi.json", "openapi.flowback-backend.json")


def _check(tmp_path: Path, file: str, old: str, new: str) -> subprocess.CompletedProcess[str]:
    """The check on a copy of ``clients/`` beside the contract, ``old`` replaced by ``new``
    in ``file``."""
    require_node_packages(*PACKAGES)
    npm = shutil.which("npm")
    assert npm is not None
    for name in CONTRACT:
        shutil.copy(REPO / name, tmp_path / name)
    text = (tmp_path / file).read_text()
    assert old in text
    (tmp_path / file).write_text(text.replace(old, new, 1))
    copy = tmp_path / "clients"
    shutil.copytree(CLIENTS, copy, ignore=shutil.ignore_patterns("node_modules", "generated"))
    (copy / "node_modules").symlink_to(CLIENTS / "node_modules")
    return subprocess.run(
        [npm, "run", "--silent", "check"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_field_made_nullable_breaks_the_graphql_client(tmp_path: Path) -> None:
    """``me.email`` is read as a string: were it nullable, the program would not compile."""
    marker = '  """The address the account signs in and is mailed at."""\n  email: String!'
    result = _check(tmp_path, "schema.graphql", marker, marker.removesuffix("!"))
    assert result.returncode != 0
    assert "src/graphql-client.ts" in result.stdout and "TS18047" in result.stdout, result.stdout


def test_a_removed_field_breaks_the_operations(tmp_path: Path) -> None:
    result = _check(tmp_path, "schema.graphql", "  totalCount: Int!", "  counted: Int!")
    assert result.returncode != 0
    assert "totalCount" in result.stdout + result.stderr


def test_a_renamed_rest_body_field_breaks_the_rest_client(tmp_path: Path) -> None:
    result = _check(tmp_path, "openapi.flowback-backend.json", '"results": {', '"rows": {')
    assert result.returncode != 0
    assert "src/rest-client.ts" in result.stdout, result.stdout
