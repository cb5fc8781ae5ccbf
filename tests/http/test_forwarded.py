"""Behind a reverse proxy: links carry the public scheme and host, limits count real clients."""

import httpx
import pytest

from adapters.composition import compose
from adapters.mailers import MemoryMailer
from config.settings import Settings
from tests.conftest import asgi_client
from tests.http.helpers import signed_up

pytestmark = pytest.mark.usefixtures("db")

PROXY = "10.1.2.3"
FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "api.example.org"}


def client_for(mailer: MemoryMailer, *, client_ip: str, **settings: object) -> httpx.AsyncClient:
    values: dict[str, object] = {"email_backend": "memory", "bcrypt_rounds": 4}
    composition = compose(Settings(_env_file=None, **(values | settings)), mailer=mailer)  # type: ignore[arg-type]
    return asgi_client(composition, client_ip=client_ip)


async def next_link(client: httpx.AsyncClient, mailer: MemoryMailer, **headers: str) -> str:
    token = await signed_up(client, mailer, "alice")
    await signed_up(client, mailer, "bob")
    auth = {"Authorization": f"Token {token}"}
    response = await client.get("/users?limit=1", headers=auth | headers)
    assert response.status_code == 200, response.text
    link: str = response.json()["next"]
    return link


async def test_a_trusted_proxy_sets_the_scheme_and_host_of_links() -> None:
    mailer = MemoryMailer()
    async with client_for(mailer, client_ip=PROXY, forwarded_allow_ips="10.0.0.0/8") as client:
        link = await next_link(client, mailer, **FORWARDED)
    assert link == "https://api.example.org/users?limit=1&page=2"


async def test_an_untrusted_peer_cannot_change_the_links() -> None:
    mailer = MemoryMailer()
    async with client_for(
        mailer, client_ip="203.0.113.9", forwarded_allow_ips="10.0.0.0/8"
    ) as client:
        link = await next_link(client, mailer, **FORWARDED)
    assert link == "http://testserver/users?limit=1&page=2"


async def test_a_fixed_public_url_wins_over_any_header() -> None:
    mailer = MemoryMailer()
    public = "https://flowback.example.com/api"
    async with client_for(mailer, client_ip=PROXY, public_url=public) as client:
        link = await next_link(client, mailer, **FORWARDED)
    assert link == "https://flowback.example.com/api/users?limit=1&page=2"


async def login_statuses(client: httpx.AsyncClient, *forwarded_for: str) -> list[int]:
    fields = {"username": "nobody", "password": "not the password at all"}
    statuses = []
    for address in forwarded_for:
        headers = {"X-Forwarded-For": address}
        statuses.append((await client.post("/login", data=fields, headers=headers)).status_code)
    return statuses


async def test_rate_limits_count_the_client_a_trusted_proxy_names() -> None:
    mailer = MemoryMailer()
    settings = {"forwarded_allow_ips": PROXY, "rate_limit_login_ip": "1/minute"}
    async with client_for(mailer, client_ip=PROXY, **settings) as client:
        # A client-supplied entry on the left is not trusted: the proxy's entry counts.
        statuses = await login_statuses(
            client, "198.51.100.1", "198.51.100.2", "6.6.6.6, 198.51.100.1"
        )
    assert statuses == [400, 400, 429]


async def test_an_untrusted_peer_cannot_forge_its_address() -> None:
    mailer = MemoryMailer()
    settings = {"forwarded_allow_ips": PROXY, "rate_limit_login_ip": "1/minute"}
    async with client_for(mailer, client_ip="203.0.113.9", **settings) as client:
        statuses = await login_statuses(client, "198.51.100.1", "198.51.100.2")
    assert statuses == [400, 429]


async def test_no_proxy_is_trusted_unless_named_not_even_one_on_this_host() -> None:
    mailer = MemoryMailer()
    settings = {"rate_limit_login_ip": "1/minute"}
    async with client_for(mailer, client_ip="127.0.0.1", **settings) as client:
        statuses = await login_statuses(client, "198.51.100.1", "198.51.100.2")
    async with client_for(mailer, client_ip="127.0.0.1") as client:
        link = await next_link(client, mailer, **FORWARDED)
    assert statuses == [400, 429]  # both counted under 127.0.0.1: no header is believed
    assert link == "http://testserver/users?limit=1&page=2"
