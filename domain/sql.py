"""The SQL every request sends, fixed text: building it through the ORM costs more than
running it. Values are always bound, never formatted in."""

from functools import cache


@cache
def for_dialect(sql: str, dialect: str) -> str:
    """PostgreSQL (asyncpg) numbers its placeholders ``$1`` …"""
    if dialect != "postgres":
        return sql
    parts = sql.split("?")
    numbered = (f"{part}${number}" for number, part in enumerate(parts[:-1], start=1))
    return "".join(numbered) + parts[-1]
