import math
from dataclasses import dataclass
from typing import Generic, TypeVar

from domain.errors import DomainError, ErrorCode
from models import ID_RANGE

T = TypeVar("T")

MAX_LIMIT = 50
#: Integers in a query have at most 18 digits: any id or row number fits, and no
#: arbitrarily long number is ever converted.
MAX_QUERY_DIGITS = 18
MAX_QUERY_INTEGER = 10**MAX_QUERY_DIGITS - 1
DEFAULT_LIMIT = 10
#: No table holds more rows than there are ids, so no page can start further in.
MAX_START = ID_RANGE.stop - 1


@dataclass(frozen=True, slots=True)
class PageRequest:
    """Rows ``start`` … ``start + limit - 1`` (0-based) of the matches, ordered by id."""

    page: int = 1
    limit: int = DEFAULT_LIMIT
    offset: int = 0

    @classmethod
    def create(
        cls, *, page: int, limit: int, offset: int, max_limit: int = MAX_LIMIT
    ) -> "PageRequest":
        """A limit above ``max_limit`` is served as ``max_limit``; a start past ``MAX_START`` is
        ``INVALID_PAGINATION`` (the database could not count that far)."""
        for field, value, lowest in (("page", page, 1), ("limit", limit, 1), ("offset", offset, 0)):
            if value < lowest:
                raise DomainError.single(
                    ErrorCode.INVALID_PAGINATION, f"Must be an integer of at least {lowest}.", field
                )
        request = cls(page=page, limit=min(limit, max_limit), offset=offset)
        if request.start > MAX_START:
            raise DomainError.single(
                ErrorCode.INVALID_PAGINATION,
                f"A page must start within the first {MAX_START} rows.",
                "offset" if offset > MAX_START else "page",
            )
        return request

    @property
    def start(self) -> int:
        return (self.page - 1) * self.limit + self.offset


class Paged:
    """What a page's numbering follows from: the count of matches, and the request."""

    __slots__ = ()
    count: int
    request: PageRequest

    @property
    def total_page(self) -> int:
        return math.ceil(max(self.count - self.request.offset, 0) / self.request.limit)

    @property
    def has_next(self) -> bool:
        return self.request.start + self.request.limit < self.count

    @property
    def has_previous(self) -> bool:
        return self.request.page > 1


@dataclass(frozen=True, slots=True)
class Page(Paged, Generic[T]):
    items: list[T]
    count: int
    request: PageRequest


def parse_optional_int(value: str | None, *, field: str, code: ErrorCode) -> int | None:
    if value is None or value == "":
        return None
    text = value.strip()
    digits = text.removeprefix("-")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > MAX_QUERY_DIGITS:
        raise DomainError.single(code, "A valid integer is required.", field)
    return int(text)


def parse_int(value: str | None, *, field: str, code: ErrorCode, default: int) -> int:
    parsed = parse_optional_int(value, field=field, code=code)
    return default if parsed is None else parsed
