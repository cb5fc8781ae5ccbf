"""The account lifecycle against ``python main.py serve``, with mail over real SMTP."""

import httpx

from tests.factories import PASSWORD, code_in
from tests.images import image_bytes
from tests.process.conftest import Inbox, LiveServer

NEW_PASSWORD = "a brand new passphrase of mine"


def test_reset_profile_image_and_delete(live_server: LiveServer, smtp: tuple[Inbox, int]) -> None:
    inbox, _ = smtp
    with httpx.Client(base_url=live_server.base_url, timeout=10) as client:
        client.post("/register", data={"username": "Zoe", "email": "zoe@example.com"})
        verify = {"verification_code": code_in(inbox.wait_for(1)[-1]), "password": PASSWORD}
        assert client.post("/register/verify", data=verify).status_code == 201

        response = client.post("/forgot_password", data={"email": "zoe@example.com"})
        assert response.status_code == 200, response.text
        mail = inbox.wait_for(2)[-1]
        assert (mail["To"], mail["Subject"]) == ("zoe@example.com", "Flowback Password Reset Code")
        reset = {"verification_code": code_in(mail), "password": NEW_PASSWORD}
        assert client.post("/forgot_password/verify", data=reset).status_code == 200
        token = client.post("/login", data={"username": "zoe", "password": NEW_PASSWORD}).json()[
            "token"
        ]
        auth = {"Authorization": f"Token {token}"}

        updated = client.post(
            "/user/update",
            data={"bio": "hello", "website": "https://zoe.example"},
            files={"profile_image": ("zoe.jpg", image_bytes("PNG"), "image/jpeg")},
            headers=auth,
        )
        assert updated.status_code == 200, updated.text
        url = updated.json()["profile_image"]
        assert url.startswith(f"{live_server.base_url}/media/")
        image = httpx.get(url, timeout=10)
        assert (image.status_code, image.headers["content-type"]) == (200, "image/png")

        deleted = client.post("/user/delete", data={"password": NEW_PASSWORD}, headers=auth)
        assert deleted.status_code == 200
        assert client.get("/user", headers=auth).status_code == 401
        assert httpx.get(url, timeout=10).status_code == 404
