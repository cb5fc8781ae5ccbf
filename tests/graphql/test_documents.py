"""Prepared documents (``schema.documents``): kept once per text, within a byte bound.

Issue 22 item 12: six hundred distinct invalid 4 KB documents grew a worker by ~400 MB
through the document caches. Every entry is now charged what it holds, valid or refused,
and the cache keeps at most its byte bound; the charge is checked against what
``tracemalloc`` sees a prepared document (and its compiled plan) hold.
"""

import gc
import tracemalloc
from collections.abc import Callable
from typing import Any

import orjson
import pytest

from config.settings import Settings
from schema import build_schema
from schema.compiled import CompiledExecutor
from schema.documents import (
    DocumentCache,
    Documents,
    PreparedDocument,
    RefusedDocument,
    preparation_for,
)

SCHEMA = build_schema()
MEGABYTE = 1024 * 1024


def documents(*, max_bytes: int, **limits: Any) -> Documents:
    settings = Settings(_env_file=None, **limits)
    preparation = preparation_for(SCHEMA._schema, settings)
    return Documents(preparation, DocumentCache(max_bytes=max_bytes, max_entries=100_000))


def prepare(documents: Documents, text: str) -> Any:
    return documents.prepare(text)


def valid_document(n: int, size: int = 4096) -> str:
    """A distinct valid document of about ``size`` bytes, dense in syntax nodes: a list of
    numbers (a node and a token each) that validation checks one by one."""
    numbers = ",".join(str(n) for _ in range(size // 3))
    return "{ _entities(representations: [" + numbers + "]) { __typename } }"


def invalid_document(n: int, size: int = 4096) -> str:
    """A distinct document of about ``size`` bytes that fails validation: every variable
    it declares is unused."""
    variables = " ".join(f"$v{n}x{i}: Int" for i in range(size // 14))
    return f"query Q({variables}) {{ __typename }}"


def retained_bytes(work: Callable[[], object]) -> tuple[int, object]:
    """The memory still allocated after ``work`` ran (what its result and caches keep)."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = work()
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return after - before, result


LIMITLESS = {
    "graphql_max_tokens": 100_000,
    "graphql_max_aliases": 100_000,
    "graphql_max_selections": 100_000,
    "graphql_max_fragments": 1_000,
}


def send(prepared: Documents, make: Callable[[int], str], count: int) -> int:
    """The memory kept after ``count`` distinct documents of ``make`` were prepared."""

    def send_them() -> None:
        for n in range(count):
            prepare(prepared, make(n))

    return retained_bytes(send_them)[0]


#: What the interpreter's own bounded caches (attribute names, among others) may keep
#: after many distinct documents, whatever the bound.
INTERPRETER_CACHES = MEGABYTE


@pytest.mark.slow
def test_six_hundred_distinct_invalid_4_kb_documents_stay_within_the_byte_bound() -> None:
    bound = 4 * MEGABYTE
    prepared = documents(max_bytes=bound, **LIMITLESS)
    grown = send(prepared, invalid_document, 600)
    assert prepared.cache.bytes <= bound
    assert len(prepared.cache) < 600  # some were let go
    assert grown <= bound + INTERPRETER_CACHES, f"{grown / MEGABYTE:.1f} MiB kept"


def test_distinct_valid_documents_stay_within_the_byte_bound() -> None:
    bound = 2 * MEGABYTE
    prepared = documents(max_bytes=bound, **LIMITLESS)
    grown = send(prepared, valid_document, 60)
    assert prepared.cache.bytes <= bound
    assert len(prepared.cache) < 60
    assert grown <= bound + INTERPRETER_CACHES, f"{grown / MEGABYTE:.1f} MiB kept"


@pytest.mark.parametrize(
    "text",
    [
        valid_document(1),
        "{ " + " ".join(f"a{i}: __typename" for i in range(2_000)) + " }",
        "query Q($a: Boolean!) { me { id username bio website contactEmail contactPhone "
        "profileImage ... on CurrentUser @include(if: $a) { id username } } "
        + " ".join(
            f"u{i}: users(limit: 1) {{ count data {{ id username bio }} }}" for i in range(60)
        )
        + " }",
        "query F { ...A ...B } fragment A on Query { users { data { ...C } } } "
        "fragment B on Query { b: users(limit: 2) { count } } "
        "fragment C on User { id username bio }",
    ],
)
def test_a_prepared_document_and_its_plans_hold_no_more_than_they_are_charged(
    text: str,
) -> None:
    """Measured over ten distinct copies (a comment apart), after three to warm up the
    interpreter's own caches, each planned for both values of its condition, against what
    the cache charges."""
    prepared = documents(max_bytes=640 * MEGABYTE, **LIMITLESS)

    def prepared_and_planned(copy: str) -> PreparedDocument:
        document = prepare(prepared, f"{text} # {copy}")
        assert isinstance(document, PreparedDocument), document
        for variables in ({"a": True}, {"a": False}):
            executor = CompiledExecutor.build(
                SCHEMA._schema, document.document, None, None, variables, plans=document.plans
            )
            assert isinstance(executor, CompiledExecutor), executor
            document.plans.plan_for(executor)
        return document

    for copy in range(3):
        prepared_and_planned(f"warm {copy}")
    before = prepared.cache.bytes
    held, kept = retained_bytes(lambda: [prepared_and_planned(str(copy)) for copy in range(10)])
    assert isinstance(kept, list)
    charged = prepared.cache.bytes - before
    assert held <= charged, (held, charged)


def test_a_refused_document_holds_no_more_than_it_is_charged() -> None:
    """Measured over forty distinct documents, after three to warm up, against what the
    cache charges."""
    prepared = documents(max_bytes=640 * MEGABYTE, **LIMITLESS)
    for copy in range(3):
        prepare(prepared, invalid_document(copy))
    before = prepared.cache.bytes
    held, kept = retained_bytes(
        lambda: [prepare(prepared, invalid_document(n)) for n in range(3, 43)]
    )
    assert isinstance(kept, list)
    assert all(isinstance(refused, RefusedDocument) for refused in kept)
    assert held <= prepared.cache.bytes - before  # the document's text, its key, included
    body = orjson.loads(kept[0].body)
    assert body["data"] is None
    assert {error["extensions"]["code"] for error in body["errors"]} == {
        "GRAPHQL_VALIDATION_FAILED"
    }


def test_a_text_is_prepared_once_and_the_least_recent_goes_first() -> None:
    prepared = documents(max_bytes=64 * MEGABYTE)
    first = prepare(prepared, "{ __typename }")
    assert isinstance(first, PreparedDocument)
    assert prepare(prepared, "{ __typename }") is first
    weight = first.weight + 1  # and its key's one character
    cache = DocumentCache(max_bytes=2 * weight, max_entries=10)
    cache.put("a", first)
    cache.put("b", first)
    assert cache.get("a") == first  # now the most recent
    cache.put("c", first)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (first, None, first)
    assert cache.bytes == 2 * weight


def test_the_cache_is_bounded_by_count_too_and_never_keeps_an_entry_over_its_bound() -> None:
    prepared = documents(max_bytes=64 * MEGABYTE)
    small = prepare(prepared, "{ __typename }")
    cache = DocumentCache(max_bytes=small.weight * 100, max_entries=2)
    for key in "abc":
        cache.put(key, small)
    assert len(cache) == 2 and cache.get("a") is None
    tiny = DocumentCache(max_bytes=small.weight - 1, max_entries=10)
    tiny.put("a", small)
    assert len(tiny) == 0 and tiny.bytes == 0
