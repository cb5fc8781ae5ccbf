"""The edges a browser app on its own origin relies on: optional trailing slashes, CORS for
``FLOWBACK_FRONTEND_URL``, and verification mail that links to the app's own page."""

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from pydantic import ValidationError

from adapters.composition import compose
from adapters.mailers import MemoryMailer
from config.settings import Settings, describe_validation_error
from domain.mail import verification_message
from main import create_app
from tests.conftest import asgi_client
from tests.factories import PASSWORD, code_in, text_of
from tests.http.helpers import signed_up
from tests.images import image_bytes

APP = "http://localhost:5173"
PREFLIGHT = {
    "Origin": APP,
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization,content-type",
}


def web_app_settings(tmp_path: Path, **overrides: str) -> Settings:
    values = {"email_backend": "memory", "bcrypt_rounds": 4, "media_root": tmp_path / "media"}
    return Settings(_env_file=None, **(values | overrides))  # type: ignore[arg-type]


def rest_paths() -> list[tuple[str, str]]:
    """(method, path) of every REST route of the app."""
    app = create_app(Settings(_env_file=None, email_backend="memory"))
    found = []
    for route in app.routes:
        methods = sorted(getattr(route, "methods", None) or [])
        path = getattr(route, "path", "")
        if path.startswith(("/register", "/login", "/logout", "/user", "/forgot")):
            found += [(method, path) for method in methods if method != "HEAD"]
    return found


def test_every_rest_path_is_listed() -> None:
    assert ("POST", "/login") in rest_paths() and ("GET", "/users") in rest_paths()


@pytest.mark.usefixtures("db")
@pytest.mark.parametrize(("method", "path"), rest_paths())
async def test_a_trailing_slash_is_the_same_path_without_a_redirect(
    client: httpx.AsyncClient, mailer: MemoryMailer, method: str, path: str
) -> None:
    first = await signed_up(client, mailer, username="plain")
    second = await signed_up(client, mailer, username="slashed")
    # Wrong passwords and the like: the call is made, and nothing is changed. Each call has
    # its own account, since logging out revokes tokens.
    body = {"password": "not it", "current_password": "not it", "email": "x@example.com"}
    plain = await client.request(method, path, headers={"Authorization": first}, json=body)
    slashed = await client.request(method, path + "/", headers={"Authorization": second}, json=body)
    assert slashed.status_code == plain.status_code, slashed.text
    assert slashed.status_code < 300 or slashed.status_code >= 400
    assert shape(slashed.json()) == shape(plain.json())


def shape(body: Any) -> list[Any]:
    """The keys of an object, or of each object of a list (``GET /user/sessions``)."""
    return [sorted(row) for row in body] if isinstance(body, list) else sorted(body)


@pytest.mark.usefixtures("db")
async def test_slashed_paths_keep_their_own_rules(
    client: httpx.AsyncClient, mailer: MemoryMailer
) -> None:
    token = await signed_up(client, mailer, username="slash")
    login = await client.post("/login/", json={"username": "slash", "password": PASSWORD})
    assert login.status_code == 200 and login.json()["token"]
    # The upload limit of /user/update holds for /user/update/: a 70 KiB image is no 413.
    heavy = image_bytes("PNG", size=(8, 8)) + bytes(70 * 1024)
    update = await client.post(
        "/user/update/",
        files={"profile_image": ("me.png", heavy, "image/png")},
        headers={"Authorization": f"Token {token}"},
    )
    assert update.status_code == 200, update.text
    listed = await client.get("/users/?limit=1", headers={"Authorization": f"Token {token}"})
    assert listed.status_code == 200
    assert listed.json()["count"] == 1
    assert (await client.get("/users/")).status_code == 401


@pytest.mark.usefixtures("db")
async def test_the_frontend_origin_may_call_with_no_other_setting(
    tmp_path: Path, mailer: MemoryMailer
) -> None:
    composition = compose(web_app_settings(tmp_path, frontend_url=APP + "/app/"), mailer=mailer)
    async with asgi_client(composition) as client:
        preflight = await client.options("/login", headers=PREFLIGHT)
        other = await client.options(
            "/login", headers=PREFLIGHT | {"Origin": "https://evil.example"}
        )
        token = await signed_up(client, mailer)
        origin = {"Origin": APP}
        update = await client.post(
            "/user/update",
            files={"profile_image": ("me.png", image_bytes("PNG"), "image/png")},
            headers=origin | {"Authorization": f"Token {token}"},
        )
        image = urlsplit(update.json()["profile_image"]).path
        fetched = await client.get(image, headers=origin)
        refused = await client.get("/user", headers=origin)
        too_large = await client.post("/login", content=bytes(70 * 1024), headers=origin)
    assert preflight.status_code == 200, preflight.text
    assert preflight.headers["access-control-allow-origin"] == APP
    assert {"authorization", "content-type"} <= set(
        preflight.headers["access-control-allow-headers"].lower().replace(" ", "").split(",")
    )
    assert "access-control-allow-origin" not in other.headers
    # The app fetch()es its own images to upload them again; it reads errors as well.
    assert fetched.status_code == 200 and fetched.headers["access-control-allow-origin"] == APP
    assert refused.status_code == 401 and refused.headers["access-control-allow-origin"] == APP
    assert too_large.status_code == 413 and too_large.headers["access-control-allow-origin"] == APP


def test_the_frontend_origin_joins_the_listed_ones(tmp_path: Path) -> None:
    settings = web_app_settings(
        tmp_path, cors_origins="https://admin.example", frontend_url="https://app.example:8443/x"
    )
    assert settings.allowed_origins == ["https://admin.example", "https://app.example:8443"]
    assert web_app_settings(tmp_path).allowed_origins == []


def test_the_verification_link_follows_the_path_template(tmp_path: Path) -> None:
    settings = web_app_settings(
        tmp_path,
        frontend_url="https://app.example/",
        frontend_verify_path="/login?email={email}&verification_code={code}",
    )
    message = verification_message(
        settings=settings, to="al+ice@example.com", username="alice", code="a b&c"
    )
    text = text_of(message)
    link = "https://app.example/login?email=al%2Bice%40example.com&verification_code=a+b%26c"
    assert link in text
    assert parse_qs(urlsplit(link).query) == {
        "email": ["al+ice@example.com"],
        "verification_code": ["a b&c"],
    }
    assert "    a b&c\n" in text


def test_an_empty_path_template_sends_the_code_without_a_link(tmp_path: Path) -> None:
    settings = web_app_settings(
        tmp_path, frontend_url="https://app.example", frontend_verify_path=""
    )
    message = verification_message(settings=settings, to="a@example.com", username="a", code="c0de")
    assert "http" not in text_of(message) and "href" not in text_of(message, "html")
    assert "    c0de\n" in text_of(message)


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("login?code={code}", "starting with '/'"),
        ("/login?code={token}", "only placeholders"),
        ("/login?code={code.__class__}", "only placeholders"),
        ("/login?code={code!r}", "only placeholders"),
        ("/login?code={code", "not a path template"),
    ],
)
def test_a_bad_path_template_stops_start_up_naming_the_variable(
    tmp_path: Path, template: str, problem: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        web_app_settings(tmp_path, frontend_verify_path=template)
    line = describe_validation_error(caught.value)
    assert line.startswith("invalid setting FLOWBACK_FRONTEND_VERIFY_PATH:")
    assert problem in line


@pytest.mark.usefixtures("db")
async def test_the_mail_of_a_registration_links_to_the_app(
    tmp_path: Path, mailer: MemoryMailer
) -> None:
    settings = web_app_settings(
        tmp_path,
        frontend_url=APP,
        frontend_verify_path="/login?email={email}&verification_code={code}",
    )
    async with asgi_client(compose(settings, mailer=mailer)) as client:
        await client.post("/register", json={"username": "bob", "email": "bob@example.com"})
    code = code_in(mailer.outbox[-1])
    assert f"{APP}/login?email=bob%40example.com&verification_code={code}" in text_of(
        mailer.outbox[-1]
    )
