"""The limiter itself, over memory counters: what each count is kept under."""

import time

import pytest

from adapters.limiter_storage import ClearableMemoryStorage
from domain.errors import ErrorCode
from domain.ratelimit import LOCKED_OUT_MESSAGE, Limiter, RateLimitedError
from tests.abuse.conftest import small_settings

HOME, AWAY = "198.51.100.1", "203.0.113.9"


def limiter(**settings: object) -> Limiter:
    return Limiter(settings=small_settings(**settings), storage=ClearableMemoryStorage())


async def refusal(call: object) -> str:
    with pytest.raises(RateLimitedError) as raised:
        await call  # type: ignore[misc]
    assert raised.value.retry_after >= 1
    return raised.value.errors[0].message


async def test_an_address_locked_out_of_an_account_leaves_other_addresses_and_accounts() -> None:
    limits = limiter(login_lockout_failures=5, login_lockout_address_failures=2)
    for _ in range(2):
        await limits.login_account(account="a", client_ip=AWAY)
        await limits.login_failed(account="a", client_ip=AWAY)
    assert await refusal(limits.login_account(account="a", client_ip=AWAY)) == LOCKED_OUT_MESSAGE
    await limits.login_account(account="a", client_ip=HOME)
    await limits.login_account(account="b", client_ip=AWAY)
    # A success from HOME ends HOME's run and the account's, not AWAY's.
    await limits.login_failed(account="a", client_ip=HOME)
    await limits.login_succeeded(account="a", client_ip=HOME)
    for _ in range(2):
        await limits.login_account(account="a", client_ip=HOME)
        await limits.login_failed(account="a", client_ip=HOME)
    assert await refusal(limits.login_account(account="a", client_ip=HOME)) == LOCKED_OUT_MESSAGE
    await limits.login_succeeded(account="a", client_ip=HOME)
    await limits.login_account(account="a", client_ip=HOME)
    assert await refusal(limits.login_account(account="a", client_ip=AWAY)) == LOCKED_OUT_MESSAGE


async def test_the_account_locks_after_failures_from_all_addresses_together() -> None:
    limits = limiter(login_lockout_failures=3, login_lockout_address_failures=1)
    for number in range(3):
        await limits.login_failed(account="a", client_ip=f"192.0.2.{number}")
    assert await refusal(limits.login_account(account="a", client_ip=HOME)) == LOCKED_OUT_MESSAGE
    await limits.login_account(account="b", client_ip=HOME)
    await limits.login_succeeded(account="a", client_ip=HOME)
    await limits.login_account(account="a", client_ip=HOME)


@pytest.mark.parametrize(
    ("setting", "call"),
    [
        (
            "rate_limit_register_ip",
            lambda lim, ip, n: lim.register(client_ip=ip, email=f"{n}@x.org"),
        ),
        ("rate_limit_verify_ip", lambda lim, ip, n: lim.verify(client_ip=ip)),
        (
            "rate_limit_password_reset_ip",
            lambda lim, ip, n: lim.password_reset(client_ip=ip, email=f"{n}@x.org"),
        ),
        (
            "rate_limit_password_reset_verify_ip",
            lambda lim, ip, n: lim.password_reset_verify(client_ip=ip),
        ),
        (
            "rate_limit_email_change_verify_ip",
            lambda lim, ip, n: lim.email_change_verify(client_ip=ip),
        ),
        ("rate_limit_login_ip", lambda lim, ip, n: lim.login_ip(client_ip=ip)),
        (
            "rate_limit_login_account",
            lambda lim, ip, n: lim.login_account(account="a", client_ip=ip),
        ),
    ],
)
async def test_each_per_address_limit_counts_each_address_apart(setting: str, call: object) -> None:
    limits = limiter(**{setting: "2/minute"})
    for number in range(2):
        await call(limits, AWAY, number)  # type: ignore[operator]
    assert await refusal(call(limits, AWAY, 9)) == ErrorCode.RATE_LIMITED.message  # type: ignore[operator]
    await call(limits, HOME, 9)  # type: ignore[operator]
    await call(limits, None, 9)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("setting", "call"),
    [
        (
            "rate_limit_register_email",
            lambda lim, n: lim.register(client_ip=f"ip{n}", email="e@x.org"),
        ),
        (
            "rate_limit_password_reset_email",
            lambda lim, n: lim.password_reset(client_ip=f"ip{n}", email="e@x.org"),
        ),
        (
            "rate_limit_email_change_email",
            lambda lim, n: lim.email_change(account=f"a{n}", email="e@x.org"),
        ),
        (
            "rate_limit_email_change_account",
            lambda lim, n: lim.email_change(account="a", email=f"{n}@x.org"),
        ),
    ],
)
async def test_each_per_address_or_account_limit_counts_across_callers(
    setting: str, call: object
) -> None:
    limits = limiter(**{setting: "2/minute"})
    for number in range(2):
        await call(limits, number)  # type: ignore[operator]
    assert await refusal(call(limits, 9)) == ErrorCode.RATE_LIMITED.message  # type: ignore[operator]


class Clock:
    """``time.time`` that moves only when told, from a whole number of seconds."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(time, "time", clock)
    return clock


async def retry_after(call: object) -> int:
    with pytest.raises(RateLimitedError) as raised:
        await call  # type: ignore[misc]
    return raised.value.retry_after


async def test_a_lockout_says_how_long_it_still_lasts(clock: Clock) -> None:
    limits = limiter(login_lockout_failures=3, login_lockout_address_failures=2)
    for number in range(3):
        await limits.login_failed(account="a", client_ip=f"192.0.2.{number}")
    for _ in range(2):
        await limits.login_failed(account="b", client_ip=AWAY)
    clock.now += 300
    # FLOWBACK_LOGIN_LOCKOUT_SECONDS is 900: 600 are left, of the account's and of the pair's.
    assert await retry_after(limits.login_account(account="a", client_ip=HOME)) == 600
    assert await retry_after(limits.login_account(account="b", client_ip=AWAY)) == 600


async def test_a_rate_limit_says_when_its_oldest_call_leaves_the_window(clock: Clock) -> None:
    limits = limiter(rate_limit_verify_ip="2/minute", rate_limit_register_email="2/minute")
    await limits.verify(client_ip=AWAY)
    clock.now += 15
    await limits.verify(client_ip=AWAY)
    clock.now += 5
    assert await retry_after(limits.verify(client_ip=AWAY)) == 40
    for number in range(2):
        await limits.register(client_ip=f"192.0.2.{number}", email="e@x.org")
    clock.now += 59
    assert await retry_after(limits.register(client_ip=HOME, email="e@x.org")) == 1


async def test_limits_on_the_same_key_keep_counts_of_their_own() -> None:
    # Four limits counted per address, all at one rate: each has its own budget.
    same_rate = "2/minute"
    limits = limiter(
        rate_limit_verify_ip=same_rate,
        rate_limit_password_reset_verify_ip=same_rate,
        rate_limit_email_change_verify_ip=same_rate,
        rate_limit_login_ip=same_rate,
    )
    calls = (
        limits.verify,
        limits.password_reset_verify,
        limits.email_change_verify,
        limits.login_ip,
    )
    for call in calls:
        for _ in range(2):
            await call(client_ip=AWAY)
    for call in calls:
        assert await refusal(call(client_ip=AWAY)) == ErrorCode.RATE_LIMITED.message
