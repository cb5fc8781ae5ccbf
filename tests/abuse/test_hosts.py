"""The Host header: no redirect is built from it, and hosts outside an allowed list are refused."""

import httpx
import pytest
from pydantic import ValidationError

from adapters.composition import compose
from adapters.mailers import MemoryMailer
from config.settings import describe_validation_error
from tests.abuse.conftest import app_client, small_settings
from tests.http.helpers import signed_up

EVIL = {"Host": "evil.example"}


def client_with(**settings: object) -> httpx.AsyncClient:
    return app_client(compose(small_settings(**settings), mailer=MemoryMailer()))


@pytest.mark.usefixtures("db")
@pytest.mark.parametrize("path", ["/media/", "/media", "/static/", "/static"])
async def test_no_path_redirects_to_the_host_a_request_names(path: str) -> None:
    async with client_with() as client:
        response = await client.get(path, headers=EVIL)
    assert response.status_code == 404
    assert "location" not in response.headers


@pytest.mark.usefixtures("db")
async def test_a_host_outside_the_allowed_list_is_refused_before_anything_else() -> None:
    async with client_with(allowed_hosts="api.example.org") as client:
        refused = await client.post("/login", json={"username": "a", "password": "b"}, headers=EVIL)
        served = await client.post(
            "/login",
            json={"username": "a", "password": "b"},
            headers={"Host": "API.example.org:8443"},
        )
    assert refused.status_code == 400
    message = "This service does not answer for the host 'evil.example'."
    assert refused.json() == {
        "detail": message,
        "errors": [{"field": None, "code": "INVALID_HOST", "message": message}],
    }
    assert refused.headers["X-Content-Type-Options"] == "nosniff"
    assert served.status_code == 400
    assert served.json()["errors"][0]["code"] == "INVALID_CREDENTIALS"


@pytest.mark.usefixtures("db")
@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("example.org", 200),
        ("a.b.example.org", 200),
        ("example.org.", 200),
        ("badexample.org", 400),
        ("example.org.evil.example", 400),
        ("", 400),
    ],
)
async def test_a_leading_dot_allows_a_domain_and_its_subdomains(host: str, status: int) -> None:
    async with client_with(allowed_hosts=".example.org") as client:
        response = await client.get("/openapi.json", headers={"Host": host})
    assert response.status_code == status


@pytest.mark.usefixtures("db")
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
async def test_the_probes_answer_whatever_the_host(path: str) -> None:
    async with client_with(allowed_hosts="api.example.org") as client:
        by_address = await client.get(path, headers={"Host": "10.0.0.7:8000"})
        by_name = await client.get(path, headers={"Host": "api.example.org"})
    assert by_address.status_code == by_name.status_code
    assert by_address.json() == by_name.json()  # /readyz may be 503 here: no migrations


@pytest.mark.usefixtures("db")
async def test_a_trusted_proxys_forwarded_host_is_the_one_checked() -> None:
    settings = {"allowed_hosts": "api.example.org", "forwarded_allow_ips": "10.0.0.0/8"}
    composition = compose(small_settings(**settings), mailer=MemoryMailer())
    async with app_client(composition, client_ip="10.1.2.3") as client:
        served = await client.get("/openapi.json", headers={"X-Forwarded-Host": "api.example.org"})
        refused = await client.get(
            "/openapi.json", headers={"Host": "api.example.org", "X-Forwarded-Host": "evil.example"}
        )
    assert (served.status_code, refused.status_code) == (200, 400)


@pytest.mark.usefixtures("db")
async def test_without_a_public_url_links_are_built_from_the_host() -> None:
    mailer = MemoryMailer()
    async with app_client(compose(small_settings(), mailer=mailer)) as client:
        token = await signed_up(client, mailer, "alice")
        await signed_up(client, mailer, "bob")
        auth = {"Authorization": f"Token {token}"}
        response = await client.get("/users?limit=1", headers=auth | EVIL)
    assert response.json()["next"] == "http://evil.example/users?limit=1&page=2"


def test_an_allowed_host_that_is_not_a_host_name_is_one_line_naming_the_setting() -> None:
    with pytest.raises(ValidationError) as caught:
        small_settings(allowed_hosts="api.example.org,https://api.example.org")
    assert describe_validation_error(caught.value).startswith(
        "invalid setting FLOWBACK_ALLOWED_HOSTS: Value error, 'https://api.example.org' is not "
        "a host name"
    )
