"""Issue 23 item 4: REST reads answer with a strong ETag over the caller's account and the
body, 304 with no body for a matching If-None-Match, and private, no-cache."""

import httpx
import pytest

from adapters.mailers import MemoryMailer
from tests.http.helpers import auth, signed_up, update_profile

pytestmark = pytest.mark.usefixtures("db")


async def read(
    client: httpx.AsyncClient, token: str, path: str, tag: str | None = None
) -> httpx.Response:
    headers = auth(token) | ({"If-None-Match": tag} if tag else {})
    return await client.get(path, headers=headers)


@pytest.mark.parametrize("path", ["/user", "/users?limit=50", "/user/sessions"])
async def test_the_same_body_has_the_same_strong_tag_and_is_not_for_shared_caches(
    client: httpx.AsyncClient, token: str, path: str
) -> None:
    first, second = [await read(client, token, path) for _ in range(2)]
    assert first.status_code == second.status_code == 200
    tag = first.headers["etag"]
    assert tag.startswith('"') and tag.endswith('"')  # strong: no W/
    assert second.headers["etag"] == tag
    assert first.headers["cache-control"] == "private, no-cache"
    assert "Authorization" in first.headers["vary"]


@pytest.mark.parametrize("path", ["/user", "/users?limit=50"])
async def test_a_matching_if_none_match_is_304_with_no_body(
    client: httpx.AsyncClient, token: str, path: str
) -> None:
    tag = (await read(client, token, path)).headers["etag"]
    for header in (tag, f"W/{tag}", f'"other", {tag}', "*"):
        revalidated = await read(client, token, path, header)
        assert revalidated.status_code == 304, header
        assert revalidated.content == b""
        assert revalidated.headers["etag"] == tag
        assert revalidated.headers["cache-control"] == "private, no-cache"
        assert "content-length" not in revalidated.headers or (
            revalidated.headers["content-length"] == "0"
        )


async def test_a_changed_body_has_a_new_tag(client: httpx.AsyncClient, token: str) -> None:
    tag = (await read(client, token, "/user")).headers["etag"]
    assert (await update_profile(client, token, data={"bio": "Changed."})).status_code == 200
    fresh = await read(client, token, "/user", tag)
    assert fresh.status_code == 200
    assert fresh.json()["bio"] == "Changed."
    assert fresh.headers["etag"] != tag


async def test_another_account_never_gets_the_first_accounts_304(
    client: httpx.AsyncClient, token: str, mailer: MemoryMailer
) -> None:
    other = await signed_up(client, mailer, username="bob")
    # The list is the same body for both accounts, yet its tags differ.
    mine = await read(client, token, "/users?limit=50")
    theirs = await read(client, other, "/users?limit=50")
    assert mine.content == theirs.content
    assert mine.headers["etag"] != theirs.headers["etag"]
    answer = await read(client, other, "/users?limit=50", mine.headers["etag"])
    assert answer.status_code == 200
    assert answer.content == theirs.content


async def test_an_error_is_not_tagged(client: httpx.AsyncClient) -> None:
    answer = await client.get("/user", headers={"If-None-Match": "*"})
    assert answer.status_code == 401
    assert "etag" not in answer.headers
    assert answer.headers["cache-control"] == "no-store"


USER_QUERY = "{ user { id username email } }"


async def graphql_get(
    client: httpx.AsyncClient, token: str | None, query: str, tag: str | None = None
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if tag:
        headers["If-None-Match"] = tag
    return await client.get("/graphql", params={"query": query}, headers=headers)


async def test_a_graphql_query_over_get_is_tagged_and_revalidated(
    client: httpx.AsyncClient, token: str, mailer: MemoryMailer
) -> None:
    first = await graphql_get(client, token, USER_QUERY)
    assert first.status_code == 200 and first.json()["data"]["user"]["username"] == "alice"
    tag = first.headers["etag"]
    assert first.headers["cache-control"] == "private, no-cache"
    assert (await graphql_get(client, token, USER_QUERY)).headers["etag"] == tag
    revalidated = await graphql_get(client, token, USER_QUERY, tag)
    assert revalidated.status_code == 304
    assert revalidated.content == b""
    other = await signed_up(client, mailer, username="bob")
    theirs = await graphql_get(client, other, USER_QUERY, tag)
    assert theirs.status_code == 200
    assert theirs.json()["data"]["user"]["username"] == "bob"
    # The same body for two accounts still has two tags.
    listed = "{ users(limit: 50) { data { id username } } }"
    mine, bobs = [await graphql_get(client, t, listed) for t in (token, other)]
    assert mine.content == bobs.content
    assert mine.headers["etag"] != bobs.headers["etag"]


async def test_a_graphql_answer_with_errors_is_not_tagged(client: httpx.AsyncClient) -> None:
    answer = await graphql_get(client, None, USER_QUERY, "*")
    assert answer.status_code == 200
    assert answer.json()["errors"]
    assert "etag" not in answer.headers
    assert answer.headers["cache-control"] == "no-store"


async def test_a_graphql_post_is_not_tagged(client: httpx.AsyncClient, token: str) -> None:
    answer = await client.post(
        "/graphql", json={"query": USER_QUERY}, headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 200
    assert "etag" not in answer.headers
