"""Which failures mean "a backing service is away" (503) rather than a fault (500)."""

import asyncpg
import coredis.exceptions
import pytest
from tortoise.exceptions import DBConnectionError, OperationalError

from adapters.availability import is_outage


def raised_from(cause: BaseException) -> BaseException:
    try:
        raise RuntimeError("wrapped") from cause
    except RuntimeError as error:
        return error


def raised_while_handling(earlier: BaseException) -> BaseException:
    try:
        try:
            raise earlier
        except type(earlier):
            raise ValueError("a bug in the handler")  # noqa: B904 - the point of the test
    except ValueError as error:
        return error


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(111, "Connection refused"),
        ConnectionResetError(),
        TimeoutError(),
        OSError("Multiple exceptions: [Errno 111] Connect call failed ('::1', 5432, 0, 0)"),
        DBConnectionError("can't connect"),
        asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        asyncpg.AdminShutdownError("terminating connection due to administrator command"),
        asyncpg.CannotConnectNowError("the database system is starting up"),
        asyncpg.TooManyConnectionsError("sorry, too many clients already"),
        asyncpg.InterfaceError("cannot call Connection.fetch(): connection is closed"),
        coredis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379"),
        raised_from(ConnectionRefusedError()),
        # Issue 16, point 18: from pool release and bind_execute after pg_terminate_backend.
        asyncpg.InternalClientError(
            "cannot switch to state 15; another operation (2) is in progress"
        ),
        raised_from(
            asyncpg.InternalClientError(
                "cannot switch to state 12; another operation (1) is in progress"
            )
        ),
    ],
    ids=repr,
)
def test_outages(error: BaseException) -> None:
    assert is_outage(error)


@pytest.mark.parametrize(
    "error",
    [
        ValueError("bad"),
        FileNotFoundError(2, "No such file"),
        PermissionError(13, "Permission denied"),
        OperationalError("syntax error at or near"),
        asyncpg.InterfaceError("another operation is in progress"),
        asyncpg.InternalClientError("PoolConnectionHolder.release() called on a free holder"),
        raised_while_handling(ConnectionRefusedError()),
    ],
    ids=repr,
)
def test_faults(error: BaseException) -> None:
    assert not is_outage(error)
