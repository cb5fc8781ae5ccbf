"""The OpenAPI document matches the facade's routes, is served, and is committed unchanged."""

import json
from pathlib import Path

import httpx
import pytest
from starlette.routing import Route

import rest_facade
from adapters.composition import compose
from adapters.mailers import MemoryMailer
from commands.openapi import COMMITTED as COMMITTED_FILES
from commands.openapi import render
from config.settings import Settings
from rest_facade.dialect import DIALECTS
from rest_facade.openapi import PLATFORM_TAG, document_for
from tests.conftest import asgi_client
from tests.http.helpers import signed_up

COMMITTED = Path(__file__).resolve().parents[2] / "openapi.json"
REGENERATE = "python main.py openapi --output openapi.json"
PLATFORM_PATHS = {route.path for route in rest_facade.platform_routes if isinstance(route, Route)}


def _routes(routes: list[Route]) -> set[tuple[str, str]]:
    found = set()
    for route in routes:
        assert isinstance(route, Route)
        for method in route.methods or ():
            if method != "HEAD":
                found.add((route.path, method.lower()))
    return found


def _documented() -> set[tuple[str, str]]:
    paths = document_for("document")["paths"]
    return {(path, method) for path, item in paths.items() for method in item}


def test_every_route_is_documented_and_every_operation_is_a_route(settings: Settings) -> None:
    platform = {(path, method) for path, method in _documented() if path in PLATFORM_PATHS}
    served = rest_facade.api_routes(compose(settings).rules, settings)
    assert _routes(served) == _documented() - platform
    # Forward authentication answers every method (Envoy sends the client's): GET is documented.
    assert platform <= _routes(rest_facade.platform_routes)


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
    assert printed.exit_code == 0 and json.loads(printed.stdout) == document_for("document")
    target = tmp_path / "openapi.json"
    written = runner.invoke(cli, ["openapi", "--output", str(target)])
    assert written.exit_code == 0
    assert target.read_text(encoding="utf-8") == render()


BACKEND_COMMITTED = COMMITTED.with_name(COMMITTED_FILES["flowback-backend"])
BACKEND_REGENERATE = (
    "python main.py openapi --dialect flowback-backend --output openapi.flowback-backend.json"
)


def test_the_committed_flowback_backend_document_is_current() -> None:
    assert BACKEND_COMMITTED.exists(), (
        f"{BACKEND_COMMITTED.name} is missing: run `{BACKEND_REGENERATE}`"
    )
    assert BACKEND_COMMITTED.read_text(encoding="utf-8") == render("flowback-backend"), (
        f"{BACKEND_COMMITTED.name} is out of date: run `{BACKEND_REGENERATE}`"
    )


def test_both_dialects_document_the_same_operations() -> None:
    backend = document_for("flowback-backend")
    assert {
        (path, method) for path, item in backend["paths"].items() for method in item
    } == _documented()
    parameters = {
        parameter["name"] for parameter in backend["paths"]["/users"]["get"]["parameters"]
    }
    assert parameters == {"id", "username", "username__icontains", "limit", "offset"}


@pytest.mark.usefixtures("db")
async def test_the_active_dialects_document_is_served(tmp_path: Path, mailer: MemoryMailer) -> None:
    settings = Settings(
        _env_file=None, email_backend="memory", rest_dialect="flowback-backend", media_root=tmp_path
    )
    async with asgi_client(compose(settings, mailer=mailer)) as client:
        response = await client.get("/openapi.json")
    assert response.json() == json.loads(BACKEND_COMMITTED.read_text(encoding="utf-8"))
    assert "results" in response.json()["components"]["schemas"]["UserPage"]["properties"]


def _bodies() -> list[tuple[str, str]]:
    """Each documented POST of a signed-in user's that takes a body, with the schema its JSON
    body refers to (a platform call takes a service's credentials: ``test_introspection``)."""
    found = []
    for path, item in document_for("document")["paths"].items():
        post = item.get("post", {})
        body = post.get("requestBody")
        if body is not None and PLATFORM_TAG not in post.get("tags", ()):
            reference = body["content"]["application/json"]["schema"]["$ref"]
            found.append((path, reference.rsplit("/", 1)[-1]))
    return found


@pytest.mark.usefixtures("db")
@pytest.mark.parametrize(("path", "schema"), _bodies())
async def test_an_empty_body_is_refused_only_for_fields_documented_as_required(
    client: httpx.AsyncClient, token: str, path: str, schema: str
) -> None:
    response = await client.post(path, json={}, headers={"Authorization": f"Token {token}"})
    required = document_for("document")["components"]["schemas"][schema].get("required", [])
    refused = {error["field"] for error in response.json().get("errors", [])}
    codes = {error["code"] for error in response.json().get("errors", [])}
    if required:
        assert response.status_code == 400, response.text
        assert codes == {"REQUIRED"} and refused and refused <= set(required)
    else:
        assert response.status_code == 200, response.text


@pytest.mark.usefixtures("db")
async def test_a_field_that_is_not_text_is_invalid_beside_the_missing_ones(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/login", json={"username": ["alice"]})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "username", "code": "INVALID", "message": "Not a valid string."}
    ]


@pytest.mark.usefixtures("db")
@pytest.mark.parametrize("dialect", ["document", "flowback-backend"])
async def test_the_user_bodies_are_the_models_the_documents_declare(
    tmp_path: Path, mailer: MemoryMailer, dialect: str
) -> None:
    """The hot list is rendered as plain data: held here to the model it documents."""
    settings = Settings(
        _env_file=None, email_backend="memory", rest_dialect=dialect, media_root=tmp_path
    )
    async with asgi_client(compose(settings, mailer=mailer)) as client:
        token = await signed_up(client, mailer)
        auth = {"Authorization": f"Token {token}"}
        page = (await client.get("/users", params={"limit": 5}, headers=auth)).json()
        own = (await client.get("/user", headers=auth)).json()
    models = DIALECTS[dialect]
    assert models.UserPage.model_validate(page).model_dump() == page
    assert models.User.model_validate(own).model_dump(exclude_unset=True) == own


@pytest.mark.usefixtures("db")
@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/login", {"username": 0, "password": "x"}, "username"),
        ("/register", {"username": "ann", "email": 1.5}, "email"),
        ("/user/update", {"dark_theme": 2}, "dark_theme"),
    ],
)
async def test_json_values_the_documents_do_not_allow_are_invalid(
    client: httpx.AsyncClient, token: str, path: str, body: dict[str, object], field: str
) -> None:
    """What the schema calls text is text, and a flag a boolean, 0 or 1, or one of its words."""
    response = await client.post(path, json=body, headers={"Authorization": f"Token {token}"})
    assert response.status_code == 400, response.text
    assert {error["field"]: error["code"] for error in response.json()["errors"]}[
        field
    ] == "INVALID"
