"""The whole flow against ``python main.py serve`` on loopback, with mail over real SMTP."""

from pathlib import Path

import httpx

from tests.factories import PASSWORD, code_in
from tests.process.conftest import Inbox, LiveServer


def test_rest_flow_with_the_code_from_the_received_mail(
    live_server: LiveServer, smtp: tuple[Inbox, int]
) -> None:
    inbox, _ = smtp
    with httpx.Client(base_url=live_server.base_url, timeout=10) as client:
        response = client.post("/register", data={"username": "Zoe", "email": "zoe@example.com"})
        assert response.status_code == 200, response.text
        mail = inbox.wait_for(1)[-1]
        assert mail["Subject"] == "Flowback Verification Code"
        assert mail["To"] == "zoe@example.com"
        verify = {"verification_code": code_in(mail), "password": PASSWORD}
        response = client.post("/register/verify", data=verify)
        assert response.status_code == 201, response.text
        token = client.post("/login", json={"username": "zoe", "password": PASSWORD}).json()[
            "token"
        ]
        auth = {"Authorization": f"Token {token}"}
        listing = client.get("/users?limit=1", headers=auth).json()
        assert listing["count"] == 1
        assert listing["data"][0]["username"] == "Zoe"
        assert client.get("/user", headers=auth).json()["email"] == "zoe@example.com"
        assert client.post("/logout", headers=auth).status_code == 200
        assert client.get("/user", headers=auth).status_code == 401


def test_graphql_flow(live_server: LiveServer, smtp: tuple[Inbox, int]) -> None:
    inbox, _ = smtp

    def graphql(query: str, token: str | None = None, **variables: str) -> dict[str, object]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        assert response.status_code == 200, response.text
        data: dict[str, object] = response.json()["data"]
        return data

    with httpx.Client(base_url=live_server.base_url, timeout=10) as client:
        graphql('mutation { register(username: "yan", email: "yan@example.com") { ok } }')
        code = code_in(inbox.wait_for(1)[-1])
        verified = graphql(
            "mutation($c: String!, $p: String!) { verifyRegistration(verificationCode: $c, "
            "password: $p) { user { username } errors { code } } }",
            c=code,
            p=PASSWORD,
        )
        assert verified == {"verifyRegistration": {"user": {"username": "yan"}, "errors": []}}
        login = graphql(
            'mutation($p: String!) { login(username: "yan", password: $p) { token } }',
            p=PASSWORD,
        )
        token = login["login"]["token"]  # type: ignore[index]
        users = graphql("{ users { count data { username } } }", token)
        assert users == {"users": {"count": 1, "data": [{"username": "yan"}]}}
        assert graphql("mutation { logout { ok } }", token) == {"logout": {"ok": True}}


def test_serve_applies_migrations_to_an_empty_database(
    live_server: LiveServer, tmp_path: Path
) -> None:
    log = (tmp_path / "server.log").read_text()
    assert "applied migration 0_" in log
