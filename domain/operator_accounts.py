from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from config.settings import Settings
from domain import user_events
from domain.errors import DomainError, ErrorCode, FieldError
from domain.passwords import PasswordHasher
from domain.registration import username_taken
from domain.sql import for_dialect
from domain.validation import (
    clean_email,
    clean_username,
    configured_password_problems,
    username_columns,
    username_key,
)
from models import User

EMAIL_TAKEN_MESSAGE = "A user with that email already exists."
SEED_BATCH = 5000


@dataclass(frozen=True, slots=True)
class OperatorAccounts:
    """Accounts made by an operator (``create-user``) or for demos (``seed``): registration's
    rules without the mailed code, since the operator vouches for the address."""

    hasher: PasswordHasher
    settings: Settings

    async def create(self, *, username: str, email: str, password: str) -> User:
        """Every broken rule reported at once, and nothing created."""
        problems: list[FieldError] = []
        cleaned: dict[str, str] = {}
        for field, clean, value in (
            ("username", clean_username, username),
            ("email", clean_email, email),
        ):
            try:
                cleaned[field] = clean(value)
            except DomainError as error:
                problems.extend(error.errors)
        settings = self.settings
        problems.extend(
            configured_password_problems(password, settings=settings, personal=(username, email))
        )
        if "username" in cleaned and await username_taken(cleaned["username"]):
            problems.append(FieldError.of(ErrorCode.USERNAME_TAKEN, "username"))
        if "email" in cleaned and await User.exists(email=cleaned["email"]):
            problems.append(FieldError(ErrorCode.INVALID_EMAIL, EMAIL_TAKEN_MESSAGE, "email"))
        if problems:
            raise DomainError(problems)
        password_hash = await self.hasher.hash(password)
        try:
            async with in_transaction() as connection:
                user = await User.create(
                    **username_columns(cleaned["username"]),
                    email=cleaned["email"],
                    password_hash=password_hash,
                    using_db=connection,
                )
                await user_events.user_created(
                    user_id=user.id, username=user.username, connection=connection
                )
                return user
        except IntegrityError:  # made meanwhile by someone else
            raise DomainError.single(ErrorCode.USERNAME_TAKEN, field="username") from None

    async def seed(
        self,
        *,
        count: int,
        prefix: str,
        password: str,
        on_batch: Callable[[int], None] | None = None,
    ) -> int:
        """Up to ``count`` users ``{prefix}{n}``, numbered after the highest existing one, sharing
        one password hashed once, one bulk insert a batch; returns how many were made."""
        prefix = clean_username(prefix, field="prefix")
        existing = await User.filter(username_key__startswith=username_key(prefix)).count()
        password_hash = await self.hasher.hash(password)
        connection = User._meta.db
        insert = for_dialect(_SEED_INSERT, connection.capabilities.dialect)
        joined = User._meta.fields_map["date_joined"].to_db_value(datetime.now(UTC), User)
        made = 0
        while made < count:
            size = min(SEED_BATCH, count - made)
            numbers = range(existing + made + 1, existing + made + size + 1)
            rows = [
                [
                    *username_columns(f"{prefix}{number}").values(),
                    f"{prefix}{number}@example.com".lower(),
                    password_hash,
                    True,
                    joined,
                    False,
                    False,
                ]
                for number in numbers
            ]
            try:
                async with in_transaction() as batch:
                    await batch.execute_many(insert, rows)
            except IntegrityError:
                message = f"A {prefix}<n> user already exists; seed with another --prefix."
                raise DomainError.single(ErrorCode.USERNAME_TAKEN, message, "prefix") from None
            made += size
            if on_batch is not None:
                on_batch(size)
        return made


# One statement for a whole batch: making a model object per row cost more than inserting it.
# Every NOT NULL column is named: the models' defaults are Tortoise's, not the database's.
_SEED_INSERT = (
    'INSERT INTO "users" ("username", "username_key", "username_skeleton", "email", '
    '"password_hash", "is_active", "date_joined", "email_notifications", "dark_theme") '
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
