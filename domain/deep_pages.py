"""Where deep pages of the active users start, remembered while that set stays the same
(docs/architecture.md#the-hot-path): an answer is always the page ``OFFSET`` gives."""

from bisect import bisect_right
from dataclasses import dataclass, field

#: Pages starting before this offset walk few entries; they are never remembered.
FIRST_REMEMBERED_OFFSET = 1000
#: Checkpoints kept per database; past that they start over.
MAX_CHECKPOINTS = 1024


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """The active user at ``offset`` (from 0, by id) had ``user_id`` under ``changes``."""

    offset: int
    user_id: int
    changes: int


@dataclass(slots=True)
class DeepPages:
    """The checkpoints of one database, all under one value of ``changes``."""

    changes: int | None = None
    _offsets: list[int] = field(default_factory=list)
    _ids: dict[int, int] = field(default_factory=dict)

    def nearest(self, start: int) -> Checkpoint | None:
        """The checkpoint at or before ``start`` closest to it, for a deep ``start``."""
        if self.changes is None or start < FIRST_REMEMBERED_OFFSET:
            return None
        index = bisect_right(self._offsets, start)
        if index == 0:
            return None
        offset = self._offsets[index - 1]
        return Checkpoint(offset=offset, user_id=self._ids[offset], changes=self.changes)

    def learn(self, *, changes: int, start: int, user_id: int) -> None:
        """The active user at ``start`` has ``user_id`` under ``changes``."""
        if changes != self.changes or len(self._offsets) >= MAX_CHECKPOINTS:
            self.forget()
            self.changes = changes
        if start < FIRST_REMEMBERED_OFFSET or start in self._ids:
            return
        self._offsets.insert(bisect_right(self._offsets, start), start)
        self._ids[start] = user_id

    def forget(self) -> None:
        self.changes = None
        self._offsets.clear()
        self._ids.clear()


_BY_DATABASE: dict[str, DeepPages] = {}


def deep_pages_of(database: str) -> DeepPages:
    """The checkpoints of the database of this connection name, in this process."""
    found = _BY_DATABASE.get(database)
    if found is None:
        found = _BY_DATABASE[database] = DeepPages()
    return found
