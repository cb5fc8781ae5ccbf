import asyncio
import sys
from collections.abc import Callable
from typing import Annotated

import typer
from tortoise.transactions import in_transaction

from adapters.composition import compose
from commands.orm import orm
from commands.serve import run_migrations
from commands.settings import load_settings
from config.settings import Settings
from domain.errors import DomainError
from domain.registration import store_username_skeletons

SEED_PASSWORD = "flowback demo password"  # noqa: S105 - documented; seeding refuses production


def _read_password() -> str:
    """From the terminal (asked twice, not echoed) or, when piped, stdin's first line."""
    if sys.stdin.isatty():
        password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
        return password
    return sys.stdin.readline().rstrip("\r\n")


def create_user(
    username: Annotated[str, typer.Option(metavar="NAME", help="The new account's username.")],
    email: Annotated[str, typer.Option(metavar="ADDRESS", help="The new account's email address.")],
) -> None:
    """Create an active account.

    The password is read from a prompt, or from stdin when piped. It is never taken as an
    argument, where it would show in the shell history and process list. The same username,
    email and password rules as registration apply.
    """
    settings = load_settings()
    password = _read_password()
    run_migrations(settings)
    try:
        user_id = asyncio.run(_create(settings, username=username, email=email, password=password))
    except DomainError as error:
        for problem in error.errors:
            typer.echo(f"error: {problem.field or 'input'}: {problem.message}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"created user {user_id} ({username})")


async def _create(settings: Settings, *, username: str, email: str, password: str) -> int:
    async with orm(settings):
        accounts = compose(settings).rules.operator_accounts
        user = await accounts.create(username=username, email=email, password=password)
        return user.id


def seed(
    users: Annotated[
        int, typer.Option(min=1, max=1_000_000, metavar="N", help="How many users to add.")
    ],
    prefix: Annotated[
        str, typer.Option(metavar="PREFIX", help="Usernames are PREFIX1, PREFIX2, ...")
    ] = "demo",
) -> None:
    """Add fake users for demos and benchmarks.

    Refused when FLOWBACK_ENV=production. They are named PREFIX<n> with email
    PREFIX<n>@example.com, and all share the password 'flowback demo password'.
    """
    settings = load_settings()
    if settings.env == "production":
        typer.echo("error: seed adds users with a known password; refused in production", err=True)
        raise typer.Exit(1)
    run_migrations(settings)
    with typer.progressbar(length=users, label="Seeding users", file=sys.stderr) as bar:
        try:
            made = asyncio.run(_seed(settings, users=users, prefix=prefix, on_batch=bar.update))
        except DomainError as error:
            typer.echo(f"\nerror: {error.errors[0].message}", err=True)
            raise typer.Exit(1) from None
    typer.echo(f"created {made} users {prefix}N with password '{SEED_PASSWORD}'")


async def _seed(
    settings: Settings, *, users: int, prefix: str, on_batch: Callable[[int], None]
) -> int:
    async with orm(settings):
        accounts = compose(settings).rules.operator_accounts
        return await accounts.seed(
            count=users,
            prefix=prefix,
            password=SEED_PASSWORD,
            on_batch=on_batch,
        )


def reskeleton() -> None:
    """Store each username's look anew.

    Run once after domain/data/unicode/update.sh: the earliest of names that now look
    alike keeps its look, later ones keep working and block no one.
    """
    settings = load_settings()
    run_migrations(settings)
    stored = asyncio.run(_reskeleton(settings))
    typer.echo(f"stored the look of {stored} usernames")


async def _reskeleton(settings: Settings) -> int:
    async with orm(settings), in_transaction() as connection:
        return await store_username_skeletons(connection)
