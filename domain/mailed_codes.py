"""Codes mailed to prove an address (registration, password reset, email change): issuing one
and reading one back as the user typed it."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from config.settings import Settings
from domain import outbox
from domain.clock import Clock
from domain.codes import canonical_uuid, digest
from domain.errors import DomainError, ErrorCode
from domain.passwords import PasswordHasher
from domain.ratelimit import Limiter
from models import EmailChange
from models.mailed_code import MailedCode

CODE_FIELD = "verification_code"


@dataclass(frozen=True, slots=True)
class MailedCodeRule:
    """What a use case proved by a mailed code holds: the limiter that keeps codes from being
    guessed and mailboxes from being bombed, the password hasher, the clock its codes expire
    by, and the settings."""

    limiter: Limiter
    hasher: PasswordHasher
    clock: Clock
    settings: Settings

    async def store_code(
        self, row: Model, *, replaces: QuerySet[Any], messages: Sequence[EmailMessage]
    ) -> None:
        """Save the row of a new code in place of the earlier ones ``replaces`` selects, with
        its mails in the outbox: all of it or nothing."""
        async with in_transaction() as connection:
            await replaces.using_db(connection).delete()
            await row.save(using_db=connection, force_create=True)
            for message in messages:
                await outbox.enqueue(message, settings=self.settings, using_db=connection)


def code_lifetime(seconds: int, *, usable: bool) -> timedelta:
    """How long a new code lives: ``seconds``, or not at all when the request may not have one
    (a registration or an email change to an address in use, a reset of an address without
    an account). Such a request is written born expired, so that it runs the same statements
    as a granted one and nobody learns who is registered."""
    return timedelta(seconds=seconds if usable else 0)


async def use_code(
    row: MailedCode | EmailChange, *, now: datetime, connection: BaseDBAsyncClient
) -> None:
    """Mark the code used in the caller's transaction; ``INVALID_CODE`` when another request
    used it first, so each code does its work once."""
    claimed = (
        await type(row).filter(id=row.id, used_at=None).using_db(connection).update(used_at=now)
    )
    if claimed != 1:
        raise invalid_code()


def typed_code_digest(verification_code: str) -> str:
    """The stored digest of the code the user typed; ``REQUIRED`` when it is blank and
    ``INVALID_CODE`` when it cannot be a code."""
    code = canonical_uuid(verification_code)
    if code is None:
        if not verification_code.strip():
            raise DomainError.single(ErrorCode.REQUIRED, field=CODE_FIELD)
        raise invalid_code()
    return digest(code)


def invalid_code() -> DomainError:
    """One answer for every code that opens nothing: unknown, used, expired or malformed."""
    return DomainError.single(ErrorCode.INVALID_CODE, field=CODE_FIELD)
