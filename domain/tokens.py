"""Revoking API tokens in bulk, for the operations that end sessions (signing out everywhere)."""

from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from domain.sessions import Session
from models import ApiToken, PasswordReset


async def revoke_tokens(
    *, user_id: int, keep_token_id: int | None = None, connection: BaseDBAsyncClient | None = None
) -> int:
    """Revoke every live token of the user except ``keep_token_id``; returns how many."""
    query = ApiToken.filter(user_id=user_id, revoked_at=None)
    if keep_token_id is not None:
        query = query.exclude(id=keep_token_id)
    # Naming the connection is for the reader: inside ``in_transaction()`` Tortoise sends
    # every query through the transaction anyway, so mutants that drop it are equivalent.
    if connection is not None:  # pragma: no mutate
        query = query.using_db(connection)  # pragma: no mutate
    revoked: int = await query.update(revoked_at=datetime.now(UTC))
    return revoked


async def logout_all(*, session: Session) -> None:
    """Revoke every token of the caller's account, the one used included."""
    await revoke_tokens(user_id=session.user.id)


async def credentials_changed(
    *, user_id: int, now: datetime, connection: BaseDBAsyncClient, keep_token_id: int | None = None
) -> None:
    """What follows a new password or address, in the caller's transaction: the account's
    unused reset codes stop working and its tokens die, all but ``keep_token_id``."""
    codes = PasswordReset.filter(user_id=user_id, used_at=None)
    await codes.using_db(connection).update(used_at=now)  # pragma: no mutate (see revoke_tokens)
    await revoke_tokens(
        user_id=user_id,
        keep_token_id=keep_token_id,
        connection=connection,  # pragma: no mutate (see revoke_tokens)
    )
