"""Persisted documents against real server processes: Apollo Client's persisted-queries link
(npm) misses, registers and hits, over POST and GET; a query registered on one process is
found by another through Redis; manifests made by the real tools (graphql-codegen's client
preset, Apollo's generate-persisted-query-manifest) are read, and their clients' requests
run where only trusted documents do; and there Apollo Gateway holding the gateway token
still composes and federates the service."""

import hashlib
import json
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.fernet import Fernet

from tests.abuse import conftest as abuse
from tests.abuse.conftest import REDIS_URL
from tests.factories import PASSWORD, code_in
from tests.process.conftest import Inbox, LiveServer, start_server
from tests.process.node import CLIENTS, node_server, require_node_packages
from tests.process.test_cli import run_main

pytestmark = pytest.mark.slow
#: The tests that run a server: on SQLite, the database makes no difference here.
on_sqlite = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)

# Redis reachable (else skipped, or failed in CI), with a key prefix of this test's own.
redis_prefix = abuse.redis_prefix

ME = "query Me { me { username } }"
GATEWAY_TOKEN = "gateway-token-of-the-test-" + "x" * 20
FEDERATION = ("@apollo/gateway", "@apollo/server", "@apollo/subgraph")


def _signed_up(server: LiveServer, inbox: Inbox, username: str, mails: int = 1) -> str:
    """The token of ``username``, registered, verified and signed in (the ``mails``-th mail
    of ``inbox``)."""
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        client.post("/register", data={"username": username, "email": f"{username}@example.com"})
        code = code_in(inbox.wait_for(mails)[-1])
        verify = {"verification_code": code, "password": PASSWORD}
        assert client.post("/register/verify", data=verify).status_code == 201
        login = client.post("/login", data={"username": username, "password": PASSWORD})
        token: str = login.json()["token"]
        return token


@on_sqlite
def test_apollo_clients_persisted_queries_link_misses_registers_and_hits(
    live_server: LiveServer, smtp: tuple[Inbox, int]
) -> None:
    node = require_node_packages("@apollo/client", "rxjs")
    token = _signed_up(live_server, smtp[0], "ann")
    run = subprocess.run(
        [node, "persisted/apq.mjs", f"{live_server.base_url}/graphql", token],
        cwd=CLIENTS,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    steps = {step["step"]: step for step in map(json.loads, run.stdout.splitlines())}
    me = {"me": {"__typename": "CurrentUser", "id": 1, "username": "ann"}}
    users = {"usersConnection": {"__typename": "UserConnection", "totalCount": 1}}

    def exchanges(name: str) -> list[tuple[str, bool, int, str | None]]:
        step: dict[str, Any] = steps[name]
        assert step["error"] is None, step
        return [(e["method"], e["text"], e["status"], e["code"]) for e in step["exchanges"]]

    # The hash alone, answered PersistedQueryNotFound; then the text with it, registered.
    assert exchanges("miss then register") == [
        ("POST", False, 200, "PERSISTED_QUERY_NOT_FOUND"),
        ("POST", True, 200, None),
    ]
    assert steps["miss then register"]["data"] == me
    # A fresh client: the hash alone is enough, over POST and over GET.
    assert exchanges("hit") == [("POST", False, 200, None)]
    assert exchanges("hit over GET") == [("GET", False, 200, None)]
    assert steps["hit"]["data"] == steps["hit over GET"]["data"] == me
    # Over GET a miss is not cached on the way: the link registers by POST, then GET hits.
    assert exchanges("miss over GET then register") == [
        ("GET", False, 200, "PERSISTED_QUERY_NOT_FOUND"),
        ("POST", True, 200, None),
    ]
    assert exchanges("hit over GET after") == [("GET", False, 200, None)]
    assert steps["hit over GET after"]["data"] == users


@on_sqlite
def test_a_query_registered_on_one_process_is_found_on_another(
    server_env: dict[str, str], tmp_path: Path, redis_prefix: str
) -> None:
    env = server_env | {
        "FLOWBACK_REDIS_URL": REDIS_URL,
        "FLOWBACK_REDIS_KEY_PREFIX": redis_prefix,
        "FLOWBACK_GRAPHQL_PERSISTED_QUERIES_TTL": "60",  # the test's keys go soon
    }
    digest = hashlib.sha256(ME.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    by_hash = {"extensions": json.dumps(extensions)}
    first = start_server(env, tmp_path / "first.log")
    try:
        second = start_server(env, tmp_path / "second.log")
        try:
            miss = httpx.get(f"{second.base_url}/graphql", params=by_hash, timeout=10)
            registered = httpx.post(
                f"{first.base_url}/graphql",
                json={"query": ME, "extensions": extensions},
                timeout=10,
            )
            hit = httpx.get(f"{second.base_url}/graphql", params=by_hash, timeout=10)
        finally:
            second.stop()
    finally:
        first.stop()
    assert miss.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert registered.json() == {"data": {"me": None}}
    assert hit.status_code == 200
    assert hit.json() == {"data": {"me": None}}


@on_sqlite
def test_a_gateway_with_its_token_federates_where_only_trusted_documents_run(
    server_env: dict[str, str], smtp: tuple[Inbox, int], tmp_path: Path
) -> None:
    require_node_packages(*FEDERATION)
    manifest = tmp_path / "persisted-documents.json"
    manifest.write_text(json.dumps({hashlib.sha256(ME.encode()).hexdigest(): ME}))
    env = server_env | {
        "FLOWBACK_ENV": "production",
        "FLOWBACK_MAIL_KEY": Fernet.generate_key().decode(),
        "FLOWBACK_GRAPHQL_TRUSTED_DOCUMENTS": str(manifest),
        "FLOWBACK_GATEWAY_TOKEN": GATEWAY_TOKEN,
    }
    server = start_server(env, tmp_path / "server.log")
    try:
        token = _signed_up(server, smtp[0], "ann")
        users = f"{server.base_url}/graphql"
        # The service itself runs the listed document only, and keeps its SDL to the gateway.
        listed = httpx.post(users, json={"query": ME}, headers={"Authorization": f"Token {token}"})
        assert listed.json() == {"data": {"me": {"username": "ann"}}}
        unlisted = httpx.post(users, json={"query": "{ _service { sdl } }"})
        assert unlisted.status_code == 403
        with (
            node_server("federation/notes-subgraph.mjs", "1", log=tmp_path / "notes.log") as notes,
            node_server(
                "federation/gateway.mjs", users, notes, GATEWAY_TOKEN, log=tmp_path / "gateway.log"
            ) as gateway,
        ):
            query = "{ notes { text author { username } } }"
            joined = httpx.post(
                gateway, json={"query": query}, headers={"Authorization": f"Bearer {token}"}
            )
    finally:
        server.stop()
    # Composed from the service's _service, and its _entities answered the query plan.
    assert joined.json() == {"data": {"notes": [{"text": "note 1", "author": {"username": "ann"}}]}}


ME_DOCUMENT = "query Me { me { username } }"
OTHER_DOCUMENT = "query Other { usersConnection(first: 1) { totalCount } }"


def _production_server(server_env: dict[str, str], manifest: Path, log: Path) -> LiveServer:
    return start_server(
        server_env
        | {
            "FLOWBACK_ENV": "production",
            "FLOWBACK_MAIL_KEY": Fernet.generate_key().decode(),
            "FLOWBACK_GRAPHQL_TRUSTED_DOCUMENTS": str(manifest),
        },
        log,
    )


def _operations(directory: Path) -> Path:
    """The client's documents, one operation a file (as Apollo's generator wants)."""
    directory.mkdir()
    (directory / "me.graphql").write_text(ME_DOCUMENT)
    return directory


def _run_tool(*command: str) -> None:
    done = subprocess.run(
        command, cwd=CLIENTS, capture_output=True, text=True, timeout=180, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


@on_sqlite
def test_graphql_codegens_manifest_runs_its_documents_by_id_in_production(
    server_env: dict[str, str], smtp: tuple[Inbox, int], tmp_path: Path
) -> None:
    node = require_node_packages("@graphql-codegen/cli", "@graphql-codegen/client-preset")
    operations = _operations(tmp_path / "operations")
    config = tmp_path / "codegen.json"
    output = tmp_path / "gql"
    config.write_text(
        json.dumps(
            {
                "schema": str(CLIENTS.parent / "schema.graphql"),
                "documents": [f"{operations}/*.graphql"],
                "generates": {
                    f"{output}/": {
                        "preset": "client",
                        "presetConfig": {"persistedDocuments": {"hashAlgorithm": "sha256"}},
                    }
                },
            }
        )
    )
    _run_tool(node, "node_modules/.bin/graphql-codegen", "--config", str(config))
    manifest = output / "persisted-documents.json"
    [document_id] = json.loads(manifest.read_text())
    # The id each generated document carries, which the client sends.
    assert f'"__meta__":{{"hash":"{document_id}"}}' in (output / "graphql.ts").read_text()
    server = _production_server(server_env, manifest, tmp_path / "server.log")
    try:
        token = _signed_up(server, smtp[0], "ann")
        auth = {"Authorization": f"Token {token}"}
        url = f"{server.base_url}/graphql"
        by_id = httpx.post(url, json={"documentId": document_id}, headers=auth)
        by_get = httpx.get(url, params={"documentId": document_id}, headers=auth)
        other = httpx.post(url, json={"query": OTHER_DOCUMENT}, headers=auth)
    finally:
        server.stop()
    assert by_id.json() == by_get.json() == {"data": {"me": {"username": "ann"}}}
    assert other.status_code == 403
    assert other.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_IN_LIST"


@on_sqlite
def test_apollos_manifest_runs_what_apollo_client_sends_by_id_in_production(
    server_env: dict[str, str], smtp: tuple[Inbox, int], tmp_path: Path
) -> None:
    node = require_node_packages(
        "@apollo/client",
        "@apollo/generate-persisted-query-manifest",
        "@apollo/persisted-query-lists",
    )
    operations = _operations(tmp_path / "operations")
    manifest = tmp_path / "persisted-query-manifest.json"
    config = tmp_path / "persisted-query-manifest.config.json"
    config.write_text(
        json.dumps({"documents": [f"{operations}/*.graphql"], "output": str(manifest)})
    )
    _run_tool(node, "node_modules/.bin/generate-persisted-query-manifest", "--config", str(config))
    server = _production_server(server_env, manifest, tmp_path / "server.log")
    try:
        token = _signed_up(server, smtp[0], "ann")
        url = f"{server.base_url}/graphql"
        run = subprocess.run(
            [node, "persisted/trusted.mjs", url, token, str(manifest)],
            cwd=CLIENTS,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        other = httpx.post(url, json={"query": OTHER_DOCUMENT})
    finally:
        server.stop()
    assert run.returncode == 0, run.stderr
    sent = json.loads(run.stdout)
    # The id alone, never the text, and the listed document ran.
    assert sent == {
        "requests": [{"method": "POST", "text": False}],
        "data": {"me": {"__typename": "CurrentUser", "username": "ann"}},
        "error": None,
    }
    assert other.status_code == 403


def test_a_bad_manifest_stops_serve_with_one_line_naming_the_setting(tmp_path: Path) -> None:
    manifest = tmp_path / "persisted-documents.json"
    manifest.write_text(json.dumps({"0" * 64: ME}))
    result = run_main(
        "serve", env={"FLOWBACK_GRAPHQL_TRUSTED_DOCUMENTS": str(manifest)}, cwd=tmp_path
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("error: invalid setting FLOWBACK_GRAPHQL_TRUSTED_DOCUMENTS:")
    assert "is not the SHA-256 of its text" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
