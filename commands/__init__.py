import typer

from commands import docs, migrations, openapi, outbox, purge, schema, serve, users, webhooks

cli = typer.Typer(
    help="The Flowback user service.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
cli.command()(serve.serve)
cli.command()(serve.migrate)
cli.command()(migrations.makemigrations)
cli.command()(users.create_user)
cli.command()(users.seed)
cli.command()(users.reskeleton)
cli.command()(schema.export_schema)
cli.add_typer(outbox.app, name="outbox")
cli.command("send-test-email")(outbox.send_test_email)
cli.add_typer(webhooks.app, name="webhooks")
cli.command()(openapi.openapi)
cli.command()(purge.purge)
cli.command()(docs.docs)
