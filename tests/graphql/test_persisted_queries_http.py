"""Persisted documents over HTTP, as their clients speak them: Apollo's automatic persisted
queries (unknown hash, register, hit over GET, wrong hash, eviction by bytes) and trusted
documents named by hash or documentId, enforced in production, with the gateway's token."""

import hashlib
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from tortoise.context import TortoiseContext

from adapters.composition import compose
from adapters.limiter_storage import build_limiter
from tests.abuse.conftest import small_settings
from tests.conftest import asgi_client
from tests.factories import PASSWORD, make_user

ME = "query Me { me { username } }"
USERS = "query Users { users(limit: 1) { count } }"
GATEWAY_TOKEN = "gateway-" + "s" * 40
NOT_FOUND_BODY = {
    "errors": [
        {"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}
    ]
}

pytestmark = pytest.mark.usefixtures("db")


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _apq(text: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": _sha(text)}}


def _get_params(text: str) -> dict[str, str]:
    """What Apollo's HttpLink puts in the URL of a hashed query: no ``query``."""
    return {"extensions": json.dumps(_apq(text), separators=(",", ":"))}


ClientFactory = Callable[..., Any]


@pytest.fixture
def service(db: TortoiseContext) -> Callable[..., Any]:
    """``service(**settings)``: an HTTP client of the app on test settings with these,
    signed in as ann."""

    @asynccontextmanager
    async def open_service(**overrides: Any) -> AsyncIterator[httpx.AsyncClient]:
        composition = compose(small_settings(**overrides))
        await make_user(composition, username="ann", email="ann@example.com")
        token = await composition.rules.sessions.login(username="ann", password=PASSWORD)
        async with asgi_client(composition) as client:
            client.headers["Authorization"] = f"Token {token}"
            yield client

    return open_service


async def test_an_unknown_hash_is_answered_so_the_client_sends_the_text(
    service: ClientFactory,
) -> None:
    async with service() as client:
        response = await client.post("/graphql", json={"extensions": _apq(ME)})
    assert response.status_code == 200
    assert response.json() == NOT_FOUND_BODY
    assert response.headers["cache-control"] == "private, no-cache, must-revalidate"


async def test_a_registered_query_is_then_run_by_its_hash_over_get_and_post(
    service: ClientFactory,
) -> None:
    async with service() as client:
        registered = await client.post("/graphql", json={"query": ME, "extensions": _apq(ME)})
        assert registered.json() == {"data": {"me": {"username": "ann"}}}
        by_get = await client.get("/graphql", params=_get_params(ME))
        assert by_get.status_code == 200
        assert by_get.json() == {"data": {"me": {"username": "ann"}}}
        by_post = await client.post("/graphql", json={"extensions": _apq(ME)})
        assert by_post.json() == {"data": {"me": {"username": "ann"}}}


async def test_a_text_with_another_hash_is_refused_and_registers_nothing(
    service: ClientFactory,
) -> None:
    async with service() as client:
        response = await client.post("/graphql", json={"query": USERS, "extensions": _apq(ME)})
        assert response.status_code == 400
        assert response.json()["errors"] == [
            {
                "message": "provided sha does not match query",
                "extensions": {"code": "PERSISTED_QUERY_HASH_MISMATCH"},
            }
        ]
        for text in (ME, USERS):
            assert (await client.get("/graphql", params=_get_params(text))).json() == (
                NOT_FOUND_BODY
            )


async def test_a_document_that_does_not_validate_is_never_stored(
    service: ClientFactory,
) -> None:
    invalid = "query Nope { me { nosuchfield } }"
    async with service() as client:
        response = await client.post(
            "/graphql", json={"query": invalid, "extensions": _apq(invalid)}
        )
        assert response.json()["data"] is None
        again = await client.post("/graphql", json={"extensions": _apq(invalid)})
    assert again.json() == NOT_FOUND_BODY


async def test_the_least_recently_used_query_is_dropped_once_over_the_bytes(
    service: ClientFactory,
) -> None:
    first, second = ME, "query Me2 { me { username } }"
    async with service(
        graphql_persisted_queries_cache_bytes=len(first) + len(second) - 1
    ) as client:
        for text in (first, second):
            await client.post("/graphql", json={"query": text, "extensions": _apq(text)})
        assert (await client.get("/graphql", params=_get_params(first))).json() == NOT_FOUND_BODY
        hit = await client.get("/graphql", params=_get_params(second))
        assert hit.json() == {"data": {"me": {"username": "ann"}}}


def _codegen_manifest(path: Path, *texts: str) -> Path:
    path.write_text(json.dumps({f"sha256:{_sha(text)}": text for text in texts}))
    return path


def _apollo_manifest(path: Path, *texts: str) -> Path:
    operations = [
        {"id": _sha(text), "name": text.split()[1], "type": "query", "body": text} for text in texts
    ]
    manifest = {"format": "apollo-persisted-query-manifest", "version": 1, "operations": operations}
    path.write_text(json.dumps(manifest))
    return path


@pytest.fixture(params=[_codegen_manifest, _apollo_manifest], ids=["codegen", "apollo"])
def manifest(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A manifest listing ``ME`` alone, in each format."""
    write: Callable[..., Path] = request.param
    return write(tmp_path / "manifest.json", ME)


def _production(manifest: Path) -> dict[str, Any]:
    return {
        "env": "production",
        "graphql_trusted_documents": str(manifest),
        "gateway_token": GATEWAY_TOKEN,
    }


async def test_in_production_a_listed_document_runs_by_hash_or_document_id(
    service: ClientFactory, manifest: Path
) -> None:
    async with service(**_production(manifest)) as client:
        by_get = await client.get("/graphql", params=_get_params(ME))
        by_id = await client.post("/graphql", json={"documentId": f"sha256:{_sha(ME)}"})
        by_id_get = await client.get("/graphql", params={"documentId": f"sha256:{_sha(ME)}"})
        by_text = await client.post("/graphql", json={"query": ME})
    for response in (by_get, by_id, by_id_get, by_text):
        assert response.json() == {"data": {"me": {"username": "ann"}}}


async def test_in_production_an_unlisted_document_is_refused_however_named(
    service: ClientFactory, manifest: Path
) -> None:
    async with service(**_production(manifest)) as client:
        text = await client.post("/graphql", json={"query": USERS})
        registering = await client.post(
            "/graphql", json={"query": USERS, "extensions": _apq(USERS)}
        )
        by_hash = await client.get("/graphql", params=_get_params(USERS))
        by_id = await client.post("/graphql", json={"documentId": _sha(USERS)})
    for response in (text, registering, by_hash, by_id):
        assert response.status_code == 403
        [error] = response.json()["errors"]
        assert error["extensions"] == {"code": "PERSISTED_QUERY_NOT_IN_LIST"}
    assert by_hash.json()["errors"][0]["message"] == (
        f"Persisted query '{_sha(USERS)}' not found in the persisted query list"
    )


async def test_outside_production_the_list_names_documents_and_any_other_runs(
    service: ClientFactory, manifest: Path
) -> None:
    async with service(graphql_trusted_documents=str(manifest)) as client:
        listed = await client.post("/graphql", json={"documentId": _sha(ME)})
        other = await client.post("/graphql", json={"query": USERS})
    assert listed.json() == {"data": {"me": {"username": "ann"}}}
    assert other.json() == {"data": {"users": {"count": 1}}}


async def test_the_gateway_with_its_token_runs_its_own_queries_in_production(
    service: ClientFactory, manifest: Path
) -> None:
    entities = "query($r: [_Any!]!) { _entities(representations: $r) { ... on User { username } } }"
    async with service(**_production(manifest)) as client:
        ann = (await client.post("/graphql", json={"query": ME})).json()
        assert ann == {"data": {"me": {"username": "ann"}}}
        body = {"query": entities, "variables": {"r": [{"__typename": "User", "id": 1}]}}
        anonymous_sdl = await client.post("/graphql", json={"query": "{ _service { sdl } }"})
        refused = await client.post("/graphql", json=body)
        wrong = await client.post(
            "/graphql", json=body, headers={"Flowback-Gateway-Token": GATEWAY_TOKEN + "x"}
        )
        gateway = {"Flowback-Gateway-Token": GATEWAY_TOKEN}
        answered = await client.post("/graphql", json=body, headers=gateway)
        sdl = await client.post("/graphql", json={"query": "{ _service { sdl } }"}, headers=gateway)
    for response in (anonymous_sdl, refused, wrong):
        assert response.json()["errors"][0]["extensions"] == {"code": "PERSISTED_QUERY_NOT_IN_LIST"}
    assert answered.json() == {"data": {"_entities": [{"username": "ann"}]}}
    assert 'type User @key(fields: "id")' in sdl.json()["data"]["_service"]["sdl"]


async def test_in_production_without_a_list_the_sdl_is_still_the_gateways_alone(
    service: ClientFactory,
) -> None:
    async with service(env="production", gateway_token=GATEWAY_TOKEN) as client:
        refused = await client.post("/graphql", json={"query": "{ _service { sdl } }"})
        answered = await client.post(
            "/graphql",
            json={"query": "{ _service { sdl } }"},
            headers={"Flowback-Gateway-Token": GATEWAY_TOKEN},
        )
    assert refused.json()["data"] is None
    assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "sdl" in answered.json()["data"]["_service"]


async def test_a_redis_that_is_away_makes_persisted_queries_misses_never_errors(
    db: TortoiseContext,
) -> None:
    # Rate limits in memory; only the persisted queries look for the Redis that is away.
    settings = small_settings(redis_url="redis://127.0.0.1:1/0")
    composition = compose(settings, limiter=build_limiter(small_settings()))
    async with asgi_client(composition) as client:
        miss = await client.get("/graphql", params=_get_params(ME))
        registered = await client.post("/graphql", json={"query": ME, "extensions": _apq(ME)})
        hit = await client.get("/graphql", params=_get_params(ME))  # kept by this process
    composition.documents.close()
    assert miss.status_code == 200
    assert miss.json() == NOT_FOUND_BODY
    assert registered.json() == hit.json() == {"data": {"me": None}}
