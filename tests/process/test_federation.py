"""The service as a federation subgraph, checked against the real thing: Apollo's composition
library composes its SDL with a second subgraph's, and Apollo Gateway answers queries that
join the two, forwarding the client's ``Authorization`` to this service's ``_entities``."""

import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.factories import PASSWORD, code_in
from tests.process.conftest import Inbox, LiveServer
from tests.process.node import CLIENTS, node_server, require_node_packages

pytestmark = [pytest.mark.slow, pytest.mark.parametrize("backend", ["sqlite"], indirect=True)]

PACKAGES = ("@apollo/composition", "@apollo/gateway", "@apollo/server", "@apollo/subgraph")
NOTES_SDL = """
extend schema @link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key"])
type User @key(fields: "id") { id: Int! notes: [Note!]! }
type Note { text: String! author: User! }
type Query { notes: [Note!]! }
"""


def _sign_up(client: httpx.Client, inbox: Inbox, username: str, mails: int) -> int:
    client.post("/register", data={"username": username, "email": f"{username}@example.com"})
    code = code_in(inbox.wait_for(mails)[-1])
    verified = client.post(
        "/register/verify", data={"verification_code": code, "password": PASSWORD}
    )
    assert verified.status_code == 201, verified.text
    user_id: int = verified.json()["id"]
    return user_id


def _subgraph_sdl(server: LiveServer) -> str:
    body = httpx.post(f"{server.base_url}/graphql", json={"query": "{ _service { sdl } }"}).json()
    sdl: str = body["data"]["_service"]["sdl"]
    return sdl


def test_the_subgraph_composes_with_another(live_server: LiveServer, tmp_path: Path) -> None:
    node = require_node_packages(*PACKAGES)
    users, notes = tmp_path / "users.graphql", tmp_path / "notes.graphql"
    users.write_text(_subgraph_sdl(live_server))
    notes.write_text(NOTES_SDL)

    def compose() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [node, "federation/compose.mjs", f"users={users}", f"notes={notes}"],
            cwd=CLIENTS,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    composed = compose()
    assert composed.returncode == 0, composed.stderr
    supergraph = composed.stdout
    assert '@join__type(graph: USERS, key: "id")' in supergraph
    assert '@join__type(graph: NOTES, key: "id")' in supergraph
    assert "usersConnection(" in supergraph and "notes: [Note!]!" in supergraph
    # A second subgraph that disagrees on the key's type does not compose: the check is real.
    notes.write_text(NOTES_SDL.replace("id: Int!", "id: String!"))
    clash = compose()
    assert clash.returncode == 1 and "FIELD_TYPE_MISMATCH" in clash.stderr


def test_a_gateway_joins_the_users_with_another_subgraph(
    live_server: LiveServer, smtp: tuple[Inbox, int], tmp_path: Path
) -> None:
    require_node_packages(*PACKAGES)
    inbox, _ = smtp
    with httpx.Client(base_url=live_server.base_url, timeout=10) as client:
        ann = _sign_up(client, inbox, "ann", 1)
        bob = _sign_up(client, inbox, "bob", 2)
        login = client.post("/login", data={"username": "ann", "password": PASSWORD})
        token = login.json()["token"]
    with (
        node_server(
            "federation/notes-subgraph.mjs", f"{ann},{bob},{ann}", log=tmp_path / "notes.log"
        ) as notes_url,
        node_server(
            "federation/gateway.mjs",
            f"{live_server.base_url}/graphql",
            notes_url,
            log=tmp_path / "gateway.log",
        ) as gateway_url,
        httpx.Client(timeout=30) as client,
    ):

        def ask(query: str, token: str | None = None) -> Any:
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            response = client.post(gateway_url, json={"query": query}, headers=headers)
            return response.json()

        # This service's users, resolved for the notes subgraph by _entities, as Ann sees them.
        joined = ask("{ notes { text author { id username email } } }", token)
        assert joined == {
            "data": {
                "notes": [
                    {
                        "text": "note 1",
                        "author": {"id": ann, "username": "ann", "email": "ann@example.com"},
                    },
                    {"text": "note 2", "author": {"id": bob, "username": "bob", "email": None}},
                    {
                        "text": "note 3",
                        "author": {"id": ann, "username": "ann", "email": "ann@example.com"},
                    },
                ]
            }
        }
        # And the other way: this service's list, each user extended by the notes subgraph.
        listed = ask(
            "{ usersConnection(first: 5) { edges { node { username notes { text } } } } }", token
        )
        assert listed["data"]["usersConnection"]["edges"] == [
            {"node": {"username": "ann", "notes": [{"text": "note 1"}, {"text": "note 3"}]}},
            {"node": {"username": "bob", "notes": [{"text": "note 2"}]}},
        ]
        # Without the client's token this service resolves no user for the gateway.
        anonymous = ask("{ notes { author { username } } }")
        assert anonymous["data"] is None
        assert {error["extensions"]["code"] for error in anonymous["errors"]} == {"UNAUTHENTICATED"}
