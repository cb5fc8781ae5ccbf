"""Signing in with API tokens, and an account's live sessions (signing out: ``domain.tokens``)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from domain import user_events
from domain.clock import Clock
from domain.codes import digest, new_api_token
from domain.errors import DomainError, ErrorCode, FieldError
from domain.password_attempts import account_key, admit_attempt, check_attempt
from domain.passwords import PasswordHasher
from domain.ratelimit import Limiter
from domain.sql import connection_of, for_dialect
from domain.validation import EMAIL_MAX_LENGTH, has_no_nul, stored_email, username_key
from models import ID_RANGE, ApiToken, User
from models.token import CLIENT_IP_MAX_LENGTH, USER_AGENT_MAX_LENGTH
from models.user import USERNAME_KEY_MAX_LENGTH

_ID_FIELD = "id"
_TOKEN_SCHEMES = ("token", "bearer")
# Recording every use would add a write to every request; once a minute is enough to audit.
_LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Client:
    """The address (by the trusted-proxy rules) and ``User-Agent``, both as sent."""

    ip: str | None = None
    user_agent: str | None = None


@dataclass(frozen=True, slots=True)
class _Cutoffs:
    """A token made at or before ``born_after``, or last used at or before ``used_after``, died."""

    born_after: datetime
    used_after: datetime

    @classmethod
    def at(cls, now: datetime, *, max_age: int, idle_timeout: int) -> "_Cutoffs":
        return cls(
            born_after=now - timedelta(seconds=max_age),
            used_after=now - timedelta(seconds=idle_timeout),
        )


class AccountRecord:
    """The signed-in account's row as the session check read it (its columns from
    ``_ACCOUNT_AT``, in ``_ACCOUNT_COLUMNS``' order), made a ``User`` the first time it is
    asked for and the same ``User`` after. Most calls need only the account's id (a REST
    list, its tag), and making the model cost them about 14 µs, a twentieth of the list."""

    __slots__ = ("_row", "_user", "id")

    def __init__(self, row: Sequence[Any]) -> None:
        self.id: int = row[_ACCOUNT_AT]
        self._row = row
        self._user: User | None = None

    def user(self) -> User:
        if self._user is None:
            values = tuple(self._row)[_ACCOUNT_AT:]
            columns = dict(zip(_ACCOUNT_COLUMNS, values, strict=True))
            columns["date_joined"] = _parsed(columns["date_joined"])
            self._user = User._init_from_db(**columns)
        return self._user


@dataclass(frozen=True, slots=True)
class Session:
    """``expires``: the earlier of its idle and its absolute expiry, unless used again."""

    account: AccountRecord
    token_id: int
    created_at: datetime
    expires_at: datetime
    #: The address the request came from (by the trusted-proxy rules), as ``Client.ip``.
    client_ip: str | None = None

    @property
    def user_id(self) -> int:
        return self.account.id

    @property
    def user(self) -> User:
        return self.account.user()


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """Never the token, nor its digest."""

    id: int
    created_at: datetime
    last_used_at: datetime | None
    user_agent: str | None
    client_ip: str | None
    current: bool


@dataclass(frozen=True, slots=True)
class Sessions:
    limiter: Limiter
    hasher: PasswordHasher
    clock: Clock
    token_max_age: int
    token_idle_timeout: int

    async def login(
        self,
        *,
        username: str,
        password: str,
        client_ip: str | None = None,
        user_agent: str | None = None,
    ) -> str:
        """Every failure is ``INVALID_CREDENTIALS`` after the same bcrypt work; limits and lockout
        as in ``domain.password_attempts``, so a refusal tells nothing about who exists."""
        identifier = username.strip()
        missing = [
            FieldError.of(ErrorCode.REQUIRED, field)
            for field, value in (("username", identifier), ("password", password))
            if not value
        ]
        if missing:
            raise DomainError(missing)
        account = account_key(identifier)
        await admit_attempt(limiter=self.limiter, account=account, client_ip=client_ip)
        found = await _account_for(identifier)
        user = found if found is not None and found.is_active else None
        matches = await check_attempt(
            limiter=self.limiter,
            hasher=self.hasher,
            account=account,
            client_ip=client_ip,
            password=password,
            password_hash=user.password_hash if user is not None else None,
        )
        if user is None or not matches:
            raise DomainError.single(ErrorCode.INVALID_CREDENTIALS)
        token = new_api_token()
        now = self.clock.now()
        await ApiToken.create(
            token_hash=digest(token),
            user=user,
            created_at=now,
            last_used_at=now,
            client_ip=_cut(client_ip, CLIENT_IP_MAX_LENGTH),
            user_agent=_cut(user_agent, USER_AGENT_MAX_LENGTH),
        )
        return token

    async def authenticate(self, token: str, *, client: Client | None = None) -> Session | None:
        """In one query; its last use is written at most once per ``_LAST_USED_RESOLUTION``."""
        now = self.clock.now()
        found = await _active_token(digest(token))
        if found is None:
            return None
        token_id, created_at, last_used_at, account = found
        expires_at = self._expiry(created_at=created_at, last_used_at=last_used_at or created_at)
        if now >= expires_at:
            return None
        if last_used_at is None or now - last_used_at > _LAST_USED_RESOLUTION:
            columns = _client_columns(client) if client is not None else {}
            await ApiToken.filter(id=token_id).update(last_used_at=now, **columns)
            expires_at = self._expiry(created_at=created_at, last_used_at=now)
        return Session(
            account=account,
            token_id=token_id,
            created_at=created_at,
            expires_at=expires_at,
            client_ip=client.ip if client is not None else None,
        )

    def live_tokens(self, *, user_id: int) -> QuerySet[ApiToken]:
        cutoffs = self._cutoffs(self.clock.now())
        recently_used = Q(last_used_at__gt=cutoffs.used_after) | Q(
            last_used_at=None, created_at__gt=cutoffs.used_after
        )
        return ApiToken.filter(
            recently_used, user_id=user_id, revoked_at=None, created_at__gt=cutoffs.born_after
        )

    async def list_sessions(self, *, session: Session) -> list[SessionInfo]:
        """Newest first; the caller's is ``current``."""
        tokens = await self.live_tokens(user_id=session.user_id).order_by("-id")
        return [
            SessionInfo(
                id=token.id,
                created_at=token.created_at,
                last_used_at=token.last_used_at,
                user_agent=token.user_agent,
                client_ip=token.client_ip,
                current=token.id == session.token_id,
            )
            for token in tokens
        ]

    async def revoke_session(self, *, session: Session, session_id: str) -> None:
        """``NOT_FOUND`` for any id of no live session of this account, whoever owns it."""
        wanted = session_id.strip()
        if not wanted:
            raise DomainError.single(ErrorCode.REQUIRED, field=_ID_FIELD)
        token_id = int(wanted) if len(wanted) <= 10 and wanted.isascii() and wanted.isdigit() else 0
        ended = 0
        if token_id in ID_RANGE:
            query = self.live_tokens(user_id=session.user_id).filter(id=token_id)
            async with in_transaction() as connection:
                ended = await query.using_db(connection).update(revoked_at=self.clock.now())
                await _told(session.user_id, token_id if ended == 1 else None, connection)
        if ended != 1:
            raise DomainError.single(ErrorCode.NOT_FOUND)

    def _cutoffs(self, now: datetime) -> _Cutoffs:
        return _Cutoffs.at(now, max_age=self.token_max_age, idle_timeout=self.token_idle_timeout)

    def _expiry(self, *, created_at: datetime, last_used_at: datetime) -> datetime:
        """The instant the token dies unless used again: what ``live_tokens`` filters by."""
        return min(
            created_at + timedelta(seconds=self.token_max_age),
            last_used_at + timedelta(seconds=self.token_idle_timeout),
        )


# Every authenticated request runs this, so its SQL is written once rather than built by
# the ORM each time (that building cost more than the query itself); the user's row
# becomes a real model when a call asks for it (``AccountRecord``). The one value is a
# bound parameter; the token's age is judged in Python (``Sessions._expiry``), as two more
# parameters cost more than the comparisons. Its row is read by position, as the driver
# gives it: no dict of its columns is made for the many calls that never read them.
_ACCOUNT_COLUMNS = tuple(User._meta.fields_db_projection.values())
_ACCOUNT_AT = 3  # after the token's id, creation and last use
_SESSION_QUERY = (
    'SELECT t."id", t."created_at", t."last_used_at", '  # noqa: S608 - the model's own columns
    + ", ".join(f'u."{column}"' for column in _ACCOUNT_COLUMNS)
    + ' FROM "api_tokens" t JOIN "users" u ON u."id" = t."user_id" '
    'WHERE t."token_hash" = ? AND t."revoked_at" IS NULL AND u."is_active"'
)


async def _active_token(
    token_hash: str,
) -> tuple[int, datetime, datetime | None, AccountRecord] | None:
    """Its id, creation, last use and account, unless revoked or of an inactive account;
    whether it has expired is left to the caller."""
    connection = connection_of(ApiToken)
    sql = for_dialect(_SESSION_QUERY, connection.capabilities.dialect)
    _, rows = await connection.execute_query(sql, [token_hash])
    if not rows:
        return None
    # The drivers' rows (sqlite3.Row, asyncpg.Record), which Tortoise types as dicts.
    row: Sequence[Any] = rows[0]  # type: ignore[assignment]
    created_at = _instant(row[1])
    if created_at is None:
        raise ValueError("a token without its creation time")
    return int(row[0]), created_at, _instant(row[2]), AccountRecord(row)


# Any of the token's and the user's timestamps: they are read the same way.
_TIMESTAMP = ApiToken._meta.fields_map["created_at"]


def _instant(value: object) -> datetime | None:
    """A timestamp of the token's: only its instant is read (its age, a token's ``iat`` and
    ``exp``), so an aware one is taken as the database gave it, without Tortoise's move into
    the configured zone (reading the environment each time: 3 µs of every signed-in call)."""
    parsed = _parsed(value)
    if isinstance(parsed, datetime) and parsed.utcoffset() is not None:
        return parsed
    converted: datetime | None = _TIMESTAMP.to_python_value(parsed)
    return converted


def _parsed(value: object) -> object:
    """SQLite's ISO text parsed by ``datetime.fromisoformat``: Tortoise's iso8601 takes ten
    times longer, on every request."""
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value  # left to Tortoise's parser, which reads more forms
    return value


def _client_columns(client: Client) -> dict[str, str | None]:
    """Cut to the lengths the table keeps."""
    return {
        "client_ip": _cut(client.ip, CLIENT_IP_MAX_LENGTH),
        "user_agent": _cut(client.user_agent, USER_AGENT_MAX_LENGTH),
    }


def _cut(text: str | None, length: int) -> str | None:
    return text[:length] if text else None


def session_ended() -> DomainError:
    """``INVALID_TOKEN`` for a call whose account was deleted while it ran."""
    return DomainError.single(ErrorCode.INVALID_TOKEN)


async def update_active_account(
    user_id: int, *, connection: BaseDBAsyncClient | None = None, **values: object
) -> None:
    """``session_ended()`` once the account is inactive: no call begun before a deletion writes
    to the anonymised row."""
    query = User.filter(id=user_id, is_active=True)
    if connection is not None:
        query = query.using_db(connection)
    if not await query.update(**values):
        raise session_ended()


async def _told(user_id: int, token_id: int | None, connection: BaseDBAsyncClient) -> None:
    ended = [] if token_id is None else [token_id]
    await user_events.sessions_revoked(user_id=user_id, session_ids=ended, connection=connection)


def token_from_authorization(header: str | None) -> str | None:
    """Bare, ``Token <t>`` or ``Bearer <t>``."""
    if header is None:
        return None
    parts = header.split()
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2 and parts[0].lower() in _TOKEN_SCHEMES:
        return parts[1]
    return None


async def _account_for(identifier: str) -> User | None:
    """By username, else email; no query for text no account's name or address could be."""
    if not has_no_nul(identifier):
        return None
    key = username_key(identifier)
    email = stored_email(identifier)
    lookups = [
        lookup
        for lookup, fits in (
            (Q(username_key=key), len(key) <= USERNAME_KEY_MAX_LENGTH),
            (Q(email=email), len(email) <= EMAIL_MAX_LENGTH),
        )
        if fits
    ]
    if not lookups:
        return None
    candidates = await User.filter(Q(*lookups, join_type=Q.OR)).limit(2)
    by_username = [user for user in candidates if user.username_key == key]
    matches = by_username or candidates
    return matches[0] if matches else None
