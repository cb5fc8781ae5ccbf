"""Issue 23 item 4: the tags of web.revalidation and how If-None-Match is read
(the answers themselves: tests/http/test_revalidation.py)."""

import base64
import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from web.revalidation import entity_tag, matches


def test_tags_differ_by_account_and_by_body() -> None:
    body = b'{"id": 1}'
    tags = {
        entity_tag(body, account=1),
        entity_tag(body, account=2),
        entity_tag(body, account=None),
        entity_tag(b'{"id": 2}', account=1),
    }
    assert len(tags) == 4
    assert entity_tag(body, account=1) == entity_tag(body, account=1)


@given(body=st.binary(max_size=300), account=st.none() | st.integers(0, 2**64))
def test_a_tag_is_the_unpadded_url_safe_base64_of_sha256s_first_16_bytes(
    body: bytes, account: int | None
) -> None:
    """Tags sent before stay the same (a client's cached tag still matches)."""
    prefix = b"anonymous:" if account is None else b"account:" + account.to_bytes(16, "big")
    digest = hashlib.sha256(prefix + body).digest()[:16]
    expected = base64.urlsafe_b64encode(digest).decode().rstrip("=")
    assert entity_tag(body, account=account) == f'"{expected}"'


@pytest.mark.parametrize(
    ("header", "matched"),
    [
        (None, False),
        ("", False),
        ('"abc"', True),
        ('W/"abc"', True),
        ('"x", W/"abc"', True),
        ('"ab"', False),
        ('"abc, "', False),
        ("abc", False),
        (" * ", True),
    ],
)
def test_if_none_match_is_read_as_a_list_of_tags(header: str | None, matched: bool) -> None:
    assert matches(header, '"abc"') is matched
