"""Signing out: this request's token, or every token of the account."""

from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from domain import user_events
from domain.sessions import Session
from domain.sql import for_dialect
from models import ApiToken, PasswordReset

# One statement that revokes and says which it revoked, for user.sessions_revoked. No token
# has id 0, so without one to keep the last condition keeps every token in.
_REVOKE = (
    'UPDATE "api_tokens" SET "revoked_at" = ? '
    'WHERE "user_id" = ? AND "revoked_at" IS NULL AND "id" <> ? RETURNING "id"'
)


async def revoke_tokens(
    *, user_id: int, keep_token_id: int | None = None, connection: BaseDBAsyncClient
) -> int:
    """All but ``keep_token_id``, in the caller's transaction, told as ``user.sessions_revoked``."""
    sql = for_dialect(_REVOKE, connection.capabilities.dialect)
    revoked_at = ApiToken._meta.fields_map["revoked_at"].to_db_value(
        datetime.now(UTC),
        # The field sets no time of its own (no auto_now), so it never reads the model.
        ApiToken,  # pragma: no mutate
    )
    rows = await connection.execute_query_dict(sql, [revoked_at, user_id, keep_token_id or 0])
    revoked = [int(row["id"]) for row in rows]
    # As in ``credentials_changed``: the event joins the caller's transaction, named or not.
    await user_events.sessions_revoked(
        user_id=user_id,
        session_ids=revoked,
        connection=connection,  # pragma: no mutate
    )
    return len(revoked)


async def logout(*, session: Session) -> None:
    async with in_transaction() as connection:
        # Both statements join the transaction whether or not its connection is named
        # (see ``credentials_changed``), so mutants that drop the name are equivalent.
        ended = await (
            ApiToken.filter(id=session.token_id, revoked_at=None)
            .using_db(connection)  # pragma: no mutate
            .update(revoked_at=datetime.now(UTC))
        )
        await user_events.sessions_revoked(
            user_id=session.user.id,
            session_ids=[session.token_id] if ended else [],
            connection=connection,  # pragma: no mutate
        )


async def logout_all(*, session: Session) -> None:
    async with in_transaction() as connection:
        await revoke_tokens(user_id=session.user.id, connection=connection)


async def credentials_changed(
    *, user_id: int, now: datetime, connection: BaseDBAsyncClient, keep_token_id: int | None = None
) -> None:
    """After a new password or address: reset codes and all tokens but ``keep_token_id`` die."""
    codes = PasswordReset.filter(user_id=user_id, used_at=None)
    # Naming the connection is for the reader: inside ``in_transaction()`` Tortoise sends
    # every query through the transaction anyway, so mutants that drop it are equivalent.
    await codes.using_db(connection).update(used_at=now)  # pragma: no mutate
    await revoke_tokens(user_id=user_id, keep_token_id=keep_token_id, connection=connection)
