"""Decoding request bodies by one set of rules for REST and GraphQL (docs/security.md#http),
and what is read of the bodies and query strings clients send again and again, read once
(``Readings``).

A number over ``MAX_NUMBER_LENGTH`` characters is never converted (Python refuses more than
4,300 digits): it is ``INVALID`` on the field that holds it.
"""

import json
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any, Generic, TypeVar
from urllib.parse import parse_qsl

import orjson
from starlette.requests import ClientDisconnect, Request

from domain.errors import DomainError, ErrorCode

MAX_JSON_DEPTH = 32
MAX_NUMBER_LENGTH = 100
NUMBER_TOO_LONG_MESSAGE = f"Numbers may have at most {MAX_NUMBER_LENGTH} characters."
TOO_DEEP_MESSAGE = f"JSON nested more than {MAX_JSON_DEPTH} levels deep."
NOT_UTF8_MESSAGE = "The body holds text that is not valid UTF-8."

Reading = TypeVar("Reading")


class _LongNumber:
    """Stands for a number too long to convert, until its path is known."""

    __slots__ = ()


_LONG_NUMBER = _LongNumber()

#: Text orjson would read differently from ``json`` (an integer past 64 bits becomes a
#: float there) or that the rules above must see as written (a long number): such a body,
#: rare, takes the ``json`` path. Matched inside strings too, which only costs that path.
_ORJSON_DIGITS = 19
_DIGITS_ORJSON_MAY_ROUND = re.compile(
    rb"[0-9]{%d}|[-+.eE0-9]{%d}" % (_ORJSON_DIGITS, MAX_NUMBER_LENGTH + 1)
)
_NOT_DIGITS = bytes(sorted(set(range(256)) - set(b"0123456789")))


def _orjson_may_round(raw: bytes) -> bool:
    """Whether ``_DIGITS_ORJSON_MAY_ROUND`` matches. A body no longer than a long number,
    with fewer digits than the shortest run it looks for, cannot hold one: counting its
    digits takes a quarter of the search (a GraphQL query's body, most often)."""
    if len(raw) <= MAX_NUMBER_LENGTH and len(raw.translate(None, _NOT_DIGITS)) < _ORJSON_DIGITS:
        return False
    return _DIGITS_ORJSON_MAY_ROUND.search(raw) is not None


def decode_json(data: str | bytes) -> Any:
    """``DomainError`` for too deep, invalid UTF-8 (lone surrogates included), ``NaN`` or
    ``Infinity``, or a number too long."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if not _orjson_may_round(raw):
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass  # answered by ``json`` below, with its messages
        else:
            if not _within_depth(value):
                raise malformed(TOO_DEEP_MESSAGE)
            return value
    return _decoded_by_json(data)


def _decoded_by_json(data: str | bytes) -> Any:
    """By the standard library, whose hooks see every number as written."""
    try:
        value = json.loads(
            data, parse_int=_integer, parse_float=_float, parse_constant=_refuse_constant
        )
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError) as error:
        raise malformed(f"JSON parse error - {error}") from None
    except RecursionError:
        raise malformed(TOO_DEEP_MESSAGE) from None
    if value is _LONG_NUMBER:
        raise DomainError.single(ErrorCode.INVALID, NUMBER_TOO_LONG_MESSAGE)
    _check_shape(value)
    return value


@lru_cache(maxsize=64)
def media_type_of(content_type: str) -> str:
    """A ``Content-Type``'s media type, lower case, without its parameters: read once per
    value (clients send the same few; one that sends many only refills the cache)."""
    return content_type.split(";")[0].strip().lower()


async def read_body(request: Request) -> bytes:
    """The whole body, read from ``request.receive`` as Starlette's ``Request.body`` reads
    it, without the async generator of its stream (a few microseconds a request)."""
    chunks = []
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def decode_form(body: bytes) -> dict[str, str]:
    """UTF-8 only, raw or percent-encoded; the last of a repeated name wins."""
    try:
        text = body.decode("utf-8")
        return dict(parse_qsl(text, keep_blank_values=True, errors="strict"))
    except UnicodeDecodeError:
        raise malformed("Form parse error - the body is not valid UTF-8.") from None


def malformed(message: str) -> DomainError:
    return DomainError.single(ErrorCode.MALFORMED_BODY, message)


def _integer(text: str) -> int | _LongNumber:
    return _LONG_NUMBER if len(text) > MAX_NUMBER_LENGTH else int(text)


def _float(text: str) -> float | _LongNumber:
    return _LONG_NUMBER if len(text) > MAX_NUMBER_LENGTH else float(text)


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _within_depth(value: Any) -> bool:
    """Whether no container of ``value`` is nested deeper than ``MAX_JSON_DEPTH``: all that
    is left to check of what orjson read (its text is valid UTF-8, and a body with a long
    number went to ``json``)."""
    if not isinstance(value, dict | list):
        return True
    pending: list[tuple[dict[str, Any] | list[Any], int]] = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            return False
        for child in item.values() if isinstance(item, dict) else item:
            if isinstance(child, dict | list):
                pending.append((child, depth + 1))
    return True


def _check_shape(value: Any) -> None:
    """Without recursion."""
    pending: list[tuple[Any, tuple[str, ...]]] = [(value, ())]
    while pending:
        item, path = pending.pop()
        if len(path) > MAX_JSON_DEPTH:
            raise malformed(TOO_DEEP_MESSAGE)
        for key, child in _children(item):
            if not _encodable(key) or (isinstance(child, str) and not _encodable(child)):
                raise malformed(NOT_UTF8_MESSAGE)
            if child is _LONG_NUMBER:
                field = ".".join((*path, key))
                raise DomainError.single(ErrorCode.INVALID, NUMBER_TOO_LONG_MESSAGE, field)
            if isinstance(child, dict | list):
                pending.append((child, (*path, key)))


def _children(item: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(item, dict):
        yield from item.items()
    elif isinstance(item, list):
        for index, child in enumerate(item):
            yield str(index), child


def _encodable(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class Readings(Generic[Reading]):
    """What ``read`` gives for each raw value (a query string, a short body), read once: a
    client sends the same few, and reading one again costs more than finding it. Shared by
    every request that sends the same bytes, so what ``read`` gives must never be changed.
    At most ``max_bytes`` of raw values are kept; past that the readings start over (clients
    choose the bytes)."""

    def __init__(self, read: Callable[[bytes], Reading], *, max_bytes: int) -> None:
        self._reader = read
        self.max_bytes = max_bytes
        self._read: dict[bytes, Reading] = {}
        self._bytes = 0

    def of(self, raw: bytes) -> Reading:
        """What ``read`` gives for ``raw``; an exception it raises is raised each time."""
        try:
            found = self._read[raw]
        except KeyError:
            found = self._reader(raw)
            if self._bytes + len(raw) > self.max_bytes:
                self._read.clear()
                self._bytes = 0
            self._read[raw] = found
            self._bytes += len(raw)
        return found
