from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from adapters.composition import Composition
from adapters.mailers import MemoryMailer
from tests.factories import make_user
from tests.http.helpers import signed_up

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
async def token(client: httpx.AsyncClient, mailer: MemoryMailer, composition: Composition) -> str:
    """Alice signed in, and 18 more users: 19 in all, as in the document's example."""
    token = await signed_up(client, mailer, username="alice")
    for number in range(18):
        await make_user(composition, username=f"member{number:02d}", profile_image=None)
    return token


async def get(client: httpx.AsyncClient, token: str, path: str) -> httpx.Response:
    return await client.get(path, headers={"Authorization": f"Token {token}"})


async def test_envelope_has_exactly_the_documented_keys(
    client: httpx.AsyncClient, token: str
) -> None:
    body = (await get(client, token, "/users?page=1&limit=1&offset=0")).json()
    assert list(body) == ["count", "next", "previous", "total_page", "data"]
    assert body["count"] == 19 and body["total_page"] == 19
    assert body["previous"] is False
    assert body["data"] == [
        {"id": body["data"][0]["id"], "username": "alice", "profile_image": None}
    ]


async def test_next_and_previous_are_absolute_urls_with_the_same_query(
    client: httpx.AsyncClient, token: str
) -> None:
    body = (await get(client, token, "/users?page=2&limit=5&username__icontains=MEMBER")).json()
    assert body["count"] == 18
    for key, page in (("next", "3"), ("previous", "1")):
        url = urlsplit(body[key])
        assert (url.scheme, url.netloc, url.path) == ("http", "testserver", "/users")
        assert parse_qs(url.query) == {
            "page": [page],
            "limit": ["5"],
            "username__icontains": ["MEMBER"],
        }
    last = (await get(client, token, "/users?page=4&limit=5&username__icontains=member")).json()
    assert last["next"] is False and len(last["data"]) == 3


async def test_rows_are_ordered_by_id_and_offset_shifts_them(
    client: httpx.AsyncClient, token: str
) -> None:
    everything = (await get(client, token, "/users?limit=50")).json()["data"]
    ids = [row["id"] for row in everything]
    assert ids == sorted(ids) and len(ids) == 19
    shifted = (await get(client, token, "/users?page=2&limit=5&offset=3")).json()
    assert [row["id"] for row in shifted["data"]] == ids[8:13]
    assert shifted["total_page"] == 4


async def test_limit_over_fifty_is_served_as_fifty(
    client: httpx.AsyncClient, token: str, composition: Composition
) -> None:
    for number in range(40):
        await make_user(composition, username=f"extra{number}")
    body = (await get(client, token, "/users?limit=1000")).json()
    assert len(body["data"]) == 50 and body["total_page"] == 2


async def test_filters(client: httpx.AsyncClient, token: str) -> None:
    alice = (await get(client, token, "/users?username=alice")).json()["data"]
    assert [row["username"] for row in alice] == ["alice"]
    assert (await get(client, token, "/users?username=ALICE")).json()["count"] == 0
    by_id = (await get(client, token, f"/users?id={alice[0]['id']}")).json()
    assert by_id["count"] == 1
    assert (await get(client, token, "/users?username__icontains=ber0")).json()["count"] == 10


async def test_never_an_email_in_the_list(client: httpx.AsyncClient, token: str) -> None:
    response = await get(client, token, "/users?limit=50")
    assert "@" not in response.text


@pytest.mark.parametrize("query", ["page=0", "limit=0", "offset=-1", "page=abc", "limit=1.5"])
async def test_bad_paging_is_400(client: httpx.AsyncClient, token: str, query: str) -> None:
    response = await get(client, token, f"/users?{query}")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "INVALID_PAGINATION"


async def test_page_past_the_end_is_empty(client: httpx.AsyncClient, token: str) -> None:
    response = await get(client, token, "/users?page=99")
    assert response.status_code == 200
    assert response.json()["data"] == [] and response.json()["next"] is False


async def test_get_user_shows_email_only_on_own_record(
    client: httpx.AsyncClient, token: str
) -> None:
    me = (await get(client, token, "/user")).json()
    assert " ".join(me) == (
        "id email username profile_image banner_image bio website contact_email contact_phone"
        " user_config email_notifications dark_theme"
    )
    assert me["email"] == "alice@example.com"
    others = (await get(client, token, "/users?username=member00")).json()["data"]
    other = (await get(client, token, f"/user?id={others[0]['id']}")).json()
    assert other["username"] == "member00" and other["email"] is None
    same = (await get(client, token, f"/user?user_id={others[0]['id']}")).json()
    assert same == other


async def test_unknown_user_is_404(client: httpx.AsyncClient, token: str) -> None:
    response = await get(client, token, "/user?id=999999")
    assert response.status_code == 404
    assert response.json()["detail"] == "Not found."


async def test_non_integer_id_is_400(client: httpx.AsyncClient, token: str) -> None:
    response = await get(client, token, "/user?id=abc")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "id"


@pytest.mark.parametrize(
    "query", ["username=a%00b", "username__icontains=%00", "username__icontains=al%00"]
)
async def test_nul_characters_in_filters_match_nobody(
    client: httpx.AsyncClient, token: str, query: str
) -> None:
    response = await get(client, token, f"/users?{query}")
    assert response.status_code == 200
    assert response.json()["count"] == 0


async def test_each_request_links_and_images_from_its_own_host(
    client: httpx.AsyncClient, token: str
) -> None:
    links = []
    for host in ("one.example", "two.example", "one.example"):
        response = await client.get(
            "/users?limit=5", headers={"Authorization": f"Token {token}", "Host": host}
        )
        links.append(urlsplit(response.json()["next"]).netloc)
    assert links == ["one.example", "two.example", "one.example"]


async def test_a_repeated_parameter_reads_its_last_value_and_links_keep_every_one(
    client: httpx.AsyncClient, token: str
) -> None:
    body = (await get(client, token, "/users?limit=50&limit=2&page=1")).json()
    assert len(body["data"]) == 2
    assert parse_qs(urlsplit(body["next"]).query) == {"limit": ["50", "2"], "page": ["2"]}
