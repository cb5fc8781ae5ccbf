from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

import models
from domain import mailed_codes, user_events
from domain.codes import digest, new_verification_code
from domain.errors import DomainError
from domain.mail import no_account_reset_message, password_reset_message
from domain.mailed_codes import MailedCodeRule
from domain.password_attempts import account_key
from domain.tokens import credentials_changed
from domain.validation import clean_email, configured_password_problems
from models import User


@dataclass(frozen=True, slots=True)
class PasswordReset(MailedCodeRule):
    async def request(self, *, email: str, client_ip: str | None = None) -> None:
        """Mail a reset code, or a notice that no account uses the address, with the same answer
        and the same statements either way (docs/accounts.md#password-reset)."""
        address = clean_email(email)
        await self.limiter.password_reset(client_ip=client_ip, email=address)
        settings = self.settings
        code = new_verification_code()
        user = await User.get_or_none(email=address, is_active=True)
        if user is None:
            message = no_account_reset_message(settings=settings, to=address)
        else:
            message = password_reset_message(
                settings=settings, to=address, username=user.username, code=code
            )
        lifetime = mailed_codes.code_lifetime(settings.password_reset_ttl, usable=user is not None)
        # No account has id 0, so without one this is the same statement matching nothing.
        owner_id = user.id if user else 0
        await self.store_code(
            models.PasswordReset(
                user=user, code_hash=digest(code), expires_at=self.clock.now() + lifetime
            ),
            replaces=models.PasswordReset.filter(user_id=owner_id, used_at=None),
            messages=[message],
        )

    async def reset(
        self, *, verification_code: str, password: str, client_ip: str | None = None
    ) -> User:
        """The code works once, and every token dies; a dud code is ``INVALID_CODE``."""
        await self.limiter.password_reset_verify(client_ip=client_ip)
        reset, user = await _reset_for(verification_code, now=self.clock.now())
        settings = self.settings
        problems = configured_password_problems(
            password, settings=settings, personal=(user.username, user.email or "")
        )
        if problems:
            raise DomainError(problems)
        password_hash = await self.hasher.hash(
            password, account=account_key(user.username), client_ip=client_ip
        )
        now = self.clock.now()
        async with in_transaction() as connection:
            await mailed_codes.use_code(reset, now=now, connection=connection)
            await User.filter(id=user.id).using_db(connection).update(password_hash=password_hash)
            await user_events.user_updated(
                user_id=user.id, username=user.username, fields=["password"], connection=connection
            )
            await credentials_changed(user_id=user.id, now=now, connection=connection)
        user.password_hash = password_hash
        return user


async def _reset_for(verification_code: str, *, now: datetime) -> tuple[models.PasswordReset, User]:
    code_hash = mailed_codes.typed_code_digest(verification_code)
    reset = (
        await models.PasswordReset.filter(
            code_hash=code_hash,
            used_at=None,
            expires_at__gt=now,
            user__is_active=True,
        )
        .select_related("user")
        .first()
    )
    if reset is None or reset.user is None:  # the join already excludes rows with no account
        raise mailed_codes.invalid_code()
    return reset, reset.user
