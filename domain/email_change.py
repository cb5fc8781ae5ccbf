from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

import models
from domain import mail, mailed_codes, user_events
from domain.codes import digest, new_verification_code
from domain.mailed_codes import MailedCodeRule
from domain.password_attempts import check_password
from domain.sessions import Session, update_active_account
from domain.tokens import credentials_changed
from domain.validation import clean_email
from models import User

NEW_EMAIL_FIELD = "new_email"


@dataclass(frozen=True, slots=True)
class EmailChange(MailedCodeRule):
    async def request(self, *, session: Session, password: str, new_email: str) -> None:
        """Mail a code to ``new_email`` and a notice to the current address.

        An address already in use gets a notice instead, with the same answer and the same
        statements (the request is written already expired). Rate limited before the password is
        checked; a wrong password is ``INVALID_PASSWORD``.
        """
        user = session.user
        address = clean_email(new_email, field=NEW_EMAIL_FIELD)
        await self.limiter.email_change(account=f"user:{user.id}", email=address)
        await check_password(
            limiter=self.limiter,
            hasher=self.hasher,
            user=user,
            client_ip=session.client_ip,
            password=password,
            field="password",
        )
        settings = self.settings
        code = new_verification_code()
        taken = await User.exists(email=address)
        if taken:
            messages = [mail.email_change_taken_message(settings=settings, to=address)]
        else:
            messages = [
                mail.email_change_message(
                    settings=settings, to=address, username=user.username, code=code
                )
            ]
        if user.email:
            messages.append(
                mail.email_change_requested_message(
                    settings=settings, to=user.email, username=user.username
                )
            )
        now = self.clock.now()
        lifetime = mailed_codes.code_lifetime(settings.email_change_ttl, usable=not taken)
        await self.store_code(
            models.EmailChange(
                user_id=user.id,
                new_email=address,
                code_hash=digest(code),
                created_at=now,
                expires_at=now + lifetime,
            ),
            replaces=models.EmailChange.filter(user_id=user.id, used_at=None),
            messages=messages,
        )

    async def confirm(
        self,
        *,
        session: Session,
        verification_code: str,
        client_ip: str | None = None,
    ) -> User:
        """Move the account to the code's address; its other tokens and its reset codes die.
        Any code that opens nothing, or an address taken meanwhile, is one ``INVALID_CODE``."""
        await self.limiter.email_change_verify(client_ip=client_ip)
        user = session.user
        change = await self._change_for(user, verification_code)
        now = self.clock.now()
        if await User.filter(email=change.new_email).exclude(id=user.id).exists():
            raise mailed_codes.invalid_code()
        try:
            async with in_transaction() as connection:
                await mailed_codes.use_code(change, now=now, connection=connection)
                await update_active_account(user.id, connection=connection, email=change.new_email)
                await user_events.user_updated(
                    user_id=user.id, username=user.username, fields=["email"], connection=connection
                )
                await credentials_changed(
                    user_id=user.id, now=now, connection=connection, keep_token_id=session.token_id
                )
        except IntegrityError:  # the address became another account's after the check above
            raise mailed_codes.invalid_code() from None
        user.email = change.new_email
        return user

    async def _change_for(self, user: User, verification_code: str) -> models.EmailChange:
        change = await models.EmailChange.get_or_none(
            code_hash=mailed_codes.typed_code_digest(verification_code),
            user_id=user.id,
            used_at=None,
            expires_at__gt=self.clock.now(),
        )
        if change is None:
            raise mailed_codes.invalid_code()
        return change
