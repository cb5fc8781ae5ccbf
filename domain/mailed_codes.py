"""Codes mailed to prove an address: registration, password reset, email change."""

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
    limiter: Limiter
    hasher: PasswordHasher
    clock: Clock
    settings: Settings

    async def store_code(
        self, row: Model, *, replaces: QuerySet[Any], messages: Sequence[EmailMessage]
    ) -> None:
        """Save the new code's row in place of the ones ``replaces`` selects, with its mails in
        the outbox: all of it or nothing."""
        async with in_transaction() as connection:
            await replaces.using_db(connection).delete()
            await row.save(using_db=connection, force_create=True)
            for message in messages:
                await outbox.enqueue(message, settings=self.settings, using_db=connection)


def code_lifetime(seconds: int, *, usable: bool) -> timedelta:
    """Zero when the request may not have a code (an address in use, a reset without an
    account): it runs the same statements, so nobody learns who is registered."""
    return timedelta(seconds=seconds if usable else 0)


async def use_code(
    row: MailedCode | EmailChange, *, now: datetime, connection: BaseDBAsyncClient
) -> None:
    """``INVALID_CODE`` when another request used it first: each code does its work once."""
    claimed = (
        await type(row).filter(id=row.id, used_at=None).using_db(connection).update(used_at=now)
    )
    if claimed != 1:
        raise invalid_code()


def typed_code_digest(verification_code: str) -> str:
    """``REQUIRED`` when blank, ``INVALID_CODE`` when it cannot be a code."""
    code = canonical_uuid(verification_code)
    if code is None:
        if not verification_code.strip():
            raise DomainError.single(ErrorCode.REQUIRED, field=CODE_FIELD)
        raise invalid_code()
    return digest(code)


def invalid_code() -> DomainError:
    """One answer for every code that opens nothing: unknown, used, expired or malformed."""
    return DomainError.single(ErrorCode.INVALID_CODE, field=CODE_FIELD)
