"""Rate limits and login lockout, counted once in the domain for every transport.

Counters live in a ``limits`` storage that ``adapters.limiter_storage`` chooses: memory, or
Redis when ``FLOWBACK_REDIS_URL`` is set so that several server processes share them. Each
call of a limited operation counts once, however it arrived: two aliased GraphQL fields are
two calls. Limits use moving windows, so a burst
at the edge of a window does not buy twice the budget.
"""

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from limits import RateLimitItem, RateLimitItemPerSecond, parse
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter

from config.settings import Settings
from domain.errors import DomainError, ErrorCode, FieldError

LOCKED_OUT_MESSAGE = "Too many failed sign-in attempts; try again later."
_UNKNOWN_CLIENT = "unknown"


class RateLimitedError(DomainError):
    """A refused call; ``retry_after`` is the whole seconds until it may succeed."""

    def __init__(self, *, retry_after: int, message: str = ErrorCode.RATE_LIMITED.message) -> None:
        super().__init__([FieldError(code=ErrorCode.RATE_LIMITED, message=message)])
        self.retry_after = max(retry_after, 1)


@dataclass(frozen=True, slots=True)
class _Limit:
    """A limit and the name its counters are kept under: the setting that sets it."""

    name: str
    item: RateLimitItem

    @classmethod
    def rate(cls, settings: Settings, name: str) -> "_Limit":
        """The rate the setting ``name`` holds (``10/minute``)."""
        return cls(name, parse(getattr(settings, name)))

    @classmethod
    def failures(cls, settings: Settings, name: str) -> "_Limit":
        """The count of failures the setting ``name`` holds, over the lockout's window."""
        item = RateLimitItemPerSecond(getattr(settings, name), settings.login_lockout_seconds)
        # A counter's key holds its limit's amount and window too, and the settings keep the
        # two lockouts' amounts apart, so a mutant that drops this name is equivalent.
        return cls(name, item)  # pragma: no mutate


class Limiter:
    """The service's rate limits and the login lockout, over one counter storage."""

    def __init__(
        self, *, settings: Settings, storage: Storage, close: Callable[[], None] | None = None
    ) -> None:
        self._window = MovingWindowRateLimiter(storage)
        self._storage = storage
        self._close = close
        rate = partial(_Limit.rate, settings)
        self._login_ip = rate("rate_limit_login_ip")
        self._login_account = rate("rate_limit_login_account")
        self._register_ip = rate("rate_limit_register_ip")
        self._register_email = rate("rate_limit_register_email")
        self._verify_ip = rate("rate_limit_verify_ip")
        self._password_reset_ip = rate("rate_limit_password_reset_ip")
        self._password_reset_email = rate("rate_limit_password_reset_email")
        self._password_reset_verify_ip = rate("rate_limit_password_reset_verify_ip")
        self._email_change_account = rate("rate_limit_email_change_account")
        self._email_change_email = rate("rate_limit_email_change_email")
        self._email_change_verify_ip = rate("rate_limit_email_change_verify_ip")
        self._lockout = _Limit.failures(settings, "login_lockout_failures")
        self._address_lockout = _Limit.failures(settings, "login_lockout_address_failures")

    async def register(self, *, client_ip: str | None, email: str) -> None:
        """Count a registration from ``client_ip`` mailing ``email``; RateLimitedError when over."""
        await self._hit((self._register_ip, _client(client_ip)), (self._register_email, email))

    async def verify(self, *, client_ip: str | None) -> None:
        """Count a verification-code attempt from ``client_ip``; RateLimitedError when over."""
        await self._hit((self._verify_ip, _client(client_ip)))

    async def password_reset(self, *, client_ip: str | None, email: str) -> None:
        """Count a reset request from ``client_ip`` for ``email``; RateLimitedError when over.

        ``email`` counts whether or not it has an account, so the limit reveals nothing.
        """
        await self._hit(
            (self._password_reset_ip, _client(client_ip)), (self._password_reset_email, email)
        )

    async def password_reset_verify(self, *, client_ip: str | None) -> None:
        """Count a reset-code attempt from ``client_ip``; RateLimitedError when over."""
        await self._hit((self._password_reset_verify_ip, _client(client_ip)))

    async def email_change(self, *, account: str, email: str) -> None:
        """Count an email-change request by ``account`` to ``email``; RateLimitedError when over.

        ``email`` counts whether or not it has an account, so the limit reveals nothing.
        """
        await self._hit((self._email_change_account, account), (self._email_change_email, email))

    async def email_change_verify(self, *, client_ip: str | None) -> None:
        """Count an email-change code attempt from ``client_ip``; RateLimitedError when over."""
        await self._hit((self._email_change_verify_ip, _client(client_ip)))

    async def login_ip(self, *, client_ip: str | None) -> None:
        """Count a login attempt from ``client_ip``; RateLimitedError when over."""
        await self._hit((self._login_ip, _client(client_ip)))

    async def login_account(self, *, account: str, client_ip: str | None) -> None:
        """Count an attempt at the password of ``account`` from ``client_ip``; refuse it while
        the account is locked out, or locked out for this address, or over its rate here.

        ``account`` is what the caller typed, normalised (``domain.password_attempts``), with
        or without an account behind it, so a refusal tells nothing about who exists; it is
        decided before the password is checked, so it never depends on whether it was right.
        """
        pair = _pair(account, client_ip)
        for limit, key in ((self._lockout, account), (self._address_lockout, pair)):
            if not await self._window.test(limit.item, limit.name, key):
                stats = await self._window.get_window_stats(limit.item, limit.name, key)
                raise RateLimitedError(
                    retry_after=_seconds_until(stats.reset_time), message=LOCKED_OUT_MESSAGE
                )
        await self._hit((self._login_account, pair))

    async def login_failed(self, *, account: str, client_ip: str | None) -> None:
        """One more consecutive failure towards the lockout of ``account``, from everywhere
        and from ``client_ip``. An address locked out of the account is refused before its
        password is checked, so no one address adds more than its own limit to the account's."""
        pair = _pair(account, client_ip)
        for limit, key in ((self._lockout, account), (self._address_lockout, pair)):
            await self._window.hit(limit.item, limit.name, key)

    async def login_succeeded(self, *, account: str, client_ip: str | None) -> None:
        """A correct password ends the run of consecutive failures, everywhere and here."""
        pair = _pair(account, client_ip)
        for limit, key in ((self._lockout, account), (self._address_lockout, pair)):
            await self._window.clear(limit.item, limit.name, key)

    async def reset(self) -> None:
        """Forget every counter under this limiter's key prefix."""
        await self._storage.reset()

    async def check(self) -> bool:
        """Whether the counter storage answers."""
        try:
            return await self._storage.check()
        except Exception:
            return False

    def close(self) -> None:
        """Drop the connections to the counter storage, if it has any."""
        if self._close is not None:
            self._close()

    async def _hit(self, *counts: tuple[_Limit, str]) -> None:
        for limit, key in counts:
            if not await self._window.hit(limit.item, limit.name, key):
                stats = await self._window.get_window_stats(limit.item, limit.name, key)
                raise RateLimitedError(retry_after=_seconds_until(stats.reset_time))


def _client(client_ip: str | None) -> str:
    return client_ip or _UNKNOWN_CLIENT


def _pair(account: str, client_ip: str | None) -> str:
    """The key of ``account`` tried from ``client_ip``."""
    return f"{account}@{_client(client_ip)}"


def _seconds_until(reset_time: float) -> int:
    return math.ceil(reset_time - time.time())
