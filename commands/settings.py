import typer
from pydantic import ValidationError

from adapters.database import dialect
from config.settings import Settings, UnknownSettingError, describe_validation_error


def load_settings() -> Settings:
    """Settings from the environment, or one clear line naming the bad variable."""
    try:
        settings = Settings()
        dialect(settings.database_url)
    except ValidationError as error:
        typer.echo(f"error: {describe_validation_error(error)}", err=True)
        raise typer.Exit(2) from None
    except UnknownSettingError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    except ValueError as error:
        typer.echo(f"error: invalid setting FLOWBACK_DATABASE_URL: {error}", err=True)
        raise typer.Exit(2) from None
    return settings
