"""The OpenAPI document matches the facade's routes, is served, and is committed unchanged."""

import json
from pathlib import Path

import httpx
import pytest
from starlette.routing import Route

import rest_facade
from commands.openapi import render
from rest_facade.openapi import openapi_document

COMMITTED = Path(__file__).resolve().parents[2] / "openapi.json"
REGENERATE = "python main.py openapi --output openapi.json"


def _routes() -> set[tuple[str, str]]:
    found = set()
    for route in rest_facade.routes:
        assert isinstance(route, Route)
        for method in route.methods or ():
            if method != "HEAD":
                found.add((route.path, method.lower()))
    return found


def _documented() -> set[tuple[str, str]]:
    paths = openapi_document()["paths"]
    return {(path, method) for path, item in paths.items() for method in item}


def test_every_route_is_documented_and_every_operation_is_a_route() -> None:
    assert _routes() == _documented()


def test_the_committed_document_is_current() -> None:
    assert COMMITTED.exists(), f"openapi.json is missing: run `{REGENERATE}`"
    assert COMMITTED.read_text(encoding="utf-8") == render(), (
        f"openapi.json is out of date: run `{REGENERATE}`"
    )


@pytest.mark.usefixtures("db")
async def test_the_document_is_served(client: httpx.AsyncClient) -> None:
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    assert response.json() == json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert response.json()["openapi"] == "3.1.0"


def test_the_command_prints_and_writes_the_document(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from commands import cli

    runner = CliRunner()
    printed = runner.invoke(cli, ["openapi"])
    assert printed.exit_code == 0 and json.loads(printed.stdout) == openapi_document()
    target = tmp_path / "openapi.json"
    written = runner.invoke(cli, ["openapi", "--output", str(target)])
    assert written.exit_code == 0
    assert target.read_text(encoding="utf-8") == render()
