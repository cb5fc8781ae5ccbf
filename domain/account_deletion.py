import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from domain import pictures, user_events
from domain.media import MediaStorage
from domain.password_attempts import check_password
from domain.passwords import PasswordHasher
from domain.ratelimit import Limiter
from domain.sessions import Session, session_ended
from domain.tokens import credentials_changed
from domain.validation import username_key
from models import User

DELETED_PREFIX = "deleted_user_"


@dataclass(frozen=True, slots=True)
class AccountDeletion:
    limiter: Limiter
    hasher: PasswordHasher
    media: MediaStorage

    async def delete(self, *, session: Session, password: str) -> None:
        """Anonymise the caller's account (docs/accounts.md#deleting-an-account): the row stays,
        inactive, so references to its id keep working. A wrong password is ``INVALID_PASSWORD``,
        limited as logins are."""
        user = session.user
        await check_password(
            limiter=self.limiter,
            hasher=self.hasher,
            user=user,
            client_ip=session.client_ip,
            password=password,
            field="password",
        )
        anonymous = f"{DELETED_PREFIX}{secrets.token_hex(8)}"
        async with in_transaction() as connection:
            # The images as they are now, locked: a profile update racing this one either
            # lands first (and its files are deleted here) or finds the account gone.
            # (values() would drop the FOR UPDATE, so the row is read whole.)
            locked = await (
                User.select_for_update()
                .using_db(connection)
                .get_or_none(id=user.id, is_active=True)
            )
            if locked is None:  # deleted meanwhile, by another call of the same account
                raise session_ended()
            images = await pictures.take_all(locked, connection=connection)
            await (
                User.filter(id=user.id)
                .using_db(connection)
                .update(
                    username=anonymous,
                    username_key=username_key(anonymous),
                    # Frees the look of the name too, as the name and address are freed.
                    username_skeleton=None,
                    email=None,
                    # Not a bcrypt hash, so no password can ever match it again.
                    password_hash="!",  # noqa: S106
                    bio=None,
                    website=None,
                    contact_email=None,
                    contact_phone=None,
                    user_config=None,
                    profile_image=None,
                    banner_image=None,
                    is_active=False,
                )
            )
            await credentials_changed(user_id=user.id, now=datetime.now(UTC), connection=connection)
            await user_events.user_deleted(user_id=user.id, connection=connection)
        for key in images:
            await self.media.delete(key)
