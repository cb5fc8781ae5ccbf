"""Counting the SQL statements a request sends, on whichever database the test runs."""

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from tortoise.context import TortoiseContext

from adapters.database import APP
from models import User

_EXECUTE_METHODS = (
    "execute_query",
    "execute_query_dict",
    "execute_insert",
    "execute_many",
    "execute_script",
)


class StatementLog:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def clear(self) -> None:
        self.statements.clear()

    def __len__(self) -> int:
        return len(self.statements)


@contextmanager
def counting_statements(
    db: TortoiseContext, monkeypatch: pytest.MonkeyPatch
) -> Iterator[StatementLog]:
    """Record every statement sent through the models' connection while inside."""
    assert User._meta.app == APP
    client = db.connections.get(User._meta.default_connection or "")
    log = StatementLog()

    def counted(method: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def execute(query: str, *args: Any, **kwargs: Any) -> Any:
            log.statements.append(query)
            return await method(query, *args, **kwargs)

        return execute

    with monkeypatch.context() as patch:
        for name in _EXECUTE_METHODS:
            patch.setattr(client, name, counted(getattr(client, name)))
        yield log
