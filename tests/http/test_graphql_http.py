import httpx
import pytest

from adapters.mailers import MemoryMailer
from tests.factories import PASSWORD, code_in
from tests.http.helpers import GRAPHQL, graphql, signed_up

pytestmark = pytest.mark.usefixtures("db")


async def test_whole_flow_over_graphql(client: httpx.AsyncClient, mailer: MemoryMailer) -> None:
    body = await graphql(
        client,
        'mutation { register(username: "gina", email: "gina@example.com") { ok errors { code } } }',
    )
    assert body["data"]["register"] == {"ok": True, "errors": []}
    code = code_in(mailer.outbox[-1])
    body = await graphql(
        client,
        "mutation($c: String!, $p: String!) { verifyRegistration(verificationCode: $c, password: $p) { user { username } errors { code } } }",
        c=code,
        p=PASSWORD,
    )
    assert body["data"]["verifyRegistration"] == {"user": {"username": "gina"}, "errors": []}
    body = await graphql(
        client,
        'mutation($p: String!) { login(username: "GINA@example.com", password: $p) { token } }',
        p=PASSWORD,
    )
    token = body["data"]["login"]["token"]
    me = await graphql(client, "{ user { username email } }", token)
    assert me["data"]["user"] == {"username": "gina", "email": "gina@example.com"}
    body = await graphql(client, "mutation { logout { ok errors { code } } }", token)
    assert body["data"]["logout"] == {"ok": True, "errors": []}
    after = await graphql(client, "{ user { id } }", token)
    assert after["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_bad_token_is_anonymous_on_graphql(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    body = await graphql(
        client, 'mutation { register(username: "hal", email: "hal@example.com") { ok } }', "bogus"
    )
    assert body["data"]["register"]["ok"] is True
    body = await graphql(client, "{ users { count } }", "bogus")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_rest_token_works_on_graphql_and_back(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    token = await signed_up(client, mailer, username="ivy")
    body = await graphql(client, "{ users { count data { username } } }", token)
    assert body["data"]["users"] == {"count": 1, "data": [{"username": "ivy"}]}
    await graphql(client, "mutation { logout { ok } }", token)
    assert (await client.get("/users", headers={"Authorization": token})).status_code == 401


async def test_graphiql_is_served_to_browsers(client: httpx.AsyncClient) -> None:
    response = await client.get(GRAPHQL, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_an_answer_is_sent_as_json_of_its_length_with_the_edges_headers(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(GRAPHQL, json={"query": "{ __typename }"})
    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}
    assert response.headers["content-type"] == "application/json"
    assert response.headers["content-length"] == str(len(response.content))
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-request-id"]


async def test_a_method_graphql_does_not_take_is_405_and_head_is_refused_as_a_body(
    client: httpx.AsyncClient,
) -> None:
    put = await client.put(GRAPHQL, json={"query": "{ __typename }"})
    assert put.status_code == 405
    assert set(put.headers["allow"].split(", ")) == {"GET", "HEAD", "POST"}
    head = await client.head(GRAPHQL)
    assert head.status_code == 415
    assert head.content == b""
