from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from config.settings import Settings
from domain import user_events
from domain.errors import DomainError
from domain.password_attempts import account_key, check_password
from domain.passwords import PasswordHasher
from domain.ratelimit import Limiter
from domain.sessions import Session, update_active_account
from domain.tokens import credentials_changed
from domain.validation import configured_password_problems


@dataclass(frozen=True, slots=True)
class PasswordChange:
    limiter: Limiter
    hasher: PasswordHasher
    settings: Settings

    async def change(self, *, session: Session, current_password: str, new_password: str) -> None:
        """The account's other tokens and its reset codes die; a wrong current password is
        ``INVALID_PASSWORD``, limited as logins are."""
        user = session.user
        await check_password(
            limiter=self.limiter,
            hasher=self.hasher,
            user=user,
            client_ip=session.client_ip,
            password=current_password,
            field="current_password",
        )
        problems = configured_password_problems(
            new_password,
            settings=self.settings,
            personal=(user.username, user.email or ""),
            field="new_password",
        )
        if problems:
            raise DomainError(problems)
        password_hash = await self.hasher.hash(
            new_password, account=account_key(user.username), client_ip=session.client_ip
        )
        async with in_transaction() as connection:
            await update_active_account(user.id, connection=connection, password_hash=password_hash)
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
