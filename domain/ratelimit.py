"""Rate limits and login lockout, for every transport (docs/security.md#rate-limits); each
call counts once however it arrived (two aliased GraphQL fields are two calls)."""

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
    """``retry_after``: whole seconds until it may succeed."""

    def __init__(self, *, retry_after: int, message: str = ErrorCode.RATE_LIMITED.message) -> None:
        super().__init__([FieldError(code=ErrorCode.RATE_LIMITED, message=message)])
        self.retry_after = max(retry_after, 1)


@dataclass(frozen=True, slots=True)
class _Limit:
    """Its counters are kept under the name of the setting that sets it."""

    name: str
    item: RateLimitItem

    @classmethod
    def rate(cls, settings: Settings, name: str) -> "_Limit":
        return cls(name, parse(getattr(settings, name)))

    @classmethod
    def failures(cls, settings: Settings, name: str) -> "_Limit":
        item = RateLimitItemPerSecond(getattr(settings, name), settings.login_lockout_seconds)
        # A counter's key holds its limit's amount and window too, and the settings keep the
        # two lockouts' amounts apart, so a mutant that drops this name is equivalent.
        return cls(name, item)  # pragma: no mutate


class Limiter:
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
        await self._hit((self._register_ip, _client(client_ip)), (self._register_email, email))

    async def verify(self, *, client_ip: str | None) -> None:
        await self._hit((self._verify_ip, _client(client_ip)))

    async def password_reset(self, *, client_ip: str | None, email: str) -> None:
        """``email`` counts whether or not it has an account, so the limit reveals nothing."""
        await self._hit(
            (self._password_reset_ip, _client(client_ip)), (self._password_reset_email, email)
        )

    async def password_reset_verify(self, *, client_ip: str | None) -> None:
        await self._hit((self._password_reset_verify_ip, _client(client_ip)))

    async def email_change(self, *, account: str, email: str) -> None:
        """``email`` counts whether or not it has an account, so the limit reveals nothing."""
        await self._hit((self._email_change_account, account), (self._email_change_email, email))

    async def email_change_verify(self, *, client_ip: str | None) -> None:
        await self._hit((self._email_change_verify_ip, _client(client_ip)))

    async def login_ip(self, *, client_ip: str | None) -> None:
        await self._hit((self._login_ip, _client(client_ip)))

    async def login_account(self, *, account: str, client_ip: str | None) -> None:
        """Refused while the account is locked out (for this address or all), or over its rate
        here; decided before the password is checked, whether or not the account exists."""
        pair = _pair(account, client_ip)
        for limit, key in ((self._lockout, account), (self._address_lockout, pair)):
            if not await self._window.test(limit.item, limit.name, key):
                stats = await self._window.get_window_stats(limit.item, limit.name, key)
                raise RateLimitedError(
                    retry_after=_seconds_until(stats.reset_time), message=LOCKED_OUT_MESSAGE
                )
        await self._hit((self._login_account, pair))

    async def login_failed(self, *, account: str, client_ip: str | None) -> None:
        """An address locked out of the account is refused before its password is checked, so no
        one address adds more than its own limit to the account's."""
        pair = _pair(account, client_ip)
        for limit, key in ((self._lockout, account), (self._address_lockout, pair)):
            await self._window.hit(limit.item, limit.name, key)

    async def login_succeeded(self, *, account: str, client_ip: str | None) -> None:
        pair = _pair(account, client_ip)
        for limit, key in ((self._lockout, account), (self._address_lockout, pair)):
            await self._window.clear(limit.item, limit.name, key)

    async def reset(self) -> None:
        """Under this limiter's key prefix only."""
        await self._storage.reset()

    async def check(self) -> bool:
        try:
            return await self._storage.check()
        except Exception:
            return False

    def close(self) -> None:
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
    return f"{account}@{_client(client_ip)}"


def _seconds_until(reset_time: float) -> int:
    return math.ceil(reset_time - time.time())
