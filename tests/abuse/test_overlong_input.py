"""Values longer than any column, and paging past any possible row: plain answers, never a 500
or a traceback naming the value."""

import logging

import httpx
import pytest

from adapters.composition import compose
from adapters.mailers import MemoryMailer
from config.settings import Settings
from tests.conftest import asgi_client
from tests.factories import PASSWORD
from tests.http.helpers import GRAPHQL, auth, signed_up

pytestmark = pytest.mark.usefixtures("db")

#: Pasted by mistake into the username field: must never reach a log.
PASTED = "my-secret-passphrase-"


def server_log(caplog: pytest.LogCaptureFixture) -> str:
    """What the service logged (httpx, the test's client, logs the URLs it sends)."""
    return "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("httpx"))


@pytest.mark.parametrize("length", [119, 120, 121, 254, 255, 256, 481, 5000])
async def test_an_over_long_identifier_at_login_is_no_such_account(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture, length: int
) -> None:
    identifier = (PASTED * 300)[:length]
    caplog.set_level(logging.DEBUG)
    for name in (identifier, f"{identifier[: length - 12]}@example.com"):
        response = await client.post("/login", json={"username": name, "password": PASSWORD})
        assert response.status_code == 400, response.text
        assert [e["code"] for e in response.json()["errors"]] == ["INVALID_CREDENTIALS"]
        graphql = await client.post(
            GRAPHQL,
            json={
                "query": "mutation($u: String!, $p: String!) "
                "{ login(username: $u, password: $p) { token errors { code } } }",
                "variables": {"u": name, "p": PASSWORD},
            },
        )
        assert graphql.json()["data"]["login"] == {
            "token": None,
            "errors": [{"code": "INVALID_CREDENTIALS"}],
        }
    assert PASTED not in server_log(caplog)


@pytest.mark.parametrize("length", [121, 255, 481, 2000])
async def test_filters_that_cannot_match_answer_an_empty_page(
    client: httpx.AsyncClient, mailer: MemoryMailer, caplog: pytest.LogCaptureFixture, length: int
) -> None:
    token = await signed_up(client, mailer)
    text = (PASTED * 100)[:length]
    caplog.set_level(logging.DEBUG)
    for name in ("username", "username__icontains"):
        response = await client.get("/users", params={name: text}, headers=auth(token))
        assert response.status_code == 200, response.text
        assert response.json()["count"] == 0 and response.json()["data"] == []
    for argument in ("username", "usernameContains"):
        graphql = await client.post(
            GRAPHQL,
            json={
                "query": f"query($t: String) {{ users({argument}: $t) {{ count data {{ id }} }} }}",
                "variables": {"t": text},
            },
            headers=auth(token),
        )
        assert graphql.json() == {"data": {"users": {"count": 0, "data": []}}}, graphql.text
    assert PASTED not in server_log(caplog)


@pytest.mark.parametrize(
    "query",
    [
        "page=999999999999999999",
        "page=214748366&limit=10",
        "offset=999999999999999999",
        "page=2&offset=2147483647",
    ],
)
async def test_paging_past_any_possible_row_is_invalid_pagination(
    client: httpx.AsyncClient, mailer: MemoryMailer, query: str
) -> None:
    token = await signed_up(client, mailer)
    response = await client.get(f"/users?{query}", headers=auth(token))
    assert response.status_code == 400, response.text
    body = response.json()
    assert [e["code"] for e in body["errors"]] == ["INVALID_PAGINATION"]
    assert "2147483647" in str(body["detail"])


@pytest.mark.parametrize("offset", ["2147483647", "2147483648", "999999999999999999", "9" * 40])
async def test_the_backend_dialect_reads_an_offset_past_any_row_as_an_empty_page(
    settings: Settings, mailer: MemoryMailer, offset: str
) -> None:
    # DRF's LimitOffsetPagination answers such an offset with an empty page, never an error.
    update = {"rest_dialect": "flowback-backend"}
    composition = compose(settings.model_copy(update=update), mailer=mailer)
    async with asgi_client(composition) as client:
        token = await signed_up(client, mailer)
        response = await client.get(f"/users?offset={offset}&limit=1000", headers=auth(token))
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["count"], body["results"], body["next"]) == (1, [], None)


async def test_paging_past_any_possible_row_in_graphql(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    token = await signed_up(client, mailer)
    response = await client.post(
        GRAPHQL,
        json={"query": "{ users(page: 2147483647, limit: 50) { count } }"},
        headers=auth(token),
    )
    body = response.json()
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INVALID_PAGINATION"]
    last = await client.post(
        GRAPHQL,
        json={"query": "{ users(page: 1, limit: 1, offset: 2147483646) { count data { id } } }"},
        headers=auth(token),
    )
    assert last.json() == {"data": {"users": {"count": 1, "data": []}}}


async def test_a_username_whose_folded_form_outgrows_its_column_is_refused(
    client: httpx.AsyncClient,
) -> None:
    # U+FDFA is one letter that compatibility folding turns into 18.
    response = await client.post(
        "/register", json={"username": "\ufdfa" * 30, "email": "long@example.com"}
    )
    assert response.status_code == 400, response.text
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("username", "INVALID_USERNAME")
    ]
