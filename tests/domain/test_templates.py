"""A mailed code stays whole: on one line of the message as sent (and as the console prints
it), and unbroken where a mail client lays out the HTML."""

import re
import uuid
from collections.abc import Callable
from email.message import EmailMessage

import pytest

from config.settings import Settings
from domain.mail import email_change_message, password_reset_message, verification_message
from tests.factories import text_of

# Long enough that the HTML lines around the code pass 76 characters (quoted-printable).
USERNAME = "émile_" + "x" * 100

CODE_MAILS: dict[str, Callable[..., EmailMessage]] = {
    "verification": verification_message,
    "password reset": password_reset_message,
    "email change": email_change_message,
}


@pytest.mark.parametrize("build", CODE_MAILS.values(), ids=CODE_MAILS.keys())
def test_the_code_is_one_unbroken_line_in_both_parts(build: Callable[..., EmailMessage]) -> None:
    code = str(uuid.uuid4())
    message = build(
        settings=Settings(_env_file=None), to="a@example.com", username=USERNAME, code=code
    )
    wire = message.as_string()
    html_part = wire[wire.index("Content-Type: text/html") :]
    assert re.search(rf"^\s*{code}\s*$", html_part, re.MULTILINE), html_part
    assert wire.count(code) == 2  # the plain-text part and the HTML part, each in one piece
    html = text_of(message, "html")
    paragraph = re.search(rf"<p style=\"([^\"]*)\">\s*{code}\s*</p>", html)
    assert paragraph is not None
    assert "white-space: nowrap" in paragraph.group(1)
