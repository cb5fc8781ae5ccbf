"""Password attempts (``domain.password_attempts``) as clients see them: logins and the
signed-in calls that ask for the password, counted alike, with no lockout of the owner by
one address and no hint of who exists."""

import asyncio
from typing import Any

import httpx
import pytest

from adapters.composition import Composition, compose
from adapters.limiter_storage import build_limiter
from adapters.mailers import MemoryMailer
from config.settings import Settings
from tests.abuse.conftest import REDIS_URL, app_client, small_settings
from tests.factories import PASSWORD, make_user
from tests.http.helpers import GRAPHQL, auth

pytestmark = pytest.mark.usefixtures("db")

WRONG = "not the right password at all"
HOME = "198.51.100.10"
ATTACKER = "203.0.113.66"


async def login(composition: Composition, name: str, password: str, *, ip: str) -> httpx.Response:
    async with app_client(composition, client_ip=ip) as client:
        return await client.post("/login", json={"username": name, "password": password})


def codes(response: httpx.Response) -> list[str]:
    return [error["code"] for error in response.json()["errors"]]


@pytest.mark.parametrize("registered", [True, False])
async def test_the_limit_counts_an_address_as_normalised_whether_or_not_it_exists(
    registered: bool,
) -> None:
    composition = compose(small_settings(), mailer=MemoryMailer())
    if registered:
        await make_user(composition, username="dave", email="dave@example.com")
    for _ in range(10):
        failed = await login(composition, "dave@example.com", WRONG, ip=ATTACKER)
        assert codes(failed) == ["INVALID_CREDENTIALS"]
    # The same address with a full-width dot, and in capitals: one identifier, refused alike.
    for variant in ("dave@example\u3002com", "DAVE@EXAMPLE.COM"):
        refused = await login(composition, variant, WRONG, ip=ATTACKER)
        assert refused.status_code == 429, refused.text
        assert codes(refused) == ["RATE_LIMITED"]


@pytest.mark.parametrize("registered", [True, False])
async def test_failures_on_a_username_tell_nothing_of_its_address(registered: bool) -> None:
    composition = compose(small_settings(), mailer=MemoryMailer())
    if registered:
        await make_user(composition, username="dave", email="dave@example.com")
    for _ in range(10):
        await login(composition, "dave", WRONG, ip=ATTACKER)
    assert (await login(composition, "dave", WRONG, ip=ATTACKER)).status_code == 429
    other = await login(composition, "dave@example.com", WRONG, ip=ATTACKER)
    assert other.status_code == 400 and codes(other) == ["INVALID_CREDENTIALS"]


async def test_one_address_cannot_lock_the_owner_out() -> None:
    composition = compose(small_settings(), mailer=MemoryMailer())
    await make_user(composition, username="dave")
    for _ in range(30):
        await login(composition, "dave", WRONG, ip=ATTACKER)
    # The attacker's address is refused whatever it sends, the right password included,
    # with the same answer: a refusal never tells whether the password was right.
    refusals = [await login(composition, "dave", p, ip=ATTACKER) for p in (WRONG, PASSWORD)]
    assert [r.status_code for r in refusals] == [429, 429]
    assert refusals[0].json() == refusals[1].json()
    # (Retry-After counts down between the two, so only its presence is compared.)
    assert all(int(r.headers["Retry-After"]) >= 1 for r in refusals)
    owner = await login(composition, "dave", PASSWORD, ip=HOME)
    assert owner.status_code == 200, owner.text


async def test_guessing_spread_over_many_addresses_is_still_stopped() -> None:
    settings = small_settings(login_lockout_failures=6, login_lockout_address_failures=2)
    composition = compose(settings, mailer=MemoryMailer())
    await make_user(composition, username="erin")
    for address in range(3):
        for _ in range(2):
            failed = await login(composition, "erin", WRONG, ip=f"192.0.2.{address}")
            assert codes(failed) == ["INVALID_CREDENTIALS"]
    # Six failures in all: the account is refused from everywhere, the owner's address too.
    locked = await login(composition, "erin", PASSWORD, ip=HOME)
    assert locked.status_code == 429 and codes(locked) == ["RATE_LIMITED"]
    assert int(locked.headers["Retry-After"]) >= 1


async def test_an_address_adds_no_more_than_its_own_limit_to_the_account() -> None:
    settings = small_settings(login_lockout_failures=3, login_lockout_address_failures=2)
    composition = compose(settings, mailer=MemoryMailer())
    await make_user(composition, username="fern")
    statuses = [
        (await login(composition, "fern", WRONG, ip=ATTACKER)).status_code for _ in range(8)
    ]
    assert statuses == [400, 400] + [429] * 6
    assert (await login(composition, "fern", PASSWORD, ip=HOME)).status_code == 200


async def test_a_success_ends_the_run_of_failures_of_its_address() -> None:
    settings = small_settings(login_lockout_failures=5, login_lockout_address_failures=2)
    composition = compose(settings, mailer=MemoryMailer())
    await make_user(composition, username="gil")
    statuses = [
        (await login(composition, "gil", password, ip=HOME)).status_code
        for password in (WRONG, PASSWORD, WRONG, PASSWORD, WRONG, WRONG, PASSWORD)
    ]
    assert statuses == [400, 200, 400, 200, 400, 400, 429]


def test_an_address_limit_that_could_lock_the_owner_out_is_refused() -> None:
    with pytest.raises(ValueError, match="FLOWBACK_LOGIN_LOCKOUT_ADDRESS_FAILURES"):
        Settings(_env_file=None, login_lockout_failures=10, login_lockout_address_failures=10)


async def test_the_lockouts_are_shared_by_server_processes(redis_prefix: str) -> None:
    settings = small_settings(
        redis_url=REDIS_URL, login_lockout_failures=3, login_lockout_address_failures=2
    )
    limiters = [build_limiter(settings, key_prefix=redis_prefix) for _ in range(2)]
    first, second = (compose(settings, mailer=MemoryMailer(), limiter=each) for each in limiters)
    try:
        await make_user(first, username="hana")
        one = [(await login(first, "hana", WRONG, ip=ATTACKER)).status_code for _ in range(2)]
        two = await login(second, "hana", WRONG, ip=ATTACKER)
        three = await login(second, "hana", WRONG, ip="192.0.2.9")
        locked = await login(first, "hana", PASSWORD, ip=HOME)
    finally:
        for limiter in limiters:
            limiter.close()
    assert (one, two.status_code, three.status_code, locked.status_code) == (
        [400, 400],
        429,
        400,
        429,
    )


# Signed in: the calls that ask for the password are attempts too.


async def signed_in(composition: Composition, username: str, *, ip: str = HOME) -> str:
    response = await login(composition, username, PASSWORD, ip=ip)
    assert response.status_code == 200, response.text
    token: str = response.json()["token"]
    return token


@pytest.mark.parametrize(
    ("path", "field"), [("/user/password", "current_password"), ("/user/delete", "password")]
)
async def test_rest_password_checks_of_a_signed_in_caller_are_limited(
    path: str, field: str
) -> None:
    composition = compose(small_settings(), mailer=MemoryMailer())
    await make_user(composition, username="ivan")
    token = await signed_in(composition, "ivan")
    body: dict[str, Any] = {field: WRONG, "new_password": "a new passphrase of some length"}
    async with app_client(composition, client_ip=ATTACKER) as client:
        answers = [await client.post(path, json=body, headers=auth(token)) for _ in range(12)]
        right = await client.post(path, json=body | {field: PASSWORD}, headers=auth(token))
    assert [r.status_code for r in answers] == [400] * 10 + [429] * 2
    assert {tuple(codes(r)) for r in answers[:10]} == {("INVALID_PASSWORD",)}
    assert codes(answers[10]) == ["RATE_LIMITED"]
    assert int(answers[10].headers["Retry-After"]) >= 1
    assert right.status_code == 429 and right.json() == answers[11].json()
    # They count under the account's name, as its logins do.
    assert (await login(composition, "ivan", PASSWORD, ip=ATTACKER)).status_code == 429
    assert (await login(composition, "ivan", PASSWORD, ip=HOME)).status_code == 200


@pytest.mark.parametrize(
    ("mutation", "arguments"),
    [
        ("changePassword", 'currentPassword: "{p}", newPassword: "a new passphrase of mine"'),
        ("deleteAccount", 'password: "{p}"'),
        ("requestEmailChange", 'password: "{p}", newEmail: "new{n}@example.com"'),
    ],
)
async def test_each_aliased_password_check_is_an_attempt(mutation: str, arguments: str) -> None:
    settings = small_settings(rate_limit_email_change_account="100/hour")
    composition = compose(settings, mailer=MemoryMailer())
    await make_user(composition, username="jo")
    token = await signed_in(composition, "jo")
    fields = " ".join(
        f"a{n}: {mutation}({arguments.format(p=WRONG, n=n)}) {{ ok errors {{ code }} }}"
        for n in range(15)
    )
    async with app_client(composition, client_ip=ATTACKER) as client:
        response = await client.post(
            GRAPHQL, json={"query": f"mutation {{ {fields} }}"}, headers=auth(token)
        )
    data = response.json()["data"]
    answers = [data[f"a{n}"]["errors"][0]["code"] for n in range(15)]
    assert answers == ["INVALID_PASSWORD"] * 10 + ["RATE_LIMITED"] * 5


async def test_a_flood_of_hashing_for_one_account_is_refused_at_once_not_queued() -> None:
    settings = small_settings(
        bcrypt_rounds=11, hash_concurrency=1, hash_queue_size=4, hash_queue_per_account=1
    )
    composition = compose(settings, mailer=MemoryMailer())
    await make_user(composition, username="kai")
    await make_user(composition, username="lea")
    # Twenty-four addresses, so no per-address limit is what refuses them.
    flood = [login(composition, "kai", WRONG, ip=f"192.0.2.{n}") for n in range(24)]
    answers = await asyncio.gather(*flood, login(composition, "lea", PASSWORD, ip=HOME))
    *kai, lea = answers
    assert lea.status_code == 200, lea.text
    # One runs; the others are refused without waiting (a hash takes a tenth of a second,
    # so one or two may come after it ended and run in turn).
    statuses = [r.status_code for r in kai]
    assert statuses.count(429) >= 20 and set(statuses) == {400, 429}
    for refused in (r for r in kai if r.status_code == 429):
        assert codes(refused) == ["RATE_LIMITED"]
        assert refused.headers["Retry-After"] == "1"
