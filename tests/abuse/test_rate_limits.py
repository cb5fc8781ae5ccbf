"""Rate limits and lockout, seen by clients of both transports."""

import asyncio

import httpx
import pytest

from adapters.composition import compose
from adapters.limiter_storage import build_limiter
from adapters.mailers import MemoryMailer
from domain.errors import ErrorCode
from domain.ratelimit import RateLimitedError
from observability import health
from schema import app_schema
from schema.context import Context
from tests.abuse.conftest import REDIS_URL, app_client, small_settings
from tests.factories import PASSWORD, code_in, make_user, refused_with

pytestmark = pytest.mark.usefixtures("db")

WRONG = "not the right password at all"


async def test_login_over_the_ip_limit_is_429_with_retry_after() -> None:
    composition = compose(small_settings(rate_limit_login_ip="3/minute"), mailer=MemoryMailer())
    await make_user(composition, username="ann")
    async with app_client(composition) as client:
        statuses = [
            (await client.post("/login", data={"username": "ann", "password": WRONG})).status_code
            for _ in range(3)
        ]
        assert statuses == [400, 400, 400]
        refused = await client.post("/login", data={"username": "ann", "password": PASSWORD})
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    body = refused.json()
    assert isinstance(body["detail"], str)
    assert [error["code"] for error in body["errors"]] == ["RATE_LIMITED"]
    # Another address is not affected.
    async with app_client(composition, client_ip="198.51.100.1") as other:
        response = await other.post("/login", data={"username": "ann", "password": PASSWORD})
    assert response.status_code == 200


async def test_login_per_account_and_address_counts_every_attempt() -> None:
    composition = compose(
        small_settings(rate_limit_login_account="2/minute"), mailer=MemoryMailer()
    )
    await make_user(composition, username="bob", email="bob@example.com")
    login = composition.rules.sessions.login
    # Successes count too: this is a rate, not the lockout.
    assert await login(username="bob", password=PASSWORD, client_ip="10.0.0.1")
    failed = await refused_with(login(username="BOB", password=WRONG, client_ip="10.0.0.1"))
    assert failed == [ErrorCode.INVALID_CREDENTIALS]
    refused = await refused_with(login(username="bob", password=PASSWORD, client_ip="10.0.0.1"))
    assert refused == [ErrorCode.RATE_LIMITED]
    # Another address, and the account's address as an identifier, have their own counts.
    assert await login(username="bob", password=PASSWORD, client_ip="10.0.0.2")
    assert await login(username="bob@example.com", password=PASSWORD, client_ip="10.0.0.1")


def aliased_logins(username: str, password: str, *, count: int, selection: str) -> str:
    """One mutation with ``count`` logins, aliased a0, a1, …, each selecting ``selection``."""
    logins = (
        f'a{n}: login(username: "{username}", password: "{password}") {{ {selection} }}'
        for n in range(count)
    )
    return f"mutation {{ {' '.join(logins)} }}"


async def test_aliased_logins_each_count() -> None:
    composition = compose(small_settings(rate_limit_login_ip="3/minute"), mailer=MemoryMailer())
    await make_user(composition, username="cat")
    result = await app_schema(composition.settings).execute(
        aliased_logins("cat", WRONG, count=8, selection="errors { code }"),
        context_value=Context(
            settings=composition.settings,
            rules=composition.rules,
            client_ip="10.1.1.1",
        ),
    )
    assert result.errors is None and result.data is not None
    codes = [result.data[f"a{n}"]["errors"][0]["code"] for n in range(8)]
    assert codes == ["INVALID_CREDENTIALS"] * 3 + ["RATE_LIMITED"] * 5


async def test_register_mails_one_address_a_few_times_an_hour() -> None:
    mailer = MemoryMailer()
    composition = compose(small_settings(), mailer=mailer)
    async with app_client(composition) as client:
        statuses = []
        for number in range(5):
            fields = {"username": f"dan{number}", "email": "dan@example.com"}
            statuses.append((await client.post("/register", data=fields)).status_code)
    assert statuses == [200, 200, 200, 429, 429]
    assert len(mailer.outbox) == 3


async def test_register_per_ip() -> None:
    mailer = MemoryMailer()
    composition = compose(small_settings(rate_limit_register_ip="2/minute"), mailer=mailer)
    async with app_client(composition) as client:
        statuses = [
            (
                await client.post(
                    "/register", json={"username": f"e{n}", "email": f"e{n}@example.com"}
                )
            ).status_code
            for n in range(3)
        ]
    assert statuses == [200, 200, 429]
    assert len(mailer.outbox) == 2


async def wrong_code_statuses(client: httpx.AsyncClient, path: str, *, password: str) -> list[int]:
    """The statuses of three guessed codes posted to ``path``, none of them a real one."""
    guesses = [f"{n:08d}-1111-4111-8111-111111111111" for n in range(3)]
    return [
        (
            await client.post(path, data={"verification_code": guess, "password": password})
        ).status_code
        for guess in guesses
    ]


async def test_code_guessing_is_limited_per_ip() -> None:
    mailer = MemoryMailer()
    composition = compose(small_settings(rate_limit_verify_ip="3/minute"), mailer=mailer)
    async with app_client(composition) as client:
        await client.post("/register", data={"username": "fay", "email": "fay@example.com"})
        guesses = await wrong_code_statuses(client, "/register/verify", password=PASSWORD)
        assert guesses == [400, 400, 400]
        right = {"verification_code": code_in(mailer.outbox[-1]), "password": PASSWORD}
        refused = await client.post("/register/verify", data=right)
        assert refused.status_code == 429
        assert refused.json()["errors"][0]["code"] == "RATE_LIMITED"


async def test_lockout_after_consecutive_failures_then_the_password_works_again() -> None:
    settings = small_settings(
        login_lockout_failures=3, login_lockout_address_failures=2, login_lockout_seconds=1
    )
    composition = compose(settings, mailer=MemoryMailer())
    await make_user(composition, username="gus")
    addresses = iter(f"192.0.2.{n}" for n in range(1, 100))

    async def attempt(password: str) -> httpx.Response:
        async with app_client(composition, client_ip=next(addresses)) as client:
            return await client.post("/login", json={"username": "gus", "password": password})

    # A success in between ends the run: failures must be consecutive.
    statuses = [(await attempt(p)).status_code for p in (WRONG, WRONG, PASSWORD, WRONG, WRONG)]
    assert statuses == [400, 400, 200, 400, 400]
    assert (await attempt(WRONG)).status_code == 400
    locked = await attempt(PASSWORD)
    assert locked.status_code == 429
    assert locked.json()["errors"][0]["code"] == "RATE_LIMITED"
    assert int(locked.headers["Retry-After"]) >= 1
    await asyncio.sleep(1.1)  # the lockout delay passes
    assert (await attempt(PASSWORD)).status_code == 200


async def test_unknown_accounts_lock_out_like_real_ones() -> None:
    settings = small_settings(login_lockout_failures=2, login_lockout_address_failures=1)
    composition = compose(settings, mailer=MemoryMailer())
    await make_user(composition, username="hal")
    for name in ("hal", "nobody"):
        codes = [
            await refused_with(
                composition.rules.sessions.login(
                    username=name, password=WRONG, client_ip=f"192.0.2.{number}"
                )
            )
            for number in range(3)
        ]
        assert codes == [[ErrorCode.INVALID_CREDENTIALS]] * 2 + [[ErrorCode.RATE_LIMITED]]


async def test_redis_counters_are_shared_by_server_processes(redis_prefix: str) -> None:
    settings = small_settings(rate_limit_login_ip="2/minute", redis_url=REDIS_URL)
    # Two apps, each with its own limiter and connections, as two processes would have.
    limiters = [build_limiter(settings, key_prefix=redis_prefix) for _ in range(2)]
    first, second = (
        compose(settings, mailer=MemoryMailer(), limiter=limiter) for limiter in limiters
    )
    try:
        await make_user(first, username="ivy")
        statuses = []
        for composition in (first, second, first):
            async with app_client(composition) as client:
                fields = {"username": "ivy", "password": PASSWORD}
                statuses.append((await client.post("/login", data=fields)).status_code)
    finally:
        for limiter in limiters:
            limiter.close()
    assert statuses == [200, 200, 429]


async def test_aliased_logins_over_http_each_count() -> None:
    composition = compose(small_settings(rate_limit_login_ip="3/minute"), mailer=MemoryMailer())
    await make_user(composition, username="jay")
    logins = aliased_logins("jay", PASSWORD, count=5, selection="token errors { code }")
    async with app_client(composition) as client:
        response = await client.post("/graphql", json={"query": logins})
        assert response.status_code == 200
        data = response.json()["data"]
        assert [bool(data[f"a{n}"]["token"]) for n in range(5)] == [True] * 3 + [False] * 2
        assert [data[f"a{n}"]["errors"] for n in (3, 4)] == [[{"code": "RATE_LIMITED"}]] * 2
        # The budget is spent for REST too: both transports share one counter.
        rest = await client.post("/login", data={"username": "jay", "password": PASSWORD})
    assert rest.status_code == 429


async def test_forgot_password_mails_one_address_a_few_times_an_hour() -> None:
    mailer = MemoryMailer()
    composition = compose(small_settings(), mailer=mailer)
    await make_user(composition, username="kim", email="kim@example.com")
    async with app_client(composition) as client:
        statuses = [
            (await client.post("/forgot_password", data={"email": "KIM@example.com"})).status_code
            for _ in range(5)
        ]
        # An address without an account counts alike, so the limit tells nobody anything.
        unknown = [
            (
                await client.post("/forgot_password", json={"email": "nobody@example.com"})
            ).status_code
            for _ in range(4)
        ]
    assert statuses == [200, 200, 200, 429, 429]
    assert unknown == [200, 200, 200, 429]
    recipients = [message["To"] for message in mailer.outbox]
    assert recipients == ["kim@example.com"] * 3 + ["nobody@example.com"] * 3


async def test_forgot_password_per_ip() -> None:
    mailer = MemoryMailer()
    settings = small_settings(rate_limit_password_reset_ip="2/minute")
    composition = compose(settings, mailer=mailer)
    async with app_client(composition) as client:
        statuses = [
            (await client.post("/forgot_password", data={"email": f"l{n}@example.com"})).status_code
            for n in range(3)
        ]
        refused = await client.post("/forgot_password", data={"email": "l9@example.com"})
    assert statuses == [200, 200, 429]
    assert refused.json()["errors"][0]["code"] == "RATE_LIMITED"
    assert int(refused.headers["Retry-After"]) >= 1
    async with app_client(composition, client_ip="198.51.100.2") as other:
        response = await other.post("/forgot_password", data={"email": "l9@example.com"})
    assert response.status_code == 200


async def test_reset_code_guessing_is_limited_per_ip() -> None:
    mailer = MemoryMailer()
    settings = small_settings(rate_limit_password_reset_verify_ip="3/minute")
    composition = compose(settings, mailer=mailer)
    await make_user(composition, username="max", email="max@example.com")
    new_password = "a brand new passphrase of mine"
    async with app_client(composition) as client:
        await client.post("/forgot_password", data={"email": "max@example.com"})
        guesses = await wrong_code_statuses(
            client, "/forgot_password/verify", password=new_password
        )
        assert guesses == [400, 400, 400]
        right = {"verification_code": code_in(mailer.outbox[-1]), "password": new_password}
        refused = await client.post("/forgot_password/verify", data=right)
        assert refused.status_code == 429
        assert refused.json()["errors"][0]["code"] == "RATE_LIMITED"
    # The right code still works from elsewhere: the limit slows guessing, it burns no code.
    async with app_client(composition, client_ip="198.51.100.3") as other:
        assert (await other.post("/forgot_password/verify", data=right)).status_code == 200


async def test_password_reset_limits_are_shared_by_graphql_and_rest() -> None:
    settings = small_settings(
        rate_limit_password_reset_ip="3/minute", rate_limit_password_reset_verify_ip="2/minute"
    )
    composition = compose(settings, mailer=MemoryMailer())
    requests = " ".join(
        f'r{n}: requestPasswordReset(email: "n{n}@example.com") {{ ok errors {{ code }} }}'
        for n in range(4)
    )
    resets = " ".join(
        f'v{n}: resetPassword(verificationCode: "{n:08d}-1111-4111-8111-111111111111",'
        f' password: "{PASSWORD}") {{ ok errors {{ code }} }}'
        for n in range(3)
    )
    async with app_client(composition) as client:
        response = await client.post("/graphql", json={"query": f"mutation {{ {requests} }}"})
        data = response.json()["data"]
        assert [data[f"r{n}"]["ok"] for n in range(4)] == [True, True, True, False]
        assert data["r3"]["errors"] == [{"code": "RATE_LIMITED"}]
        response = await client.post("/graphql", json={"query": f"mutation {{ {resets} }}"})
        data = response.json()["data"]
        codes = [data[f"v{n}"]["errors"][0]["code"] for n in range(3)]
        assert codes == ["INVALID_CODE", "INVALID_CODE", "RATE_LIMITED"]
        rest = await client.post("/forgot_password", data={"email": "n9@example.com"})
    assert rest.status_code == 429


@pytest.mark.parametrize(("given", "shown"), [(-5, 1), (0, 1), (1, 1), (2, 2), (61, 61)])
def test_a_refusal_says_at_least_one_second(given: int, shown: int) -> None:
    assert RateLimitedError(retry_after=given).retry_after == shown


async def test_the_counter_storage_answers_in_memory_and_not_when_redis_is_away() -> None:
    limiter = build_limiter(small_settings())
    assert await limiter.check() is True
    away = build_limiter(small_settings(redis_url="redis://127.0.0.1:1/0"))
    try:
        assert await away.check() is False
    finally:
        away.close()


async def test_redis_answers_the_readiness_check(
    redis_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The tests' schema is built from the models, not migrated: only Redis is in question.
    async def nothing_pending() -> list[str]:
        return []

    monkeypatch.setattr(health, "pending_migrations", nothing_pending)
    settings = small_settings(redis_url=REDIS_URL)
    limiter = build_limiter(settings, key_prefix=redis_prefix)
    composition = compose(settings, mailer=MemoryMailer(), limiter=limiter)
    try:
        assert await limiter.check() is True
        async with app_client(composition) as client:
            ready = await client.get("/readyz")
    finally:
        limiter.close()
    assert ready.status_code == 200, ready.text


async def test_a_storage_that_fails_to_answer_is_not_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    limiter = build_limiter(small_settings())

    async def broken() -> bool:
        raise ConnectionError("refused")

    monkeypatch.setattr(limiter._storage, "check", broken)
    assert await limiter.check() is False
