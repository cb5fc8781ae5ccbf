"""The two answers a mutation gives, and how a domain call becomes one.

Each mutation names its own payload type (``RegisterPayload``, …) as a subclass of one of
these; the bases never reach the schema themselves.
"""

from collections.abc import Awaitable
from typing import Self

import strawberry

from domain.errors import DomainError, ErrorCode
from domain.user_view import view_user
from models import User as Account
from schema.types import FieldError, User, field_errors

UNAUTHENTICATED = FieldError(
    field=None, code=ErrorCode.UNAUTHENTICATED, message="Authentication required."
)


@strawberry.type
class OkPayload:
    """Whether the mutation was done, or why not."""

    ok: bool
    errors: list[FieldError]

    @classmethod
    def unauthenticated(cls) -> Self:
        return cls(ok=False, errors=[UNAUTHENTICATED])

    @classmethod
    async def of(cls, work: Awaitable[object]) -> Self:
        """Runs the domain call: ok, or its errors."""
        try:
            await work
        except DomainError as error:
            return cls(ok=False, errors=field_errors(error))
        return cls(ok=True, errors=[])


@strawberry.type
class UserPayload:
    """The account as the mutation left it, seen by itself, or why not."""

    user: User | None
    errors: list[FieldError]

    @classmethod
    def unauthenticated(cls) -> Self:
        return cls(user=None, errors=[UNAUTHENTICATED])

    @classmethod
    async def of(cls, work: Awaitable[Account]) -> Self:
        """Runs the domain call: the account it returns, or its errors."""
        try:
            account = await work
        except DomainError as error:
            return cls(user=None, errors=field_errors(error))
        return cls(user=User.from_view(view_user(account, viewer=account)), errors=[])
