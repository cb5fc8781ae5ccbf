"""Every check of a password against an account (login, change, deletion, email change)
under one set of limits and one bounded bcrypt queue (docs/security.md)."""

import hashlib

from domain.errors import DomainError, ErrorCode
from domain.passwords import PasswordHasher
from domain.ratelimit import Limiter
from domain.validation import stored_email, username_key
from models import User


def account_key(identifier: str) -> str:
    """A digest of the lookup's own normalisation, applied whether or not an account has it, so
    a count reveals nothing about who exists and holds no address."""
    normalised = username_key(stored_email(identifier))
    return hashlib.sha256(normalised.encode()).hexdigest()


async def admit_attempt(*, limiter: Limiter, account: str, client_ip: str | None) -> None:
    """``RateLimitedError`` while over a limit, before any lookup or bcrypt work."""
    await limiter.login_ip(client_ip=client_ip)
    await limiter.login_account(account=account, client_ip=client_ip)


async def check_attempt(
    *,
    limiter: Limiter,
    hasher: PasswordHasher,
    account: str,
    client_ip: str | None,
    password: str,
    password_hash: str | None,
) -> bool:
    """``password_hash`` None (no account) fails after the same work; a failure counts towards
    the lockouts, a match ends the run of failures."""
    matches = await hasher.verify(password, password_hash, account=account, client_ip=client_ip)
    if matches:
        await limiter.login_succeeded(account=account, client_ip=client_ip)
    else:
        await limiter.login_failed(account=account, client_ip=client_ip)
    return matches


async def check_password(
    *,
    limiter: Limiter,
    hasher: PasswordHasher,
    user: User,
    client_ip: str | None,
    password: str,
    field: str,
) -> None:
    """Limited and counted as a login by ``user``'s username is."""
    if not password:
        raise DomainError.single(ErrorCode.REQUIRED, field=field)
    account = account_key(user.username)
    await admit_attempt(limiter=limiter, account=account, client_ip=client_ip)
    if not await check_attempt(
        limiter=limiter,
        hasher=hasher,
        account=account,
        client_ip=client_ip,
        password=password,
        password_hash=user.password_hash,
    ):
        raise DomainError.single(ErrorCode.INVALID_PASSWORD, field=field)
