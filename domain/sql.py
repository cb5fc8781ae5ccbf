"""Hot SQL written once with ``?`` placeholders and rendered once per dialect.

Building a statement through the ORM on every request costs more than running it, so the
statements every request sends are fixed text; values are always bound, never formatted in.
"""

from functools import cache


@cache
def for_dialect(sql: str, dialect: str) -> str:
    """``sql`` for ``dialect``: PostgreSQL (asyncpg) numbers its placeholders ``$1`` …"""
    if dialect != "postgres":
        return sql
    parts = sql.split("?")
    numbered = (f"{part}${number}" for number, part in enumerate(parts[:-1], start=1))
    return "".join(numbered) + parts[-1]
