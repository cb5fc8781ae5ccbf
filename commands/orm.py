from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from tortoise import Tortoise

from domain.database import tortoise_config
from domain.settings import Settings


@asynccontextmanager
async def orm(settings: Settings) -> AsyncIterator[None]:
    """The ORM, connected for one command's work and closed after it."""
    await Tortoise.init(config=tortoise_config(settings.database_url))
    try:
        yield
    finally:
        await Tortoise.close_connections()
