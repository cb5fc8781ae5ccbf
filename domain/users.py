"""Reading users: the filtered, paged list and single records."""

from dataclasses import dataclass

from domain.paging import Page, PageRequest
from domain.validation import storable
from models import User

# Ids are 32-bit in the database; a larger one matches nobody (PostgreSQL would refuse it).
_ID_RANGE = range(1, 2**31)


@dataclass(frozen=True, slots=True)
class UserFilter:
    id: int | None = None
    username: str | None = None
    username_contains: str | None = None


async def list_users(*, filters: UserFilter, request: PageRequest) -> Page[User]:
    """Active users matching every given filter, ordered by id."""
    texts = (filters.username, filters.username_contains)
    if any(text is not None and not storable(text) for text in texts):
        return Page(items=[], count=0, request=request)  # no username holds such characters
    query = User.filter(is_active=True)
    if filters.id is not None:
        if filters.id not in _ID_RANGE:
            return Page(items=[], count=0, request=request)
        query = query.filter(id=filters.id)
    if filters.username is not None:
        query = query.filter(username=filters.username)
    if filters.username_contains:
        query = query.filter(username__icontains=filters.username_contains)
    count = await query.count()
    if request.start >= count:
        return Page(items=[], count=count, request=request)
    rows = await query.order_by("id").offset(request.start).limit(request.limit)
    return Page(items=list(rows), count=count, request=request)


async def get_user(user_id: int) -> User | None:
    """The active user of ``user_id``; None for any other id, however large."""
    if user_id not in _ID_RANGE:
        return None
    return await User.get_or_none(id=user_id, is_active=True)
