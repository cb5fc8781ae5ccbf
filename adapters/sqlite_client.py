"""Tortoise's SQLite client with short reads run on the event loop, within a CPU budget
(docs/architecture.md#the-hot-path)."""

import sqlite3
import time
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from tortoise.backends.sqlite.client import SqliteClient, translate_exceptions

from adapters.bound_loop import BoundLoopCheck

#: The clock is read every this many virtual-machine steps (25 to 250 µs of work).
STEPS_PER_CHECK = 2_500
#: A read may hold the loop this long after its first check before it is moved off it. An
#: indexed read takes 10 to 300 µs here; a page at a deep offset of a million rows about 2 ms.
READ_BUDGET_SECONDS = 0.002
_MEMORY = (":memory:", "file::memory:")


def on_loop(query: str) -> bool:
    return query.lstrip()[:6].upper() == "SELECT"


class LoopReader:
    """A read-only ``sqlite3`` connection whose statements stop after a time budget."""

    def __init__(self, path: str, *, budget_seconds: float = READ_BUDGET_SECONDS) -> None:
        # No busy wait: a read that finds the file locked goes the thread's way instead.
        self.connection = sqlite3.connect(
            path, isolation_level=None, timeout=0, check_same_thread=False
        )
        self.connection.execute("PRAGMA query_only = ON")
        self.budget_seconds = budget_seconds
        self.deadline: float | None = None
        self.over_budget = False
        self.connection.set_progress_handler(self._check, STEPS_PER_CHECK)

    def _check(self) -> int:
        """Non-zero interrupts the statement. The budget starts at a statement's first check,
        and is kept by the monotonic clock, which is read without a system call (the
        thread's CPU clock takes one): nothing else runs on the loop's thread meanwhile, so
        the two differ only by the time the process waits for a core."""
        now = time.perf_counter()
        if self.deadline is None:
            self.deadline = now + self.budget_seconds
            return 0
        self.over_budget = now > self.deadline
        return int(self.over_budget)

    def rows(self, query: str, values: Sequence[Any] | None) -> list[sqlite3.Row] | None:
        """As ``sqlite3.Row`` (what Tortoise reads); None when it must run off the loop."""
        cursor = self.connection.cursor()
        cursor.row_factory = sqlite3.Row
        return self._fetched(cursor, query, values)

    def dicts(self, query: str, values: Sequence[Any] | None) -> list[dict[str, Any]] | None:
        """None when it must run off the loop."""
        cursor = self.connection.cursor()
        rows = self._fetched(cursor, query, values)
        if rows is None:
            return None
        names = [column[0] for column in cursor.description or ()]
        return _dicts_of_width(len(names))(rows, *names)

    def _fetched(
        self, cursor: sqlite3.Cursor, query: str, values: Sequence[Any] | None
    ) -> list[Any] | None:
        """None when it must run off the loop: over budget, or the file busy (a checkpoint, a
        journal that is not WAL)."""
        self.over_budget = False
        self.deadline = None
        try:
            return cursor.execute(query, values or ()).fetchall()
        except sqlite3.OperationalError as error:
            if self.over_budget or "locked" in str(error):
                return None
            raise

    def close(self) -> None:
        self.connection.close()


class LoopReadingSqliteClient(BoundLoopCheck, SqliteClient):
    """A transaction is Tortoise's own wrapper around the writing connection, so reads inside
    it see its writes."""

    def __init__(self, file_path: str, **kwargs: Any) -> None:
        super().__init__(file_path, **kwargs)
        self.reader: LoopReader | None = None

    async def create_connection(self, with_db: bool) -> None:
        await super().create_connection(with_db)
        # After the writer, which has put the file in WAL mode.
        if self.reader is None and not self.filename.startswith(_MEMORY):
            self.reader = LoopReader(self.filename)

    async def close(self) -> None:
        if self.reader is not None:
            self.reader.close()
            self.reader = None
        await super().close()

    async def _opened(self) -> None:
        """As Tortoise's own statements connect on first use."""
        if self._connection is None:
            async with self._lock:
                await self.create_connection(with_db=True)

    def _reader_for(self, query: str, values: list[Any] | None) -> LoopReader | None:
        if self.reader is None or not on_loop(query):
            return None
        self.log.debug("%s: %s", query, values)  # as Tortoise logs the statements it sends
        return self.reader

    @translate_exceptions
    async def execute_query(
        self, query: str, values: list[Any] | None = None
    ) -> tuple[int, Sequence[dict[str, Any]]]:
        if self._connection is None:
            await self._opened()
        reader = self._reader_for(query, values)
        rows = None if reader is None else reader.rows(_without_nul(query), values)
        if rows is None:
            answer: tuple[int, Sequence[dict[str, Any]]] = await super().execute_query(
                query, values
            )
            return answer
        return len(rows), rows  # type: ignore[return-value]  # rows are mappings, as Tortoise's

    @translate_exceptions
    async def execute_query_dict(
        self, query: str, values: list[Any] | None = None
    ) -> list[dict[str, Any]]:
        if self._connection is None:
            await self._opened()
        reader = self._reader_for(query, values)
        rows = None if reader is None else reader.dicts(_without_nul(query), values)
        if rows is None:
            dicts: list[dict[str, Any]] = await super().execute_query_dict(query, values)
            return dicts
        return rows


RowsToDicts = Callable[..., list[dict[str, Any]]]


@cache
def _dicts_of_width(width: int) -> RowsToDicts:
    """``(rows, *names)`` → ``[dict(zip(names, row)) for row in rows]``, for rows of ``width``
    values: a dict display over unpacked values, which takes a third of the time of
    ``dict(zip(...))`` (15 µs of a REST list's page of 50). Made once per width."""
    names = [f"name{i}" for i in range(width)]
    values = [f"value{i}" for i in range(width)]
    pairs = ", ".join(f"{name}: {value}" for name, value in zip(names, values, strict=True))
    parameters = "".join(f", {name}" for name in names)
    unpacked = "".join(f"{value}, " for value in values) or "()"
    source = f"lambda rows{parameters}: [{{{pairs}}} for {unpacked} in rows]"
    # The source holds only the names made above, never text from the database.
    maker: RowsToDicts = eval(source)  # noqa: S307
    return maker


def _without_nul(query: str) -> str:
    """As Tortoise's client sends it: a NUL spelled out for SQLite."""
    return query.replace("\x00", "'||CHAR(0)||'")


client_class = LoopReadingSqliteClient
