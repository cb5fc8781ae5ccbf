"""Plain async factories: each makes one thing with defaults a test can override."""

import re
from collections.abc import Awaitable
from email.message import EmailMessage
from itertools import count
from typing import Any

import pytest

from adapters.composition import Composition
from domain.errors import DomainError, ErrorCode
from domain.validation import username_columns
from models import User

PASSWORD = "correct horse battery staple"
#: A value for every optional text of a profile, for a user with all of them filled.
FILLED_PROFILE = {
    "bio": "Here.",
    "website": "https://me.example",
    "contact_email": "reach@me.example",
    "contact_phone": "+46 70 000 00 00",
    "user_config": '{"lang": "sv"}',
}
_numbers = count(1)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


async def make_user(
    composition: Composition, *, password: str = PASSWORD, **overrides: Any
) -> User:
    number = next(_numbers)
    username = overrides.pop("username", f"user{number}")
    fields: dict[str, Any] = {
        **username_columns(username),
        "email": f"user{number}@example.com",
        "password_hash": await composition.hasher.hash(password),
    }
    return await User.create(**(fields | overrides))


def text_of(message: EmailMessage, subtype: str = "plain") -> str:
    """The plain-text (or ``subtype``) body of a message."""
    body = message.get_body(preferencelist=(subtype,))
    assert body is not None, f"no text/{subtype} part"
    content: str = body.get_content()
    return content


def code_in(message: EmailMessage) -> str:
    found = _UUID.search(text_of(message))
    assert found, "no verification code in the mail"
    return found.group(0)


async def refused_with(call: Awaitable[object]) -> list[ErrorCode]:
    """The codes of the ``DomainError`` that awaiting ``call`` raises; fails if it raises none."""
    with pytest.raises(DomainError) as raised:
        await call
    return raised.value.codes
