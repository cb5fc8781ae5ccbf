"""Changing the password, signing out everywhere, and deleting an account."""

import secrets
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from domain.errors import DomainError, ErrorCode
from domain.services import Services
from domain.sessions import Session
from domain.tokens import revoke_tokens
from domain.validation import configured_password_problems, username_key
from models import PasswordReset, User

WRONG_PASSWORD_MESSAGE = "The password is incorrect."  # noqa: S105 - a message
DELETED_PREFIX = "deleted_user_"


async def change_password(
    *, services: Services, session: Session, current_password: str, new_password: str
) -> None:
    """Replace the password after checking the current one.

    Every other token of the account is revoked (the caller's stays) and outstanding
    reset codes stop working. A wrong current password is ``INVALID_PASSWORD``.
    """
    user = session.user
    await check_password(services, user, current_password, field="current_password")
    settings = services.settings
    problems = configured_password_problems(
        new_password,
        settings=settings,
        personal=(user.username, user.email or ""),
        field="new_password",
    )
    if problems:
        raise DomainError(problems)
    password_hash = await services.hasher.hash(new_password)
    async with in_transaction() as connection:
        await User.filter(id=user.id).using_db(connection).update(password_hash=password_hash)
        await (
            PasswordReset.filter(user_id=user.id, used_at=None)
            .using_db(connection)
            .update(used_at=datetime.now(UTC))
        )
        await revoke_tokens(user_id=user.id, keep_token_id=session.token_id, connection=connection)
    user.password_hash = password_hash


async def logout_all(*, session: Session) -> None:
    """Revoke every token of the caller's account, the one used included."""
    await revoke_tokens(user_id=session.user.id)


async def delete_account(*, services: Services, session: Session, password: str) -> None:
    """Anonymise the caller's account after checking its password.

    The row stays (so references to its id keep working) but becomes inactive: it leaves
    every list, cannot sign in, and its tokens and reset codes die. Username and email
    are freed for new accounts; bio, website, contact details, settings and images are
    cleared and the image files deleted. A wrong password is ``INVALID_PASSWORD``.
    """
    user = session.user
    await check_password(services, user, password, field="password")
    anonymous = f"{DELETED_PREFIX}{secrets.token_hex(8)}"
    async with in_transaction() as connection:
        # The images as they are now, locked: a profile update racing this one either
        # lands first (and its files are deleted here) or finds the account gone.
        # (values() would drop the FOR UPDATE, so the row is read whole.)
        locked = await User.select_for_update().using_db(connection).get(id=user.id)
        images = [key for key in (locked.profile_image, locked.banner_image) if key]
        await (
            User.filter(id=user.id)
            .using_db(connection)
            .update(
                username=anonymous,
                username_key=username_key(anonymous),
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
        await (
            PasswordReset.filter(user_id=user.id, used_at=None)
            .using_db(connection)
            .update(used_at=datetime.now(UTC))
        )
        await revoke_tokens(user_id=user.id, connection=connection)
    for key in images:
        await services.media.delete(key)


async def check_password(services: Services, user: User, password: str, *, field: str) -> None:
    """``REQUIRED`` when empty, ``INVALID_PASSWORD`` unless it is the account's password."""
    if not password:
        raise DomainError.single(ErrorCode.REQUIRED, "This field is required.", field)
    if not await services.hasher.verify(password, user.password_hash):
        raise DomainError.single(ErrorCode.INVALID_PASSWORD, WRONG_PASSWORD_MESSAGE, field)
