"""The Flowback web app's main flow against ``python main.py serve`` in the
``flowback-backend`` dialect, with mail over real SMTP: the calls and bodies the app sends."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.factories import PASSWORD, code_in
from tests.images import image_bytes
from tests.process.conftest import Inbox, LiveServer, start_server
from tests.web_app import APP, PROFILE_FORM

pytestmark = pytest.mark.slow


@pytest.fixture
def web_app_server(server_env: dict[str, str], tmp_path: Path) -> Iterator[LiveServer]:
    env = server_env | {"FLOWBACK_REST_DIALECT": "flowback-backend", "FLOWBACK_FRONTEND_URL": APP}
    server = start_server(env, tmp_path / "server.log")
    try:
        yield server
    finally:
        server.stop()


def sign_up(client: httpx.Client, inbox: Inbox, *, username: str, mails: int) -> str:
    """Register.svelte, Verify.svelte, then Login.svelte with the e-mail; the token."""
    email = f"{username}@example.com"
    assert client.post("/register", json={"username": username, "email": email}).status_code == 200
    code = code_in(inbox.wait_for(mails)[-1])
    verified = client.post(
        "/register/verify", json={"verification_code": code, "password": PASSWORD}
    )
    assert verified.status_code == 201, verified.text
    login = client.post("/login", json={"username": email, "password": PASSWORD})
    assert login.status_code == 200, login.text
    token: str = login.json()["token"]
    return token


def test_the_web_apps_main_flow(web_app_server: LiveServer, smtp: tuple[Inbox, int]) -> None:
    inbox, _ = smtp
    headers = {"Origin": APP, "Accept": "application/json"}
    with httpx.Client(base_url=web_app_server.base_url, headers=headers, timeout=10) as client:
        bob = sign_up(client, inbox, username="bob", mails=1)
        alice = sign_up(client, inbox, username="alice", mails=2)
        auth = {"Authorization": f"Token {alice}"}

        preflight = client.options(
            "/user/update",
            headers={
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == APP

        listed = client.get("/users?limit=1000", headers=auth)
        assert listed.status_code == 200, listed.text
        body = listed.json()
        assert (body["count"], body["next"], body["previous"]) == (2, None, None)
        bob_id = next(row["id"] for row in body["results"] if row["username"] == "bob")

        other = client.get(f"/users?id={bob_id}", headers=auth).json()["results"][0]
        assert (other["username"], other["bio"], other["profile_image"]) == ("bob", None, None)
        assert "email" not in other

        form = PROFILE_FORM
        files = {"profile_image": ("dot.png", image_bytes("JPEG"), "image/png")}
        updated = client.post("/user/update", data=form, files=files, headers=auth)
        assert updated.status_code == 200, updated.text

        shown = client.get("/user", headers=auth).json()
        assert (shown["username"], shown["bio"], shown["email"]) == (
            "alice",
            "Hi!",
            "alice@example.com",
        )
        path = shown["profile_image"]
        assert path.startswith("/media/")
        # The app shows PUBLIC_API_URL + path, and fetch()es it to upload it again.
        image = client.get(path)
        assert image.status_code == 200
        assert image.headers["content-type"] == "image/jpeg"
        assert image.headers["access-control-allow-origin"] == APP
        # The next save uploads it again: the page keeps its URL, and the picture loads.
        files = {"profile_image": ("dot.png", image.content, "image/jpeg")}
        resaved = client.post("/user/update", data=form, files=files, headers=auth)
        assert resaved.status_code == 200, resaved.text
        assert client.get("/user", headers=auth).json()["profile_image"] == path
        assert client.get(path).status_code == 200
        # A new picture: a page opened before still loads the old one (the grace period).
        files = {"profile_image": ("dot.png", image_bytes("PNG"), "image/png")}
        replaced = client.post("/user/update", data=form, files=files, headers=auth)
        assert replaced.status_code == 200, replaced.text
        new_path = client.get("/user", headers=auth).json()["profile_image"]
        assert new_path != path
        assert (client.get(path).status_code, client.get(new_path).status_code) == (200, 200)
        path = new_path

        bob_sees = client.get(f"/users?id={shown['id']}", headers={"Authorization": f"Token {bob}"})
        assert bob_sees.json()["results"][0]["profile_image"] == path
