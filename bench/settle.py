"""Each scenario starts on a quiet machine: no statement of the last one still running.

When wrk stops, the servers still work through what it left behind: the DRF peer's one sync
worker answers the requests queued on its socket, each a ``COUNT(*)`` that takes about a
second over a million rows on PostgreSQL, long after its slot. ``settle`` waits until every
server process of the bench (with its children) is idle, and on PostgreSQL until no other
session of the bench's database runs a statement (``pg_stat_activity``).
"""

import asyncio
import os
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import asyncpg

from adapters.database import dialect

#: A process tree using less than this share of one core is idle.
QUIET_SHARE = 0.05
WINDOW_SECONDS = 0.25
TIMEOUT_SECONDS = 120.0
_TICKS = os.sysconf("SC_CLK_TCK")
_PROC = Path("/proc")

_BUSY_SESSIONS = """
SELECT count(*) FROM pg_stat_activity
WHERE datname = current_database() AND pid <> pg_backend_pid()
  AND backend_type = 'client backend' AND state <> 'idle'
"""


def _parents() -> dict[int, int]:
    """Every process id's parent id."""
    parents = {}
    for entry in _PROC.iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # it ended meanwhile
            parents[int(entry.name)] = int(fields[1])
    return parents


def _descendants(roots: Iterable[int]) -> set[int]:
    parents = _parents()
    found = set(roots)
    grew = True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in found} - found
        found |= more
        grew = bool(more)
    return found


def server_cpu_seconds(root: int) -> float:
    """CPU time used so far by the process ``root``, its threads and its children, to the
    nanosecond (``schedstat``): what a server spent, whatever else ran on the machine."""
    total = 0
    for pid in _descendants([root]):
        for task in (_PROC / str(pid) / "task").glob("*"):
            try:
                total += int((task / "schedstat").read_text().split()[0])
            except (OSError, ValueError, IndexError):
                continue  # it ended meanwhile
    return total / 1e9


def cpu_seconds(pids: Iterable[int]) -> float:
    """CPU time used so far by these processes (user and system), ended ones counting 0."""
    total = 0
    for pid in pids:
        try:
            fields = (_PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / _TICKS


async def _busy_sessions(database_url: str) -> int:
    connection = await asyncpg.connect(database_url)
    try:
        busy: int = await connection.fetchval(_BUSY_SESSIONS)
        return busy
    finally:
        await connection.close()


def busy_sessions(database_url: str) -> int:
    """Other sessions of the database running a statement now (0 on SQLite)."""
    if dialect(database_url) != "postgres":
        return 0
    return asyncio.run(_busy_sessions(database_url))


def settle(servers: Iterable[int], database_urls: Sequence[str]) -> float:
    """Wait until the ``servers`` (process ids, with their children) and the databases are
    idle; the seconds waited. Gives up after ``TIMEOUT_SECONDS`` and says so."""
    started = time.monotonic()
    roots = list(servers)
    while time.monotonic() - started < TIMEOUT_SECONDS:
        pids = _descendants(roots)
        before = cpu_seconds(pids)
        time.sleep(WINDOW_SECONDS)
        share = (cpu_seconds(pids) - before) / WINDOW_SECONDS
        if share < QUIET_SHARE and not any(busy_sessions(url) for url in database_urls):
            return time.monotonic() - started
    print(f"  (not idle after {TIMEOUT_SECONDS:.0f}s: measuring anyway)")
    return time.monotonic() - started
