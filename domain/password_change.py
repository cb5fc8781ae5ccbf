"""Changing one's password, after proving the current one."""

from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from config.settings import Settings
from domain import user_events
from domain.errors import DomainError, ErrorCode
from domain.passwords import PasswordHasher
from domain.sessions import Session
from domain.tokens import credentials_changed
from domain.validation import configured_password_problems
from models import User

WRONG_PASSWORD_MESSAGE = "The password is incorrect."  # noqa: S105 - a message


@dataclass(frozen=True, slots=True)
class PasswordChange:
    """A signed-in caller's new password."""

    hasher: PasswordHasher
    settings: Settings

    async def change(self, *, session: Session, current_password: str, new_password: str) -> None:
        """Replace the password after checking the current one.

        Every other token of the account is revoked (the caller's stays) and outstanding
        reset codes stop working. A wrong current password is ``INVALID_PASSWORD``.
        """
        user = session.user
        await check_password(self.hasher, user, current_password, field="current_password")
        problems = configured_password_problems(
            new_password,
            settings=self.settings,
            personal=(user.username, user.email or ""),
            field="new_password",
        )
        if problems:
            raise DomainError(problems)
        password_hash = await self.hasher.hash(new_password)
        async with in_transaction() as connection:
            await User.filter(id=user.id).using_db(connection).update(password_hash=password_hash)
            await user_events.user_updated(
                user_id=user.id, username=user.username, fields=["password"], connection=connection
            )
            await credentials_changed(
                user_id=user.id,
                now=datetime.now(UTC),
                connection=connection,
                keep_token_id=session.token_id,
            )
        user.password_hash = password_hash


async def check_password(hasher: PasswordHasher, user: User, password: str, *, field: str) -> None:
    """``REQUIRED`` when empty, ``INVALID_PASSWORD`` unless it is the account's password."""
    if not password:
        raise DomainError.single(ErrorCode.REQUIRED, "This field is required.", field)
    if not await hasher.verify(password, user.password_hash):
        raise DomainError.single(ErrorCode.INVALID_PASSWORD, WRONG_PASSWORD_MESSAGE, field)
