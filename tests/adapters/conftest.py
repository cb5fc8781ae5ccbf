from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from tortoise.context import TortoiseContext

from adapters.database import tortoise_config
from adapters.sqlite_client import LoopReadingSqliteClient


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[LoopReadingSqliteClient]:
    """The service's own SQLite client over a file, as ``main.py serve`` opens it."""
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(f"sqlite://{tmp_path / 'db.sqlite3'}"))
        await ctx.generate_schemas()
        connection = ctx.db("sqlite")
        assert isinstance(connection, LoopReadingSqliteClient)
        yield connection
