from dataclasses import dataclass
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from domain import mailed_codes, user_events
from domain.codes import digest, new_verification_code
from domain.errors import DomainError, ErrorCode, FieldError
from domain.mail import existing_account_message, verification_message
from domain.mailed_codes import MailedCodeRule
from domain.sql import for_dialect
from domain.validation import (
    clean_email,
    clean_username,
    configured_password_problems,
    username_columns,
    username_key,
    username_skeleton,
)
from models import PendingRegistration, User


async def username_taken(username: str, *, owner_id: int | None = None) -> bool:
    """By another account than ``owner_id``'s, or a look-alike: the same folded key or
    skeleton."""
    query = User.filter(
        Q(username_key=username_key(username)) | Q(username_skeleton=username_skeleton(username))
    )
    if owner_id is not None:
        query = query.exclude(id=owner_id)
    return await query.exists()


@dataclass(frozen=True, slots=True)
class Registration(MailedCodeRule):
    async def register(self, *, username: str, email: str, client_ip: str | None = None) -> None:
        """Mail a code, or a notice when the address has an account: the same answer and the same
        statements either way (docs/accounts.md#registration); nothing is sent here."""
        username, email = _clean_registration(username, email)
        await self.limiter.register(client_ip=client_ip, email=email)
        if await username_taken(username):
            raise DomainError.single(ErrorCode.USERNAME_TAKEN, field="username")
        settings = self.settings
        code = new_verification_code()
        taken = await User.exists(email=email)
        lifetime = mailed_codes.code_lifetime(settings.verification_ttl, usable=not taken)
        if taken:
            message = existing_account_message(settings=settings, to=email)
        else:
            message = verification_message(
                settings=settings, to=email, username=username, code=code
            )
        await self.store_code(
            PendingRegistration(
                username=username,
                email=email,
                code_hash=digest(code),
                expires_at=self.clock.now() + lifetime,
            ),
            replaces=PendingRegistration.filter(email=email, used_at=None),
            messages=[message],
        )

    async def verify(
        self, *, verification_code: str, password: str, client_ip: str | None = None
    ) -> User:
        """Each code creates at most one account."""
        await self.limiter.verify(client_ip=client_ip)
        now = self.clock.now()
        pending = await _pending_for(verification_code, now=now)
        settings = self.settings
        problems = configured_password_problems(
            password, settings=settings, personal=(pending.username, pending.email)
        )
        if problems:
            raise DomainError(problems)
        if await username_taken(pending.username):
            raise await _conflict(pending)
        password_hash = await self.hasher.hash(password, client_ip=client_ip)
        try:
            return await _claim(pending, password_hash, now=now)
        except IntegrityError:
            raise await _conflict(pending) from None


async def _conflict(pending: PendingRegistration) -> DomainError:
    """Its code was used meanwhile, or its username taken."""
    if await PendingRegistration.exists(id=pending.id, used_at=None) and await username_taken(
        pending.username
    ):
        return DomainError.single(ErrorCode.USERNAME_TAKEN, field="username")
    return mailed_codes.invalid_code()


async def _claim(pending: PendingRegistration, password_hash: str, *, now: datetime) -> User:
    async with in_transaction() as connection:
        await mailed_codes.use_code(pending, now=now, connection=connection)
        user = await User.create(
            **username_columns(pending.username),
            email=pending.email,
            password_hash=password_hash,
            using_db=connection,
        )
        await user_events.user_created(
            user_id=user.id, username=user.username, connection=connection
        )
        return user


async def _pending_for(verification_code: str, *, now: datetime) -> PendingRegistration:
    pending = await PendingRegistration.get_or_none(
        code_hash=mailed_codes.typed_code_digest(verification_code),
        used_at=None,
        expires_at__gt=now,
    )
    if pending is None:
        raise mailed_codes.invalid_code()
    return pending


def _clean_registration(username: str, email: str) -> tuple[str, str]:
    errors: list[FieldError] = []
    cleaned: list[str] = []
    for clean, value in ((clean_username, username), (clean_email, email)):
        try:
            cleaned.append(clean(value))
        except DomainError as error:
            errors.extend(error.errors)
    if errors:
        raise DomainError(errors)
    return cleaned[0], cleaned[1]


async def store_username_skeletons(connection: BaseDBAsyncClient) -> int:
    """Recompute every active account's skeleton in id order: the earliest of look-alikes keeps
    it, later ones get NULL. Run by migration 8 and ``python main.py reskeleton``."""
    dialect = connection.capabilities.dialect
    rows = await connection.execute_query_dict(
        'SELECT "id", "username" FROM "users" WHERE "is_active" ORDER BY "id"'
    )
    firsts: dict[str, int] = {}
    for row in rows:
        firsts.setdefault(username_skeleton(row["username"]), row["id"])
    await connection.execute_query('UPDATE "users" SET "username_skeleton" = NULL')
    update = for_dialect('UPDATE "users" SET "username_skeleton" = ? WHERE "id" = ?', dialect)
    if firsts:
        await connection.execute_many(update, [[skeleton, id_] for skeleton, id_ in firsts.items()])
    return len(firsts)
