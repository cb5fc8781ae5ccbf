"""The split deployment of ``deploy/nginx/flowback.conf`` with a real nginx (Debian's) in
front of a real ``main.py serve`` and of an upstream that echoes what it receives: the other
backend learns who is calling from the user service, never from the client.

The client connects from 127.0.0.2 (loopback too), so the address the service records is the
client's, passed on by the proxy it trusts (127.0.0.1), and not one the client made up.
"""

import json
import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from rest_facade.routes import OPERATIONS
from tests.factories import PASSWORD, code_in
from tests.process.children import free_port, stop
from tests.process.conftest import REPO, Inbox, LiveServer, smtp_server, start_server

CONF = REPO / "deploy" / "nginx" / "flowback.conf"
NGINX = shutil.which("nginx") or next(
    (path for path in ("/usr/sbin/nginx",) if os.access(path, os.X_OK)), None
)
CLIENT_ADDRESS = "127.0.0.2"
#: Sessions die after this long unused (the last use is recorded at most once a minute, so
#: a token dies this long after its login): long enough for a test to use a fresh one.
IDLE_SECONDS = 6
ACCOUNT_PATHS = re.compile(r"location ~ (\^/\(register\S+)")


class Echo:
    """The other backend: answers every request with what it received, and counts them."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[dict[str, Any]] = []
        echo = self

        class Handler(BaseHTTPRequestHandler):
            def _echo(self) -> None:
                seen = {
                    "method": self.command,
                    "path": self.path,
                    "headers": [[name.lower(), value] for name, value in self.headers.items()],
                }
                echo.received.append(seen)
                body = json.dumps(seen).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = _echo  # noqa: N815

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Deployment:
    """nginx's address, the service behind it, the echoing backend, the mail it sends."""

    base_url: str
    service: LiveServer
    echo: Echo
    inbox: Inbox

    def client(self) -> httpx.Client:
        transport = httpx.HTTPTransport(local_address=CLIENT_ADDRESS)
        return httpx.Client(base_url=self.base_url, transport=transport, timeout=10)


def rendered(conf: str, *, listen: int, users: int, backend: int) -> str:
    """The shipped configuration with this test's ports, each replaced exactly once."""
    for shipped, here in (
        ("listen 80;", f"listen 127.0.0.1:{listen};"),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{users};"),
        ("server 127.0.0.1:8001;", f"server 127.0.0.1:{backend};"),
    ):
        assert conf.count(shipped) == 1, shipped
        conf = conf.replace(shipped, here)
    return conf


def nginx_main(prefix: Path, site: Path) -> str:
    """A main configuration around the site, everything nginx writes under ``prefix``."""
    temp = " ".join(
        f"{kind}_temp_path {prefix / kind};" for kind in ("client_body", "proxy", "fastcgi")
    )
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""
{user}
daemon off;
worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} info;
events {{ worker_connections 64; }}
http {{
    access_log {prefix / "access.log"};
    {temp} uwsgi_temp_path {prefix / "uwsgi"}; scgi_temp_path {prefix / "scgi"};
    include {site};
}}
"""


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    if NGINX is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the nginx tests, but nginx is not installed")
        pytest.skip("nginx is not installed (apt-get install nginx); CI installs it and runs this")
    workdir = tmp_path_factory.mktemp("nginx")
    with smtp_server() as (inbox, smtp_port):
        clean = {key: value for key, value in os.environ.items() if not key.startswith("FLOWBACK_")}
        env = clean | {
            "FLOWBACK_DATABASE_URL": f"sqlite://{workdir}/flowback.sqlite3",
            "FLOWBACK_EMAIL_BACKEND": "smtp",
            "FLOWBACK_SMTP_HOST": "127.0.0.1",
            "FLOWBACK_SMTP_PORT": str(smtp_port),
            "FLOWBACK_BCRYPT_ROUNDS": "4",
            "FLOWBACK_OUTBOX_POLL_INTERVAL": "0.1",
            "FLOWBACK_MEDIA_ROOT": str(workdir / "media"),
            "FLOWBACK_FORWARDED_ALLOW_IPS": "127.0.0.1",
            "FLOWBACK_TOKEN_IDLE_TIMEOUT": str(IDLE_SECONDS),
        }
        service = start_server(env, workdir / "server.log")
        echo = Echo()
        listen = free_port()
        port = int(service.base_url.rsplit(":", 1)[1])
        site = workdir / "flowback.conf"
        site.write_text(rendered(CONF.read_text(), listen=listen, users=port, backend=echo.port))
        main = workdir / "nginx.conf"
        main.write_text(nginx_main(workdir, site))
        nginx = subprocess.Popen(
            [NGINX, "-p", str(workdir), "-c", str(main), "-e", str(workdir / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        try:
            deployment = Deployment(f"http://127.0.0.1:{listen}", service, echo, inbox)
            _wait_until_up(deployment, nginx, workdir)
            yield deployment
        finally:
            stop(nginx)
            echo.close()
            service.stop()


def _wait_until_up(deployment: Deployment, nginx: "subprocess.Popen[bytes]", workdir: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if nginx.poll() is not None:
            pytest.fail(f"nginx exited:\n{(workdir / 'error.log').read_text()}")
        try:
            httpx.get(f"{deployment.base_url}/healthz", timeout=1)
        except httpx.TransportError:
            time.sleep(0.05)
            continue
        return
    pytest.fail(f"nginx did not start:\n{(workdir / 'error.log').read_text()}")


def signed_up(
    deployment: Deployment, client: httpx.Client, username: str, email: str
) -> dict[str, str]:
    """Register, verify and log in through nginx; the Authorization header of the token."""
    mails = len(deployment.inbox.messages)
    assert client.post("/register", data={"username": username, "email": email}).is_success
    mail = next(m for m in deployment.inbox.wait_for(mails + 1) if m["To"] == email)
    verify = {"verification_code": code_in(mail), "password": PASSWORD}
    assert client.post("/register/verify", data=verify).status_code == 201
    return logged_in(client, username)


def logged_in(client: httpx.Client, username: str) -> dict[str, str]:
    response = client.post("/login/", data={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Token {response.json()['token']}"}


def values(seen: dict[str, Any], name: str) -> list[str]:
    return [value for header, value in seen["headers"] if header == name]


def test_a_live_token_reaches_the_backend_as_its_user_and_only_so(
    deployment: Deployment,
) -> None:
    with deployment.client() as client:
        auth = signed_up(deployment, client, "Åsa", "asa@example.com")
        me = client.get("/user", headers=auth).json()
        session = next(s for s in client.get("/user/sessions", headers=auth).json() if s["current"])
        forged = {
            "X-Flowback-User-Id": "1",
            "X-Flowback-Username": "admin",
            "X-Flowback-Session-Id": "1",
        }
        response = client.post(
            "/group/7/poll/create?limit=5", headers=auth | forged, json={"title": "lunch"}
        )
    assert response.status_code == 200, response.text
    seen = response.json()
    assert (seen["method"], seen["path"]) == ("POST", "/group/7/poll/create?limit=5")
    assert values(seen, "x-flowback-user-id") == [str(me["id"])]
    assert values(seen, "x-flowback-session-id") == [str(session["id"])]
    assert values(seen, "x-flowback-username") == ["%C3%85sa"]
    assert values(seen, "authorization") == []
    assert values(seen, "x-forwarded-for") == [CLIENT_ADDRESS]


def test_no_dead_expired_or_revoked_token_reaches_the_backend(deployment: Deployment) -> None:
    echo = deployment.echo
    with deployment.client() as client:
        expired = signed_up(deployment, client, "bob", "bob@example.com")
        revoked = logged_in(client, "bob")
        assert client.post("/logout", headers=revoked).status_code == 200
        time.sleep(IDLE_SECONDS + 1)
        before = len(echo.received)
        forged = {"X-Flowback-User-Id": "1"}
        for headers in (
            {},
            forged,
            forged | {"Authorization": "Token not-a-token"},
            forged | expired,
            forged | revoked,
        ):
            response = client.get("/group/list", headers=headers)
            assert response.status_code == 401, headers
            assert response.headers["WWW-Authenticate"] == "Token"
            assert response.json() == {
                "detail": "Authentication credentials were not provided or are not valid."
            }
        assert len(echo.received) == before
        live = logged_in(client, "bob")
        assert client.get("/group/list", headers=live).status_code == 200
    assert len(echo.received) == before + 1


def test_the_account_paths_are_served_by_the_user_service(deployment: Deployment) -> None:
    echo = deployment.echo
    before = len(echo.received)
    with deployment.client() as client:
        auth = signed_up(deployment, client, "cy", "cy@example.com")
        me = client.get("/user/", headers=auth)
        listed = client.get("/users", params={"limit": 5}, headers=auth)
        graphql = client.post("/graphql", json={"query": "{ user { username } }"}, headers=auth)
        spoofed = auth | {"X-Forwarded-For": "203.0.113.9"}
        sessions = client.get("/user/sessions", headers=spoofed).json()
    assert me.json()["username"] == "cy"
    assert "cy" in [user["username"] for user in listed.json()["data"]]
    assert graphql.json() == {"data": {"user": {"username": "cy"}}}
    # The service saw the client's own address, not the proxy's nor one the client made up.
    assert {session["client_ip"] for session in sessions} == {CLIENT_ADDRESS}
    assert len(echo.received) == before


def test_the_configuration_sends_every_rest_call_here_and_nothing_else() -> None:
    """A REST call added to the service and forgotten in the configuration fails here."""
    found = ACCOUNT_PATHS.search(CONF.read_text())
    assert found is not None
    account_paths = re.compile(found.group(1))
    for operation in OPERATIONS:
        path = operation.path
        assert account_paths.match(path) and account_paths.match(path + "/"), path
    for elsewhere in (
        "/group/list",
        "/user/schedule",
        "/user/kanban/entry/list",
        "/notification/list",
        "/home/polls",
        "/chat/message/list",
        "/users/extra",
        "/auth/check",
        "/introspect",
    ):
        assert not account_paths.match(elsewhere), elsewhere
