"""The two answers a mutation gives, and how a domain call becomes one.

Each mutation names its own payload type (``RegisterPayload``, …) as a subclass of one of
these; the bases never reach the schema themselves.
"""

from collections.abc import Awaitable
from typing import Any, Protocol, Self

import strawberry

from domain.errors import DomainError, ErrorCode
from domain.sessions import Session
from domain.user_view import view_user
from models import User as Account
from schema.context import Context
from schema.types import FieldError, User, field_errors

UNAUTHENTICATED = FieldError(
    field=None, code=ErrorCode.UNAUTHENTICATED, message="Authentication required."
)


class SessionCall(Protocol):
    """A domain call still waiting for the caller's session."""

    def __call__(self, *, session: Session) -> Awaitable[Any]: ...


class _Answer:
    """How a payload is made from a domain call; each payload says what success and
    failure hold."""

    @classmethod
    def succeeded(cls, result: Any) -> Self:
        raise NotImplementedError

    @classmethod
    def failed(cls, errors: list[FieldError]) -> Self:
        raise NotImplementedError

    @classmethod
    def unauthenticated(cls) -> Self:
        return cls.failed([UNAUTHENTICATED])

    @classmethod
    async def of(cls, work: Awaitable[Any]) -> Self:
        """Runs the domain call: success, or its errors."""
        try:
            result = await work
        except DomainError as error:
            return cls.failed(field_errors(error))
        return cls.succeeded(result)

    @classmethod
    async def signed_in(cls, context: Context, work: SessionCall) -> Self:
        """Runs the domain call for the caller's session, or answers ``UNAUTHENTICATED``."""
        session = await context.session()
        if session is None:
            return cls.unauthenticated()
        return await cls.of(work(session=session))


@strawberry.type
class OkPayload(_Answer):
    """Whether the mutation was done, or why not."""

    ok: bool
    errors: list[FieldError]

    @classmethod
    def succeeded(cls, result: object) -> Self:
        return cls(ok=True, errors=[])

    @classmethod
    def failed(cls, errors: list[FieldError]) -> Self:
        return cls(ok=False, errors=errors)


@strawberry.type
class UserPayload(_Answer):
    """The account as the mutation left it, seen by itself, or why not."""

    user: User | None
    errors: list[FieldError]

    @classmethod
    def succeeded(cls, result: Account) -> Self:
        return cls(user=User.from_view(view_user(result, viewer=result)), errors=[])

    @classmethod
    def failed(cls, errors: list[FieldError]) -> Self:
        return cls(user=None, errors=errors)
