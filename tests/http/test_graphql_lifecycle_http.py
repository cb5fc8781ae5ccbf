"""GraphQL over HTTP: multipart uploads (the GraphQL multipart request spec) and URLs."""

import json

import httpx
import pytest

from adapters.mailers import MemoryMailer
from tests.factories import PASSWORD, code_in
from tests.http.helpers import GRAPHQL, graphql
from tests.images import HTML, image_bytes

pytestmark = pytest.mark.usefixtures("db")

UPDATE = "mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { username bio profileImage bannerImage } errors { field code } } }"


async def multipart(
    client: httpx.AsyncClient,
    token: str,
    variables: dict[str, object],
    files: dict[str, tuple[str, bytes]],
) -> httpx.Response:
    """One operation with ``files`` placed at the variable paths given as their keys."""
    names = {str(number): path for number, path in enumerate(files)}
    return await client.post(
        GRAPHQL,
        data={
            "operations": json.dumps({"query": UPDATE, "variables": variables}),
            "map": json.dumps({number: [path] for number, path in names.items()}),
        },
        files={
            number: (*files[path], "application/octet-stream") for number, path in names.items()
        },
        headers={"Authorization": f"Bearer {token}"},
    )


async def test_update_user_with_an_uploaded_image(client: httpx.AsyncClient, token: str) -> None:
    response = await multipart(
        client,
        token,
        {"i": {"bio": "hello", "profileImage": None}},
        {"variables.i.profileImage": ("me.jpg", image_bytes("PNG"))},
    )
    assert response.status_code == 200, response.text
    payload = response.json()["data"]["updateUser"]
    assert payload["errors"] == []
    url = payload["user"]["profileImage"]
    assert url.startswith("http://testserver/media/") and url.endswith(".png")
    assert payload["user"]["bannerImage"] is None
    fetched = await client.get(url)
    assert (fetched.status_code, fetched.headers["content-type"]) == (200, "image/png")
    me = await graphql(client, "{ user { profileImage bio } }", token)
    assert me["data"]["user"] == {"profileImage": url, "bio": "hello"}
    rest = (await client.get("/user", headers={"Authorization": token})).json()
    assert rest["profile_image"] == url


async def test_multipart_without_a_token_is_refused(client: httpx.AsyncClient) -> None:
    """A cross-site form can post multipart without a preflight, but not a token."""
    response = await client.post(
        GRAPHQL,
        data={
            "operations": json.dumps(
                {"query": 'mutation { requestPasswordReset(email: "a@example.com") { ok } }'}
            ),
            "map": "{}",
        },
        files={"unused": ("x.txt", b"x", "text/plain")},
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Multipart requests need an Authorization header.",
        "errors": [
            {
                "field": None,
                "code": "MALFORMED_BODY",
                "message": "Multipart requests need an Authorization header.",
            }
        ],
    }


async def test_a_disguised_upload_is_a_payload_error(client: httpx.AsyncClient, token: str) -> None:
    response = await multipart(
        client,
        token,
        {"i": {"bannerImage": None}},
        {"variables.i.bannerImage": ("banner.png", HTML)},
    )
    assert response.status_code == 200
    assert response.json()["data"]["updateUser"] == {
        "user": None,
        "errors": [{"field": "input.bannerImage", "code": "INVALID_IMAGE"}],
    }


async def test_json_mutations_over_http(
    client: httpx.AsyncClient, mailer: MemoryMailer, token: str
) -> None:
    body = await graphql(
        client,
        "mutation($e: String!) { requestPasswordReset(email: $e) { ok errors { code } } }",
        e="alice@example.com",
    )
    assert body["data"] == {"requestPasswordReset": {"ok": True, "errors": []}}
    body = await graphql(
        client,
        "mutation($c: String!, $p: String!) { resetPassword(verificationCode: $c, password: $p) { ok errors { code } } }",
        c=code_in(mailer.outbox[-1]),
        p="a brand new passphrase of mine",
    )
    assert body["data"] == {"resetPassword": {"ok": True, "errors": []}}
    assert (await client.get("/user", headers={"Authorization": token})).status_code == 401
    login = await graphql(
        client,
        'mutation($p: String!) { login(username: "alice", password: $p) { token } }',
        p="a brand new passphrase of mine",
    )
    token = login["data"]["login"]["token"]
    body = await graphql(
        client,
        "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { ok errors { field code } } }",
        token,
        c=PASSWORD,
        n="another new passphrase here",
    )
    assert body["data"]["changePassword"] == {
        "ok": False,
        "errors": [{"field": "currentPassword", "code": "INVALID_PASSWORD"}],
    }
    body = await graphql(client, "mutation { logoutAll { ok } }", token)
    assert body["data"] == {"logoutAll": {"ok": True}}
    assert (await client.get("/user", headers={"Authorization": token})).status_code == 401
