"""The limiter itself, over memory counters: what each count is kept under."""

import pytest
from limits.aio.storage import MemoryStorage

from domain.ratelimit import LOCKED_OUT_MESSAGE, RATE_LIMITED_MESSAGE, Limiter, RateLimitedError
from tests.abuse.conftest import small_settings

HOME, AWAY = "198.51.100.1", "203.0.113.9"


def limiter(**settings: object) -> Limiter:
    return Limiter(settings=small_settings(**settings), storage=MemoryStorage())


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
    assert await refusal(call(limits, AWAY, 9)) == RATE_LIMITED_MESSAGE  # type: ignore[operator]
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
    assert await refusal(call(limits, 9)) == RATE_LIMITED_MESSAGE  # type: ignore[operator]


async def test_a_lockout_says_how_long_it_still_lasts() -> None:
    limits = limiter(login_lockout_failures=3, login_lockout_address_failures=2)
    for number in range(3):
        await limits.login_failed(account="a", client_ip=f"192.0.2.{number}")
    for account, address in (("a", HOME), ("b", AWAY)):
        if account == "b":
            for _ in range(2):
                await limits.login_failed(account="b", client_ip=AWAY)
        with pytest.raises(RateLimitedError) as raised:
            await limits.login_account(account=account, client_ip=address)
        assert 895 <= raised.value.retry_after <= 900  # FLOWBACK_LOGIN_LOCKOUT_SECONDS
