"""A request's query, parsed once per query string, reads exactly as Starlette's."""

import pytest
from starlette.datastructures import QueryParams
from starlette.requests import Request

from rest_facade import query
from rest_facade.query import query_of

QUERIES = [
    b"",
    b"limit=50",
    b"page=2&limit=10&page=3",
    b"x=%20y+z&empty=&flag",
    b"k=%FF&caf%C3%A9=%E2%9C%93",
    b"a=1;b=2",
]


def request_for(raw: bytes) -> Request:
    return Request({"type": "http", "query_string": raw, "headers": []})


@pytest.mark.parametrize("raw", QUERIES)
def test_a_query_reads_as_starlettes(raw: bytes) -> None:
    expected = QueryParams(raw)
    found = query_of(request_for(raw))
    assert found.pairs == tuple(expected.multi_items())
    assert dict(found.values) == dict(expected.items())


def test_the_values_cannot_be_changed_by_one_request_for_the_next() -> None:
    found = query_of(request_for(b"limit=5"))
    with pytest.raises(TypeError):
        found.values["limit"] = "50"  # type: ignore[index]
    assert query_of(request_for(b"limit=5")).values["limit"] == "5"


def test_the_queries_kept_are_bounded_and_still_read_right() -> None:
    for number in range(3 * query.MAX_QUERY_BYTES // 8):
        raw = f"page={number}".encode()
        assert query_of(request_for(raw)).values == {"page": str(number)}
        assert query._queries._bytes <= query.MAX_QUERY_BYTES
