"""``decode_json`` reads with orjson where it may and with ``json`` elsewhere: the two give
the same value, or the same error, for any body."""

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.requests import ClientDisconnect, Request
from starlette.types import Message

from domain.errors import DomainError
from web.json_body import (
    _DIGITS_ORJSON_MAY_ROUND,
    _decoded_by_json,
    _orjson_may_round,
    decode_json,
    read_body,
)

_JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def _outcome(data: str | bytes, decode: Any) -> object:
    try:
        return ("value", repr(decode(data)))
    except DomainError as error:
        return ("error", [(item.code, item.field, item.message) for item in error.errors])


@given(_JSON_VALUES)
def test_any_json_value_reads_as_the_standard_library_reads_it(value: object) -> None:
    body = json.dumps(value).encode()
    assert _outcome(body, decode_json) == _outcome(body, _decoded_by_json)


@given(st.binary(max_size=40) | st.text(max_size=40))
def test_any_bytes_or_text_read_or_fail_as_the_standard_library_says(data: str | bytes) -> None:
    assert _outcome(data, decode_json) == _outcome(data, _decoded_by_json)


def test_the_edges_where_orjson_reads_differently_take_the_standard_library_path() -> None:
    assert decode_json(b"123456789012345678901234567890") == 123456789012345678901234567890
    assert decode_json(b'\xef\xbb\xbf{"a": 1}') == {"a": 1}
    assert decode_json(b"[1e400]") == [float("inf")]
    assert decode_json(b'{"a": 1, "a": 2}') == {"a": 2}


@pytest.mark.parametrize("depth", [32, 33, 34])
@pytest.mark.parametrize(("opening", "closing"), [(b"[", b"]"), (b'{"a":', b"}")])
def test_the_depth_limit_holds_on_both_paths(depth: int, opening: bytes, closing: bytes) -> None:
    body = opening * depth + b"1" + closing * depth
    assert _outcome(body, decode_json) == _outcome(body, _decoded_by_json)


async def test_a_body_is_read_whole_from_its_chunks_and_a_client_that_leaves_is_told() -> None:
    messages = [
        {"type": "http.request", "body": b'{"query": ', "more_body": True},
        {"type": "http.request", "body": b'"{ me { id } }"}', "more_body": False},
    ]

    async def receive() -> Message:
        return messages.pop(0)

    assert await read_body(Request({"type": "http"}, receive)) == b'{"query": "{ me { id } }"}'
    messages.extend([{"type": "http.request", "body": b"{", "more_body": True}])
    messages.append({"type": "http.disconnect"})
    with pytest.raises(ClientDisconnect):
        await read_body(Request({"type": "http"}, receive))


_NUMBERY = st.binary(max_size=130) | st.text(alphabet='0123456789-+.eE {}[]:,"a', max_size=130).map(
    str.encode
)


@given(_NUMBERY)
def test_counting_digits_first_finds_what_the_search_finds(raw: bytes) -> None:
    assert _orjson_may_round(raw) == (_DIGITS_ORJSON_MAY_ROUND.search(raw) is not None)


def test_a_short_body_with_a_long_run_of_digits_still_takes_the_standard_library_path() -> None:
    assert _orjson_may_round(b'{"a": 1234567890123456789}')
    assert not _orjson_may_round(b'{"query": "{ users(limit: 50) { data { id } } }"}')
