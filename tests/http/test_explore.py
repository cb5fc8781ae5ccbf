"""GraphiQL at GET /graphql and Swagger UI at /docs, both from the project's own files."""

import re
from pathlib import Path

import httpx
import pytest
from graphql import parse, validate

from config.settings import Settings
from explore.pages import example_operations
from main import create_app
from schema import app_schema

REPO = Path(__file__).resolve().parents[2]
HTML = {"Accept": "text/html"}
_ASSET = re.compile(r'(?:src|href)="([^"]+)"')
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src|type=\"application/json\"))[^>]*>")


def assets(html: str) -> list[str]:
    return [url for url in _ASSET.findall(html) if not url.startswith("data:")]


async def test_graphiql_is_served_from_local_files(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers=HTML)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    urls = assets(response.text)
    assert {url.rsplit("/", 1)[-1] for url in urls} == {
        "graphiql.min.css",
        "react.production.min.js",
        "react-dom.production.min.js",
        "graphiql.min.js",
        "graphiql-init.js",
    }
    assert not _INLINE_SCRIPT.search(response.text), "scripts must be files (CSP script-src 'self')"
    for url in urls:
        assert url.startswith("/static/"), url
        asset = await client.get(url)
        assert asset.status_code == 200, url
        assert len(asset.content) > 500


async def test_graphiql_starts_with_the_readme_operations_and_a_headers_editor(
    client: httpx.AsyncClient,
) -> None:
    html = (await client.get("/graphql", headers=HTML)).text
    assert "mutation Register" in html
    assert "query Me" in html
    start = (await client.get("/static/js/graphiql-init.js")).text
    assert "isHeadersEditorEnabled: true" in start
    assert 'getElementById("flowback-examples")' in start


def test_the_starting_document_is_the_docs_examples_and_valid_against_the_schema() -> None:
    page = (REPO / "docs" / "graphql.md").read_text(encoding="utf-8")
    assert '```graphql\n--8<-- "explore/examples.graphql"\n```' in page, (
        "the GraphQL page of the docs must show explore/examples.graphql"
    )
    document = parse(example_operations())
    assert validate(app_schema(Settings(_env_file=None))._schema, document) == []
    assert len(document.definitions) == 17


@pytest.mark.usefixtures("db")
async def test_graphiql_is_off_in_production(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"env": "production"}), manage_orm=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.get("/graphql", headers=HTML)
        assert response.status_code == 404
        assert "graphiql" not in response.text.lower()
        query = await client.post("/graphql", json={"query": "{ __typename }"})
        assert query.json() == {"data": {"__typename": "Query"}}


async def test_docs_render_the_openapi_document_with_local_swagger_ui(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/docs")
    assert response.status_code == 200
    assert 'data-openapi-url="/openapi.json"' in response.text
    assert not _INLINE_SCRIPT.search(response.text)
    urls = assets(response.text)
    assert sorted(url.rsplit("/", 1)[-1] for url in urls) == [
        "docs-init.js",
        "swagger-ui-bundle.js",
        "swagger-ui.css",
    ]
    for url in urls:
        assert url.startswith("/static/")
        assert (await client.get(url)).status_code == 200
    document = (await client.get("/openapi.json")).json()
    assert "post" in document["paths"]["/register"]


async def test_vendored_versions_and_licences_are_recorded(client: httpx.AsyncClient) -> None:
    versions = (await client.get("/static/vendor/VERSIONS.md")).text
    for package in ("graphiql", "react", "react-dom", "swagger-ui-dist"):
        assert f"`{package}`" in versions
    assert (await client.get("/static/vendor/LICENSE.graphiql")).status_code == 200


async def statuses(settings: Settings, *paths: str) -> list[int]:
    app = create_app(settings, manage_orm=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        return [(await client.get(path, headers=HTML)).status_code for path in paths]


DOCS = ("/docs", "/openapi.json", "/static/vendor/VERSIONS.md")


@pytest.mark.parametrize(
    ("env", "docs", "expected"),
    [
        ("production", None, [404, 404, 404]),
        ("production", "public", [200, 200, 200]),
        ("development", None, [200, 200, 200]),
        # GraphiQL still needs its files in development.
        ("development", "off", [404, 404, 200]),
    ],
)
async def test_the_rest_docs_are_off_in_production_unless_asked_for(
    settings: Settings, env: str, docs: str | None, expected: list[int]
) -> None:
    chosen = settings.model_copy(update={"env": env, "docs": docs})
    assert await statuses(chosen, *DOCS) == expected
