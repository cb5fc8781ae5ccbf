"""A request's query parameters, parsed once per distinct query string.

Starlette parses the query string again for every request, and building its ``QueryParams``
cost a thirtieth of a signed-in list; most requests repeat a few query strings. The last few
are kept here (clients choose the query, so the cache starts over when full).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from starlette.datastructures import QueryParams
from starlette.requests import Request

_KNOWN_QUERIES = 256


@dataclass(frozen=True, slots=True)
class Query:
    """What Starlette's ``QueryParams`` reads of a query string."""

    #: Every parameter in order, repeats kept: ``QueryParams.multi_items()``.
    pairs: tuple[tuple[str, str], ...]
    #: The last value of each name, as ``QueryParams`` gets it.
    values: Mapping[str, str]


_parsed: dict[bytes, Query] = {}


def query_of(request: Request) -> Query:
    raw: bytes = request.scope["query_string"]
    query = _parsed.get(raw)
    if query is None:
        if len(_parsed) >= _KNOWN_QUERIES:
            _parsed.clear()
        params = QueryParams(raw)
        values = MappingProxyType(dict(params.items()))
        query = _parsed[raw] = Query(pairs=tuple(params.multi_items()), values=values)
    return query
