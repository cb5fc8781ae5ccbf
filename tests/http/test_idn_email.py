"""Internationalised email domains: mail goes out with the domain in IDNA form."""

from collections.abc import AsyncIterator, Iterator
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest

from adapters.composition import compose
from config.settings import Settings
from domain.mail import EXISTING_ACCOUNT_SUBJECT, verification_message
from models import User
from tests.conftest import asgi_client
from tests.factories import PASSWORD, code_in
from tests.http.helpers import field_errors_of_registering
from tests.process.conftest import Inbox, smtp_server

pytestmark = pytest.mark.usefixtures("db")

ADDRESS = "Renee@BÜCHER.example"
STORED = "renee@bücher.example"
ENCODED = "renee@xn--bcher-kva.example"


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on loopback, without SMTPUTF8 (aiosmtpd's default), as many are."""
    with smtp_server() as server:
        yield server


@pytest.fixture
async def smtp_client(inbox: tuple[Inbox, int], tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(
        _env_file=None,
        email_backend="smtp",
        smtp_host="127.0.0.1",
        smtp_port=inbox[1],
        bcrypt_rounds=4,
        media_root=tmp_path / "media",
    )
    async with asgi_client(compose(settings)) as client:
        yield client


def test_the_to_header_carries_the_domain_in_idna_form(settings: Settings) -> None:
    message = verification_message(settings=settings, to=STORED, username="renee", code="c")
    assert str(message["To"]) == ENCODED
    assert f"To: {ENCODED}\n" in message.as_string()


async def test_registration_with_an_idn_address_works_end_to_end(
    smtp_client: httpx.AsyncClient, inbox: tuple[Inbox, int]
) -> None:
    messages = inbox[0].messages
    response = await smtp_client.post("/register", json={"username": "renee", "email": ADDRESS})
    assert response.status_code == 200, response.text
    assert len(messages) == 1, "the mail did not reach the SMTP server"
    mail: EmailMessage = messages[0]
    assert mail["To"].addresses[0].addr_spec == ENCODED
    assert mail["To"].defects == ()
    verify = {"verification_code": code_in(mail), "password": PASSWORD}
    response = await smtp_client.post("/register/verify", json=verify)
    assert response.status_code == 201, response.text
    assert (await User.get(username="renee")).email == STORED
    for login_as in (ADDRESS, ENCODED):  # the domain in Unicode or in IDNA form
        login = await smtp_client.post("/login", json={"username": login_as, "password": PASSWORD})
        assert login.status_code == 200, (login_as, login.text)


async def test_the_idna_form_of_a_registered_address_is_the_same_address(
    smtp_client: httpx.AsyncClient, inbox: tuple[Inbox, int]
) -> None:
    await smtp_client.post("/register", json={"username": "renee", "email": ADDRESS})
    mail = inbox[0].messages[-1]
    verify = {"verification_code": code_in(mail), "password": PASSWORD}
    await smtp_client.post("/register/verify", json=verify)
    await smtp_client.post("/register", json={"username": "other", "email": ENCODED})
    assert inbox[0].messages[-1]["Subject"] == EXISTING_ACCOUNT_SUBJECT
    assert inbox[0].messages[-1]["To"].addresses[0].addr_spec == ENCODED
    assert await User.filter(email=STORED).count() == 1


async def test_a_non_ascii_part_before_the_at_is_a_field_error(
    client: httpx.AsyncClient,
) -> None:
    errors, detail = await field_errors_of_registering(
        client, username="jose", email="josé@example.com"
    )
    assert errors == [("email", "INVALID_EMAIL")]
    assert "ASCII" in detail["email"][0]
