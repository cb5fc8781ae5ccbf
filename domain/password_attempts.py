"""Every check of a password against an account, counted once: logins and the signed-in
calls that ask for the password (change, deletion, email change) share one set of limits
and one bounded queue of bcrypt work."""

import hashlib

from domain.errors import DomainError, ErrorCode
from domain.passwords import PasswordHasher
from domain.ratelimit import Limiter
from domain.validation import stored_email, username_key
from models import User


def account_key(identifier: str) -> str:
    """The name under which attempts on ``identifier`` are counted: the address as stored
    when it is one, the folded text otherwise — the lookup's own normalisation, applied alike
    whether or not an account has it, so a count reveals nothing about who exists.

    A digest, so a counter's key is short however long the text, and holds no address."""
    normalised = username_key(stored_email(identifier))
    return hashlib.sha256(normalised.encode()).hexdigest()


async def admit_attempt(*, limiter: Limiter, account: str, client_ip: str | None) -> None:
    """Refuse an attempt on ``account`` (``account_key``) from ``client_ip`` while the address,
    the account, or the account from this address is over its limits (``RateLimitedError``),
    before any lookup or bcrypt work."""
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
    """Whether ``password`` matches ``password_hash`` (None: no account, which fails after
    the same work), for an attempt ``admit_attempt`` let in; a failure counts towards the
    lockouts, a match ends the run of failures. The bcrypt work waits in the hasher's
    bounded queue as ``account`` and ``client_ip`` (``RateLimitedError`` when it is full)."""
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
    """``REQUIRED`` when empty, ``INVALID_PASSWORD`` unless it is ``user``'s password: an
    attempt on the account's username from ``client_ip``, limited and counted as a login
    by that name is (``RateLimitedError``)."""
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
