"""Issue 16, points 12 and 13: no readable code in the database, no codes in production logs."""

from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from pydantic import ValidationError
from tortoise.context import TortoiseContext

from adapters.composition import Composition, compose
from adapters.database import tortoise_config
from adapters.mailers import MemoryMailer
from config.settings import Settings, describe_validation_error, production_problem
from models import OutboxMessage, OutboxStatus
from tests.conftest import deliver_mail
from tests.factories import code_in

KEY = Fernet.generate_key().decode()
OLD_KEY = Fernet.generate_key().decode()


def settings_with(**values: object) -> Settings:
    base: dict[str, object] = {"email_backend": "memory", "bcrypt_rounds": 4}
    return Settings(_env_file=None, **(base | values))  # type: ignore[arg-type]


async def stored_text() -> str:
    return str(await OutboxMessage.all().values())


@pytest.mark.usefixtures("db")
@pytest.mark.parametrize("key", [None, KEY], ids=["development-key", "own-key"])
async def test_the_stored_mail_holds_no_code_and_the_sent_mail_does(key: str | None) -> None:
    mailer = MemoryMailer()
    composition = compose(settings_with(mail_key=key), mailer=mailer)
    await composition.rules.registration.register(username="alice", email="alice@example.com")
    stored = await OutboxMessage.get()
    assert stored.content is not None
    assert "alice" not in stored.content and "Flowback" not in stored.content
    assert await deliver_mail(composition.settings, mailer) == 1
    code = code_in(mailer.outbox[-1])
    assert code in mailer.outbox[-1].as_string()
    assert code not in await stored_text()


@pytest.mark.usefixtures("db")
async def test_a_reset_code_is_not_readable_in_the_outbox(composition: Composition) -> None:
    await composition.rules.registration.register(username="alice", email="alice@example.com")
    await deliver_mail(composition.settings, composition.mailer)
    assert isinstance(composition.mailer, MemoryMailer)
    # No account yet: the notice goes out, and nothing of it is readable while it waits.
    await composition.rules.password_reset.request(email="alice@example.com")
    assert "account" not in await stored_text()


@pytest.mark.usefixtures("db")
async def test_a_changed_key_fails_the_mail_until_the_old_key_is_listed_again() -> None:
    mailer = MemoryMailer()
    old = compose(settings_with(mail_key=OLD_KEY), mailer=mailer)
    await old.rules.registration.register(username="alice", email="alice@example.com")
    new_only = settings_with(mail_key=KEY)
    assert await deliver_mail(new_only, mailer) == 0
    stored = await OutboxMessage.get()
    assert stored.status == OutboxStatus.PENDING
    assert stored.last_error is not None and "FLOWBACK_MAIL_KEY" in stored.last_error
    await OutboxMessage.all().update(next_attempt_at=stored.created_at)
    rotated = settings_with(mail_key=f"{KEY},{OLD_KEY}")
    assert await deliver_mail(rotated, mailer) == 1
    assert mailer.outbox[-1]["To"] == "alice@example.com"


@pytest.mark.parametrize(
    "value", ["not-a-key", f"{KEY},short", " , "], ids=["not-a-key", "key-and-short", "blanks"]
)
def test_a_bad_mail_key_is_one_line_naming_the_setting_without_the_key(value: str) -> None:
    with pytest.raises(ValidationError) as raised:
        settings_with(mail_key=value)
    line = describe_validation_error(raised.value)
    assert "FLOWBACK_MAIL_KEY" in line and "\n" not in line
    assert value not in line and KEY not in line


def test_production_needs_a_mail_key() -> None:
    problem = production_problem(settings_with(env="production", email_backend="smtp"))
    assert problem is not None and "FLOWBACK_MAIL_KEY" in problem
    assert (
        production_problem(settings_with(env="production", mail_key=KEY, email_backend="smtp"))
        is None
    )


def test_production_refuses_console_mail_unless_allowed() -> None:
    console = settings_with(env="production", mail_key=KEY, email_backend="console")
    problem = production_problem(console)
    assert problem is not None
    assert "FLOWBACK_EMAIL_BACKEND=console" in problem
    assert "FLOWBACK_ALLOW_CONSOLE_MAIL_IN_PRODUCTION" in problem
    allowed = settings_with(
        env="production",
        mail_key=KEY,
        email_backend="console",
        allow_console_mail_in_production=True,
    )
    assert production_problem(allowed) is None
    assert production_problem(settings_with(email_backend="console")) is None  # development


async def test_sqlite_connections_overwrite_what_they_delete(tmp_path: Path) -> None:
    config = tortoise_config(f"sqlite://{tmp_path}/flowback.sqlite3")
    async with TortoiseContext() as ctx:
        await ctx.init(config=config)
        rows = await ctx.db("sqlite").execute_query_dict("PRAGMA secure_delete")
    assert rows == [{"secure_delete": 1}]
