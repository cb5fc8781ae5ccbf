"""Signing in and out with API tokens."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.expressions import Q

from domain.codes import digest, new_api_token
from domain.errors import DomainError, ErrorCode, FieldError
from domain.services import Services
from domain.sql import for_dialect
from domain.validation import storable, username_key
from models import ApiToken, User

INVALID_CREDENTIALS_MESSAGE = "Unable to log in with provided credentials."
_TOKEN_SCHEMES = ("token", "bearer")
# Recording every use would add a write to every request; once a minute is enough to audit.
_LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Session:
    """The signed-in user of a request and the token that proved it."""

    user: User
    token_id: int


async def login(
    *, services: Services, username: str, password: str, client_ip: str | None = None
) -> str:
    """Issue a new token for a username or email and its password.

    Every failure is the same ``INVALID_CREDENTIALS``, and an unknown account costs the
    same bcrypt work as a wrong password. Attempts are rate limited per client IP and per
    account tried; after ``login_lockout_failures`` consecutive failures the account is
    refused until ``login_lockout_seconds`` pass (``RateLimitedError`` before any bcrypt work).
    """
    identifier = username.strip()
    missing = [
        FieldError(ErrorCode.REQUIRED, "This field is required.", field)
        for field, value in (("username", identifier), ("password", password))
        if not value
    ]
    if missing:
        raise DomainError(missing)
    limiter = services.limiter
    await limiter.login_ip(client_ip=client_ip)
    user = await _account_for(identifier)
    account = f"user:{user.id}" if user else f"name:{username_key(identifier)}"
    await limiter.login_account(account=account)
    password_ok = await services.hasher.verify(password, user.password_hash if user else None)
    if user is None or not password_ok or not user.is_active:
        await limiter.login_failed(account=account)
        raise DomainError.single(ErrorCode.INVALID_CREDENTIALS, INVALID_CREDENTIALS_MESSAGE)
    await limiter.login_succeeded(account=account)
    token = new_api_token()
    await ApiToken.create(token_hash=digest(token), user=user, last_used_at=datetime.now(UTC))
    return token


async def authenticate(token: str) -> Session | None:
    """The session of a live token of an active user, in one query."""
    found = await _live_token(digest(token))
    if found is None:
        return None
    token_id, last_used_at, user = found
    now = datetime.now(UTC)
    if last_used_at is None or now - last_used_at > _LAST_USED_RESOLUTION:
        await ApiToken.filter(id=token_id).update(last_used_at=now)
    return Session(user=user, token_id=token_id)


# Every authenticated request runs this, so its SQL is written once rather than built by
# the ORM each time (that building cost more than the query itself); the user comes back
# as a real model. The one value is a bound parameter.
_SESSION_QUERY = (
    'SELECT t."id" AS "api_tokens.id", t."last_used_at" AS "api_tokens.last_used_at", u.* '
    'FROM "api_tokens" t JOIN "users" u ON u."id" = t."user_id" '
    'WHERE t."token_hash" = ? AND t."revoked_at" IS NULL AND u."is_active"'
)


async def _live_token(token_hash: str) -> tuple[int, datetime | None, User] | None:
    """The id and last use of the live token with this digest, and its active user."""
    connection = ApiToken._meta.db
    sql = for_dialect(_SESSION_QUERY, connection.capabilities.dialect)
    rows = await connection.execute_query_dict(sql, [token_hash])
    if not rows:
        return None
    row = dict(rows[0])
    token_id = int(row.pop("api_tokens.id"))
    last_used_field = ApiToken._meta.fields_map["last_used_at"]
    last_used_at = last_used_field.to_python_value(row.pop("api_tokens.last_used_at"))
    return token_id, last_used_at, User._init_from_db(**row)


async def logout(*, session: Session) -> None:
    """Revoke the token that signed this request in; the account's other tokens stay."""
    await ApiToken.filter(id=session.token_id, revoked_at=None).update(revoked_at=datetime.now(UTC))


def token_from_authorization(header: str | None) -> str | None:
    """The token of an ``Authorization`` header: bare, ``Token <t>`` or ``Bearer <t>``."""
    if header is None:
        return None
    parts = header.split()
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2 and parts[0].lower() in _TOKEN_SCHEMES:
        return parts[1]
    return None


async def _account_for(identifier: str) -> User | None:
    """The account whose username, or else whose email, is ``identifier``."""
    if not storable(identifier):
        return None
    key = username_key(identifier)
    candidates = await User.filter(Q(username_key=key) | Q(email=identifier.lower())).limit(2)
    by_username = [user for user in candidates if user.username_key == key]
    matches = by_username or candidates
    return matches[0] if matches else None
