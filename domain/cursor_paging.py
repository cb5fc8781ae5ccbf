import base64
import binascii
from dataclasses import dataclass
from typing import Generic, TypeVar

from domain.errors import DomainError, ErrorCode
from domain.paging import DEFAULT_LIMIT, MAX_LIMIT, MAX_QUERY_DIGITS

T = TypeVar("T")

_PREFIX = "id:"
BAD_CURSOR_MESSAGE = "Not a cursor of this list: pass one it gave."
BOTH_DIRECTIONS_MESSAGE = "Give first or last, not both."


def cursor_of(row_id: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{row_id}".encode()).decode()


def _row_id(cursor: str | None, *, field: str) -> int | None:
    """``INVALID_PAGINATION`` for anything ``cursor_of`` never gave."""
    if cursor is None:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("ascii")
    except (UnicodeError, binascii.Error, ValueError):
        text = ""
    digits = text.removeprefix(_PREFIX)
    if (
        not text.startswith(_PREFIX)
        or not (digits.isascii() and digits.isdigit())
        or len(digits) > MAX_QUERY_DIGITS
        or cursor != cursor_of(int(digits))
    ):
        raise DomainError.single(ErrorCode.INVALID_PAGINATION, BAD_CURSOR_MESSAGE, field)
    return int(digits)


@dataclass(frozen=True, slots=True)
class CursorRequest:
    """``limit`` rows strictly between ``after`` and ``before`` (either may be None), the first
    ones or, ``backward``, the last ones."""

    limit: int = DEFAULT_LIMIT
    backward: bool = False
    after: int | None = None
    before: int | None = None

    @classmethod
    def create(
        cls,
        *,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        max_limit: int = MAX_LIMIT,
    ) -> "CursorRequest":
        """Neither ``first`` nor ``last``: the first ``DEFAULT_LIMIT``; at most ``max_limit``."""
        if first is not None and last is not None:
            raise DomainError.single(ErrorCode.INVALID_PAGINATION, BOTH_DIRECTIONS_MESSAGE, "last")
        for field, value in (("first", first), ("last", last)):
            if value is not None and value < 0:
                raise DomainError.single(
                    ErrorCode.INVALID_PAGINATION, "Must be an integer of at least 0.", field
                )
        count = last if last is not None else first
        return cls(
            limit=min(DEFAULT_LIMIT if count is None else count, max_limit),
            backward=last is not None,
            after=_row_id(after, field="after"),
            before=_row_id(before, field="before"),
        )

    @property
    def beyond(self) -> int | None:
        """The cursor on the side opposite to the reading direction."""
        return self.before if self.backward else self.after


@dataclass(frozen=True, slots=True)
class CursorPage(Generic[T]):
    items: list[T]
    has_next: bool
    has_previous: bool
