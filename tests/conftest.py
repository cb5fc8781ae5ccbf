"""Every database test runs on SQLite and, when FLOWBACK_TEST_DATABASE_URL is set, on PostgreSQL."""

import asyncio
import os
import uuid
import warnings
from collections.abc import AsyncIterator, Generator, Iterator
from contextlib import asynccontextmanager
from functools import cache
from pathlib import Path

import asyncpg
import httpx
import hypothesis
import pytest
from _pytest.terminal import TerminalReporter
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.backends.base.config_generator import generate_config
from tortoise.context import TortoiseContext, tortoise_test_context
from tortoise.warnings import TortoiseLoopSwitchWarning

from adapters.composition import Composition, compose
from adapters.database import MODEL_MODULES, dialect
from adapters.mailers import MemoryMailer
from adapters.outbox_delivery import MailCourier, deliver_due
from adapters.tracing import Tracing
from adapters.webhooks import EventFanOut
from config.settings import Settings
from domain.clock import ManualClock
from domain.mail import Mailer
from main import create_app
from models.counts import COUNT_ROW_WITH_CHANGES_SQL, install_user_count
from tests.http.helpers import signed_up

POSTGRES_URL = os.environ.get("FLOWBACK_TEST_DATABASE_URL")
# Mutation testing (``--hypothesis-profile mutation``, pyproject's [tool.mutmut]) traces every
# call, so a property's examples may take far longer than its deadline.
hypothesis.settings.register_profile("mutation", deadline=None)
# Per test session, so parallel sessions on one server never drop each other's databases.
_PREFIX = f"flowback_test_{uuid.uuid4().hex[:8]}_"


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CI") == "true" and not POSTGRES_URL:
        raise pytest.UsageError("CI must run the PostgreSQL tests: set FLOWBACK_TEST_DATABASE_URL")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Real processes and the browser are the slow lane: ``pytest -m "not slow"`` skips them."""
    process_tests = Path(__file__).parent / "process"
    for item in items:
        if process_tests in item.path.parents:
            item.add_marker(pytest.mark.slow)


POSTGRES_SKIP_REASON = "FLOWBACK_TEST_DATABASE_URL is not set: PostgreSQL tests need a server"
#: A test (or a test's PostgreSQL run) that needs ``FLOWBACK_TEST_DATABASE_URL``.
requires_postgres = pytest.mark.skipif(not POSTGRES_URL, reason=POSTGRES_SKIP_REASON)


def postgres_param() -> object:
    return pytest.param("postgres", marks=requires_postgres)


# Around the terminal reporter's own summary (tryfirst: the outer wrapper), which prints -ra.
@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter: TerminalReporter) -> Generator[None]:
    """The PostgreSQL runs skipped are one line saying what to set, not one line each in the
    ``-ra`` summary; every other skip keeps its own."""
    skipped = terminalreporter.stats.get("skipped", [])
    postgres = [report for report in skipped if _skipped_for_postgres(report)]
    terminalreporter.stats["skipped"] = [r for r in skipped if not _skipped_for_postgres(r)]
    try:
        yield
    finally:
        terminalreporter.stats["skipped"] = skipped
    if postgres:
        terminalreporter.write_line(
            f"SKIPPED {len(postgres)} PostgreSQL runs: set FLOWBACK_TEST_DATABASE_URL to a "
            "server the tests may create databases on, e.g. "
            "postgres://postgres@127.0.0.1:5432/postgres",
            yellow=True,
        )


def _skipped_for_postgres(report: pytest.TestReport) -> bool:
    """Skipped for want of ``FLOWBACK_TEST_DATABASE_URL``, by ``requires_postgres`` or in its
    words."""
    longrepr = report.longrepr
    return isinstance(longrepr, tuple) and longrepr[2].startswith(
        "Skipped: FLOWBACK_TEST_DATABASE_URL is not set"
    )


@pytest.fixture(scope="session", autouse=True)
def _drop_postgres_test_databases() -> Iterator[None]:
    yield
    if POSTGRES_URL:
        asyncio.run(_drop_databases(POSTGRES_URL))


async def _drop_databases(url: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        names = await connection.fetch(
            "SELECT datname FROM pg_database WHERE datname LIKE $1", _PREFIX + "%"
        )
        for row in names:
            await connection.execute(f'DROP DATABASE IF EXISTS "{row["datname"]}" WITH (FORCE)')
    finally:
        await connection.close()


def new_database_name() -> str:
    return f"{_PREFIX}{uuid.uuid4().hex[:12]}"


def database_url_for(backend: str) -> str:
    if backend == "sqlite":
        return "sqlite://:memory:"
    assert POSTGRES_URL
    return f"{POSTGRES_URL.rsplit('/', 1)[0]}/{new_database_name()}"


# One PostgreSQL database per test session (each xdist worker has its own), emptied before
# each test: creating a database per test cost most of the fast lane's time.
_shared_postgres_url: str | None = None
# What empties it, read from its catalog once its schema is built.
_emptying_script = ""


@pytest.fixture(params=["sqlite", postgres_param()])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def db(backend: str) -> AsyncIterator[TortoiseContext]:
    """A fresh, empty schema built from the models (migrations are tested on their own),
    with the active-user count's row and triggers that the migrations add (``models.counts``)."""
    if backend == "sqlite":
        url = database_url_for(backend)
        async with tortoise_test_context(
            MODEL_MODULES, db_url=url, connection_label=dialect(url)
        ) as ctx:
            await install_user_count(ctx.db("sqlite"))
            yield ctx
        return
    async with _emptied_postgres() as ctx:
        yield ctx


@asynccontextmanager
async def _emptied_postgres() -> AsyncIterator[TortoiseContext]:
    """The session's PostgreSQL database with its schema built once and every table empty."""
    global _shared_postgres_url, _emptying_script
    first_use = _shared_postgres_url is None
    if _shared_postgres_url is None:
        _shared_postgres_url = database_url_for("postgres")
    config = generate_config(
        _shared_postgres_url,
        app_modules={"models": MODEL_MODULES},
        connection_label="postgres",
        testing=True,
    )
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=TortoiseLoopSwitchWarning)
        async with TortoiseContext() as ctx:
            await ctx.init(config=config, _create_db=first_use)
            connection = ctx.db("postgres")
            if first_use:
                await ctx.generate_schemas(safe=False)
                await install_user_count(connection)
                _emptying_script = await _script_emptying_every_table(connection)
            else:
                await connection.execute_script(_emptying_script)
            yield ctx


async def _script_emptying_every_table(connection: BaseDBAsyncClient) -> str:
    """DELETE rather than TRUNCATE: on small tables it is ten times faster, as no file changes.

    Foreign-key triggers are off meanwhile (the tables are emptied in any order), every
    sequence starts again at 1, as in a new database, and the user count's row is back.
    """
    tables = await connection.execute_query_dict(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    )
    sequences = await connection.execute_query_dict(
        "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()"
    )
    statements = [
        "SET session_replication_role = replica",
        *(f'DELETE FROM "{row["tablename"]}"' for row in tables),  # noqa: S608 - catalog names
        *(f"SELECT setval('\"{row['sequencename']}\"', 1, false)" for row in sequences),
        "SET session_replication_role = DEFAULT",
        COUNT_ROW_WITH_CHANGES_SQL["postgres"],
    ]
    return ";\n".join(statements)


@cache
def _test_settings() -> Settings:
    # Reading the environment costs milliseconds; Settings is frozen, so tests share one.
    return Settings(_env_file=None, email_backend="memory", bcrypt_rounds=4)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Test settings: mail kept in memory, the cheapest bcrypt cost (the real code path)."""
    return _test_settings().model_copy(update={"media_root": tmp_path / "media"})


@pytest.fixture
def mailer() -> MemoryMailer:
    return MemoryMailer()


@pytest.fixture
def clock() -> ManualClock:
    """A clock that moves only when the test moves it: ask for it to control expiry."""
    return ManualClock()


@pytest.fixture
def composition(
    settings: Settings, mailer: MemoryMailer, request: pytest.FixtureRequest
) -> Composition:
    """The app's composition; on the test's ``clock`` when the test (or a fixture) asks for one."""
    clock = request.getfixturevalue("clock") if "clock" in request.fixturenames else None
    return compose(settings, mailer=mailer, clock=clock)


async def deliver(composition: Composition) -> int:
    """One pass of the outbox relays, as the server's would run them: the mail sent, and the
    events fanned out to the endpoints (none unless a test names some); returns mails sent."""
    settings = composition.settings
    sent = await deliver_mail(settings, composition.mailer)
    await deliver_due(settings=settings, couriers=[EventFanOut(settings=settings)])
    return sent


async def deliver_mail(settings: Settings, mailer: Mailer) -> int:
    """One pass of the mail relay alone; returns mails sent."""
    return await deliver_due(
        settings=settings, couriers=[MailCourier(settings=settings, mailer=mailer)]
    )


def asgi_client(
    composition: Composition, *, client_ip: str = "127.0.0.1", tracing: Tracing | None = None
) -> httpx.AsyncClient:
    """HTTP through the ASGI app as seen from ``client_ip``, on the test's database, traced
    by ``tracing`` if given.

    No lifespan runs, so no relay either: after each response the outbox is delivered once,
    and the mail a request caused is in ``mailer.outbox`` when the response is read.
    """
    app = create_app(
        composition.settings, composition=composition, manage_orm=False, tracing=tracing
    )
    transport = httpx.ASGITransport(app=app, client=(client_ip, 40000))

    async def relay(_: httpx.Response) -> None:
        await deliver(composition)

    return httpx.AsyncClient(
        transport=transport, base_url="http://testserver", event_hooks={"response": [relay]}
    )


@pytest.fixture
async def client(db: TortoiseContext, composition: Composition) -> AsyncIterator[httpx.AsyncClient]:
    """HTTP through the ASGI app (``asgi_client``), on the test's database."""
    async with asgi_client(composition) as client:
        yield client


@pytest.fixture
async def token(client: httpx.AsyncClient, mailer: MemoryMailer) -> str:
    """Alice, signed up, verified and logged in through REST by ``client``: her token."""
    return await signed_up(client, mailer)
