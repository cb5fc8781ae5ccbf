import typer

from commands.outbox import echo_report, with_database
from commands.settings import load_settings
from domain import outbox as outbox_domain
from models import OutboxKind

app = typer.Typer(
    help="The webhook deliveries: what waits and what failed.",
    invoke_without_command=True,
    no_args_is_help=False,
)
DELIVERIES = (OutboxKind.WEBHOOK,)


@app.callback()
def show(context: typer.Context) -> None:
    """List pending and failed deliveries: counts, oldest age, last errors (never content)."""
    if context.invoked_subcommand is not None:
        return
    settings = load_settings()
    endpoints = len(settings.webhooks)
    if endpoints:
        typer.echo(f"endpoints: {endpoints} in FLOWBACK_WEBHOOKS")
    else:
        typer.echo("endpoints: none (FLOWBACK_WEBHOOKS is empty): events go nowhere")

    async def read() -> tuple[int, outbox_domain.OutboxReport]:
        events = await outbox_domain.counts_by_status((OutboxKind.EVENT,))
        fanning = sum(events[status] for status in outbox_domain.UNFINISHED)
        return fanning, await outbox_domain.report(kinds=DELIVERIES)

    fanning, report = with_database(settings, read)
    typer.echo(f"events not yet fanned out: {fanning}")
    echo_report(report, subject="type")


@app.command()
def retry() -> None:
    """Re-queue failed deliveries; make the waiting ones due now.

    The relays deliver them again, each user's in order; a re-queued delivery has a fresh
    count of attempts, a waiting one stops waiting out its backoff.
    """

    async def requeue() -> tuple[int, int]:
        failed = await outbox_domain.retry_failed(DELIVERIES)
        return failed, await outbox_domain.hurry_waiting(DELIVERIES)

    failed, waiting = with_database(load_settings(), requeue)
    typer.echo(
        f"re-queued {failed} failed deliver{'ies' if failed != 1 else 'y'}; "
        f"{waiting} waiting {'are' if waiting != 1 else 'is'} due now"
    )
