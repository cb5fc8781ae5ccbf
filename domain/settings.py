"""One typed settings object, read from ``FLOWBACK_*`` variables (and ``.env``)."""

from typing import Literal

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "FLOWBACK_"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", extra="ignore", frozen=True
    )

    env: Literal["development", "production"] = "development"
    database_url: str = "sqlite://flowback.sqlite3"

    email_backend: Literal["console", "smtp", "memory"] = "console"
    email_from: str = "Flowback <no-reply@flowback.local>"
    smtp_host: str = "localhost"
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    smtp_timeout: float = Field(default=10.0, gt=0)

    verification_ttl: int = Field(default=86400, gt=0)
    password_min_length: int = Field(default=15, ge=8, le=64)
    password_max_length: int = Field(default=128, ge=64, le=1024)
    bcrypt_rounds: int = Field(default=12, ge=4, le=31)
    hash_concurrency: int = Field(default=2, ge=1, le=64)

    log_format: Literal["text", "json"] = "text"
    frontend_url: str | None = None
    outbox_poll_interval: float = Field(default=1.0, gt=0)
    outbox_max_attempts: int = Field(default=8, ge=1)
    outbox_backoff_base: float = Field(default=10.0, gt=0)
    outbox_backoff_max: float = Field(default=3600.0, gt=0)
    outbox_lease: float = Field(default=300.0, gt=0)


def describe_validation_error(error: ValidationError) -> str:
    """One line naming the offending variable, for a clean start-up failure."""
    problem = error.errors()[0]
    name = ENV_PREFIX + "_".join(str(part) for part in problem["loc"]).upper()
    shown = "" if "PASSWORD" in name else f" (got {problem.get('input')!r})"
    return f"invalid setting {name}: {problem['msg']}{shown}"
