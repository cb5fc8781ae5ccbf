"""A request's query parameters, parsed once per distinct query string.

Starlette parses the query string again for every request, and building its ``QueryParams``
cost a thirtieth of a signed-in list; most requests repeat a few query strings.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from urllib.parse import urlencode

from starlette.datastructures import QueryParams
from starlette.requests import Request

from web.json_body import Readings

#: Query strings whose parameters are kept read, in all.
MAX_QUERY_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Query:
    """What Starlette's ``QueryParams`` reads of a query string."""

    #: Every parameter in order, repeats kept: ``QueryParams.multi_items()``.
    pairs: tuple[tuple[str, str], ...]
    #: The last value of each name, as ``QueryParams`` gets it.
    values: Mapping[str, str]
    #: Every parameter but ``page``, encoded: what a link to another page repeats.
    without_page: str


def _read(raw: bytes) -> Query:
    params = QueryParams(raw)
    values = MappingProxyType(dict(params.items()))
    pairs = tuple(params.multi_items())
    without_page = urlencode([(key, value) for key, value in pairs if key != "page"])
    return Query(pairs=pairs, values=values, without_page=without_page)


_queries = Readings(_read, max_bytes=MAX_QUERY_BYTES)


def query_of(request: Request) -> Query:
    return _queries.of(request.scope["query_string"])
