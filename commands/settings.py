from pydantic import ValidationError

from adapters.database import dialect
from commands.output import refuse
from config.settings import Settings, UnknownSettingError, describe_validation_error


def load_settings() -> Settings:
    """Or one clear line naming the bad variable."""
    try:
        settings = Settings()
        dialect(settings.database_url)
    except ValidationError as error:
        refuse(describe_validation_error(error), code=2)
    except UnknownSettingError as error:
        refuse(str(error), code=2)
    except ValueError as error:
        refuse(f"invalid setting FLOWBACK_DATABASE_URL: {error}", code=2)
    return settings
