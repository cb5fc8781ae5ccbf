"""``web.forwarded.first_values``: each header as ``request.headers.get`` reads it."""

from starlette.datastructures import Headers

from web.forwarded import first_values, header_text

HEADERS = [
    (b"host", b"example.com"),
    (b"authorization", b"Token first"),
    (b"accept", b"text/html"),
    (b"authorization", b"Token second"),
]


def test_the_first_of_a_repeated_header_is_read_as_starlette_reads_it() -> None:
    found = first_values(HEADERS)
    assert found[b"authorization"] == b"Token first"
    assert Headers(raw=HEADERS).get("authorization") == found[b"authorization"].decode()


def test_every_name_is_read_once_and_a_missing_one_is_absent() -> None:
    assert first_values(HEADERS) == {
        b"host": b"example.com",
        b"authorization": b"Token first",
        b"accept": b"text/html",
    }
    assert first_values([]) == {}


def test_a_headers_text_is_its_first_value_decoded_or_none() -> None:
    found = first_values([(b"user-agent", "Björn's client".encode("latin-1"))])
    assert header_text(found, b"user-agent") == "Björn's client"
    assert header_text(found, b"authorization") is None
