"""Telling "the database or Redis is away" (503, no traceback) apart from a fault of ours."""

import errno
import socket

import asyncpg
import coredis.exceptions
from tortoise.exceptions import DBConnectionError

_OUTAGES: tuple[type[BaseException], ...] = (
    ConnectionError,  # refused, reset, aborted
    socket.gaierror,  # the host name does not resolve
    TimeoutError,  # asyncpg's connect and command timeouts (asyncio.TimeoutError too)
    DBConnectionError,
    asyncpg.PostgresConnectionError,  # SQLSTATE class 08, the connection is gone
    asyncpg.exceptions.OperatorInterventionError,  # class 57: terminated, shutting down
    asyncpg.exceptions.InsufficientResourcesError,  # class 53: too many connections
    coredis.exceptions.ConnectionError,
    coredis.exceptions.TimeoutError,
)
_OPERATION_IN_PROGRESS = "cannot switch to state"
_NETWORK_ERRNOS = frozenset({errno.EHOSTUNREACH, errno.ENETUNREACH, errno.ETIMEDOUT})


def is_outage(error: BaseException) -> bool:
    """Of ``error`` or an error it was raised from; only explicit causes (``raise … from``) are
    followed, not an error merely raised while handling another."""
    current: BaseException | None = error
    for _ in range(10):
        if current is None:
            return False
        if isinstance(current, _OUTAGES) or _is_network_failure(current):
            return True
        current = current.__cause__
    return False


def _is_network_failure(error: BaseException) -> bool:
    if isinstance(error, asyncpg.InterfaceError):
        # What asyncpg raises when a pooled connection died under a query.
        return "connection is closed" in str(error)
    if isinstance(error, asyncpg.InternalClientError):
        # "cannot switch to state …; another operation is in progress": a connection whose
        # backend was terminated mid-statement, seen on release or on the next statement
        # (a known asyncpg issue). The connection is discarded (adapters.postgres_client).
        return _OPERATION_IN_PROGRESS in str(error)
    if type(error) is OSError:
        # asyncio reports every failed address of a host at once, without an errno.
        return error.errno in _NETWORK_ERRNOS or str(error).startswith("Multiple exceptions")
    return False


def described(error: BaseException) -> str:
    """Its type and its message, never its repr."""
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
