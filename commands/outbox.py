import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Annotated, TypeVar

import typer

from adapters.mailers import build_mailer
from commands.orm import orm
from commands.settings import load_settings
from config.settings import Settings
from domain import outbox as outbox_domain
from domain.errors import DomainError
from domain.mail import MailDeliveryError, test_message
from domain.validation import clean_email
from models import OutboxStatus

app = typer.Typer(
    help="The mail outbox: what waits to be sent and what failed.",
    invoke_without_command=True,
    no_args_is_help=False,
)

T = TypeVar("T")


@app.callback()
def show(context: typer.Context) -> None:
    """List pending and failed messages: counts, oldest age, last errors (never content)."""
    if context.invoked_subcommand is not None:
        return
    echo_report(with_database(load_settings(), outbox_domain.report), subject="subject")


def echo_report(report: outbox_domain.OutboxReport, *, subject: str) -> None:
    now = datetime.now(UTC)
    typer.echo("  ".join(f"{status.value}: {report.counts[status]}" for status in OutboxStatus))
    if report.oldest_waiting is None:
        typer.echo("nothing waiting")
        return
    typer.echo(f"oldest unsent: {age(now, report.oldest_waiting)} old")
    for message in report.waiting:
        line = (
            f"#{message.id} {message.status.value} attempts={message.attempts} "
            f"age={age(now, message.created_at)} to={message.recipient} "
            f"{subject}={message.subject!r}"
        )
        if message.status == OutboxStatus.PENDING:
            line += f" next={age(message.next_attempt_at, now, signed=True)}"
        if message.last_error:
            line += f" last_error={message.last_error!r}"
        typer.echo(line)


@app.command()
def retry() -> None:
    """Re-queue every failed message.

    The relay sends them again, with a fresh count of attempts.
    """
    count = with_database(load_settings(), outbox_domain.retry_failed)
    typer.echo(f"re-queued {count} failed message{'s' if count != 1 else ''}")


def send_test_email(
    address: Annotated[
        str, typer.Argument(metavar="ADDRESS", help="Where to send the test email.")
    ],
) -> None:
    """Send one email now and say if it worked.

    It goes through the configured backend at once, not through the outbox.
    """
    settings = load_settings()
    try:
        to = clean_email(address)
    except DomainError as error:
        typer.echo(f"error: {error.errors[0].message}", err=True)
        raise typer.Exit(2) from None
    backend: str = settings.email_backend
    if settings.email_backend == "smtp":
        backend = f"smtp ({settings.smtp_host}:{settings.smtp_port})"
    try:
        asyncio.run(build_mailer(settings).send(test_message(settings=settings, to=to)))
    except MailDeliveryError as error:
        typer.echo(f"error: the test email to {to} was NOT sent via {backend}: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"sent a test email to {to} via {backend}")


def with_database(settings: Settings, operation: Callable[[], Awaitable[T]]) -> T:

    async def run() -> T:
        async with orm(settings):  # a database that cannot be used is one line, exit 1
            return await operation()

    return asyncio.run(run())


def age(now: datetime, then: datetime, *, signed: bool = False) -> str:
    """Briefly: ``45s``, ``12m``, ``3h``."""
    seconds = int((now - then).total_seconds())
    if signed and seconds < 0:
        return "now"
    seconds = abs(seconds)
    if seconds < 120:
        return f"{seconds}s"
    if seconds < 7200:
        return f"{seconds // 60}m"
    return f"{seconds // 3600}h"
