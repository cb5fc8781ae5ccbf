"""Issue 23 item 4: the tags of web.revalidation and how If-None-Match is read
(the answers themselves: tests/http/test_revalidation.py)."""

import pytest

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
