"""A query string or a short body sent again is read once; one that is refused is refused
each time, and what is kept stays within its bytes."""

import pytest

from domain.errors import DomainError
from schema.endpoint import GraphQLRequest, _read_post_payload
from web.json_body import Readings


def counted() -> tuple[Readings[GraphQLRequest], list[bytes]]:
    reads: list[bytes] = []

    def read(raw: bytes) -> GraphQLRequest:
        reads.append(raw)
        return _read_post_payload(raw)

    return Readings(read, max_bytes=80), reads


def test_a_body_sent_again_is_read_once() -> None:
    payloads, reads = counted()
    body = b'{"query": "{ user { id } }"}'
    first = payloads.of(body)
    assert first.payload == {"query": "{ user { id } }"}
    assert first.query == "{ user { id } }"
    assert payloads.of(bytes(body)) is first
    assert reads == [body]


def test_a_refused_body_is_refused_each_time() -> None:
    payloads, reads = counted()
    for _ in range(2):
        with pytest.raises(DomainError):
            payloads.of(b'[{"query": "{ a }"}]')  # a batch
    assert len(reads) == 2


def test_a_part_of_the_wrong_type_is_refused_each_time() -> None:
    payloads, reads = counted()
    for _ in range(2):
        with pytest.raises(DomainError) as refused:
            payloads.of(b'{"query": "{ a }", "variables": [1]}')
        assert "`variables` must be an object" in refused.value.errors[0].message
    assert len(reads) == 2


def test_what_is_kept_stays_within_its_bytes() -> None:
    payloads, reads = counted()
    bodies = [b'{"query": "{ user { id } }", "n": %d}' % n for n in range(3)]  # 36 bytes each
    for body in bodies:
        payloads.of(body)
    payloads.of(bodies[0])  # forgotten when the third started the readings over
    payloads.of(bodies[2])  # kept
    assert reads == [*bodies, bodies[0]]
