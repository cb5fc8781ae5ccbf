"""One typed settings object, read from ``FLOWBACK_*`` variables (and ``.env``)."""

import re
from ipaddress import ip_address, ip_network
from pathlib import Path
from string import Formatter
from typing import Annotated, Literal
from urllib.parse import urlsplit

from cryptography.fernet import Fernet
from limits import parse
from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    SecretStr,
    ValidationError,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ENV_PREFIX = "FLOWBACK_"


def _rate_limit(value: str) -> str:
    """A ``limits`` rate string such as ``10/minute`` or ``3 per hour``."""
    try:
        parse(value)
    except ValueError:
        raise ValueError("expected a rate such as '10/minute' or '3 per hour'") from None
    return value


RateLimitText = Annotated[str, AfterValidator(_rate_limit)]


def _origins(value: object) -> object:
    """A comma-separated list of origins such as ``https://a.example,https://b.example``."""
    if isinstance(value, str):
        return [origin.strip() for origin in value.split(",") if origin.strip()]
    return value


OriginList = Annotated[list[str], NoDecode, BeforeValidator(_origins)]


def _addresses(value: object) -> object:
    """``*``, or comma-separated addresses and networks such as ``10.0.0.0/8,::1``."""
    if isinstance(value, str):
        value = [item.strip() for item in value.split(",") if item.strip()]
    if isinstance(value, list):
        for item in value:
            if item != "*":
                ip_network(item, strict=False)  # ValueError names the bad entry
    return value


AddressList = Annotated[list[str], NoDecode, BeforeValidator(_addresses)]

_LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
_HOST_NAME = re.compile(rf"\.?{_LABEL}(\.{_LABEL})*")


def _hosts(value: object) -> object:
    """``*``, or comma-separated host names (``.example.org`` for subdomains) and addresses."""
    if isinstance(value, str):
        value = value.split(",")
    if isinstance(value, list):
        value = [str(item).strip().lower().rstrip(".") for item in value if str(item).strip()]
        for item in value:
            if item == "*" or _HOST_NAME.fullmatch(item):
                continue
            try:
                ip_address(item.removeprefix("[").removesuffix("]"))
            except ValueError:
                raise ValueError(
                    f"{item!r} is not a host name (no scheme, port or path), '.domain' or '*'"
                ) from None
    return value


HostList = Annotated[list[str], NoDecode, BeforeValidator(_hosts)]

VERIFY_PATH_FIELDS = frozenset({"code", "email"})
DEFAULT_VERIFY_PATH = "/register/verify?verification_code={code}"


def _verify_path(value: str) -> str:
    """Empty (no link), or a site path naming only ``{code}`` and ``{email}``."""
    if not value:
        return value
    if not value.startswith("/"):
        raise ValueError(
            "expected a path starting with '/', such as /login?verification_code={code}"
        )
    try:
        parts = list(Formatter().parse(value))
    except ValueError as error:
        raise ValueError(f"not a path template: {error}") from None
    for _, name, spec, conversion in parts:
        if name is not None and (name not in VERIFY_PATH_FIELDS or spec or conversion):
            raise ValueError("the only placeholders are {code} and {email}")
    return value


VerifyPathTemplate = Annotated[str, AfterValidator(_verify_path)]


def mail_keys(text: str) -> list[bytes]:
    """The Fernet keys of a ``FLOWBACK_MAIL_KEY`` value; ValueError names what is wrong."""
    keys = [part.strip().encode() for part in text.split(",") if part.strip()]
    if not keys:
        raise ValueError("expected at least one key")
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError:
            raise ValueError(
                f"key {position} is not a Fernet key (32 bytes in URL-safe base64, 44 "
                "characters); make one with: python -c 'from cryptography.fernet import "
                "Fernet; print(Fernet.generate_key().decode())'"
            ) from None
    return keys


def _mail_key(value: SecretStr) -> SecretStr:
    mail_keys(value.get_secret_value())  # ValueError says what is wrong, never the key
    return value


MailKeyText = Annotated[SecretStr, AfterValidator(_mail_key)]

MIN_TOKEN_LENGTH = 32


def _bearer_token(value: SecretStr) -> SecretStr:
    if len(value.get_secret_value()) < MIN_TOKEN_LENGTH:
        raise ValueError(
            f"expected at least {MIN_TOKEN_LENGTH} characters; make one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(32))'"
        )
    return value


BearerToken = Annotated[SecretStr, AfterValidator(_bearer_token)]
Exposure = Literal["public", "token", "off"]


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
    # The web app (issue 12): where it runs (its origin may call us), the page that
    # verification links open, and which REST dialect it speaks.
    frontend_url: str | None = Field(default=None, pattern=r"^https?://[^\s/]+(/\S*)?$")
    frontend_verify_path: VerifyPathTemplate = DEFAULT_VERIFY_PATH
    rest_dialect: Literal["document", "flowback-backend"] = "document"
    outbox_poll_interval: float = Field(default=1.0, gt=0)
    outbox_max_attempts: int = Field(default=8, ge=1)
    outbox_backoff_base: float = Field(default=10.0, gt=0)
    outbox_backoff_max: float = Field(default=3600.0, gt=0)
    outbox_lease: float = Field(default=300.0, gt=0)
    # Abuse limits (issue 3): counters in memory, or in Redis when redis_url is set.
    redis_url: str | None = Field(default=None, pattern=r"^rediss?://")
    redis_key_prefix: str = Field(default="flowback", pattern=r"^[A-Za-z0-9_.:-]{1,64}$")
    rate_limit_login_ip: RateLimitText = "60/minute"
    rate_limit_login_account: RateLimitText = "10/minute"
    rate_limit_register_ip: RateLimitText = "20/minute"
    rate_limit_register_email: RateLimitText = "3/hour"
    rate_limit_verify_ip: RateLimitText = "20/minute"
    # Rates, not passwords (S105 reads "password" in the names).
    rate_limit_password_reset_ip: RateLimitText = "20/minute"  # noqa: S105
    rate_limit_password_reset_email: RateLimitText = "3/hour"  # noqa: S105
    rate_limit_password_reset_verify_ip: RateLimitText = "20/minute"  # noqa: S105
    login_lockout_failures: int = Field(default=100, ge=1, le=100)
    login_lockout_seconds: int = Field(default=900, ge=1)
    max_body_bytes: int = Field(default=65536, ge=1024)
    cors_origins: OriginList = []
    graphql_max_depth: int = Field(default=10, ge=1)
    graphql_max_aliases: int = Field(default=15, ge=0)
    graphql_max_tokens: int = Field(default=2000, ge=50)
    graphql_max_fragments: int = Field(default=20, ge=0)
    graphql_max_selections: int = Field(default=100, ge=1)
    # Many processes (issue 7): the database pool, and what a reverse proxy tells us.
    db_pool_min: int = Field(default=1, ge=0, le=1000)
    db_pool_max: int = Field(default=10, ge=1, le=1000)
    db_connect_timeout: float = Field(default=5.0, gt=0)
    db_command_timeout: float = Field(default=30.0, gt=0)
    shutdown_timeout: int = Field(default=30, ge=1)
    public_url: str | None = Field(default=None, pattern=r"^https?://[^\s/]+(/\S*)?$")
    # Issue 22: who may say what the client's address, scheme and host are, and which
    # hosts the service answers for. Nobody is trusted unless named: a proxy on the same
    # host that passes a client's X-Forwarded-For through would void every per-IP limit.
    forwarded_allow_ips: AddressList = Field(
        default=[],
        description=(
            "Reverse proxies (addresses, networks such as `10.0.0.0/8`, or `*`) whose "
            "`X-Forwarded-For`, `-Proto` and `-Host` are believed; empty, nobody's are"
        ),
    )
    allowed_hosts: HostList = Field(
        default=[],
        description=(
            "Host names the service answers for (`api.example.org`; `.example.org` for it "
            "and its subdomains; `*` for any); a request for another `Host` is 400 "
            "`INVALID_HOST`. Empty, any host is answered, and without `FLOWBACK_PUBLIC_URL` "
            "links are built from the request's Host"
        ),
    )

    # Issue 22: pages for operators and developers. Unset, each follows FLOWBACK_ENV.
    metrics: Exposure | None = Field(
        default=None,
        description=(
            "Who may read `GET /metrics`: `public`, `token` (only with `Authorization: Bearer` "
            "and `FLOWBACK_METRICS_TOKEN`) or `off` (404); unset, `public` in development "
            "and `off` in production"
        ),
    )
    metrics_token: BearerToken | None = Field(
        default=None,
        description=(
            f"The bearer token `FLOWBACK_METRICS=token` asks for (at least {MIN_TOKEN_LENGTH} "
            "characters)"
        ),
    )
    docs: Literal["public", "off"] | None = Field(
        default=None,
        description=(
            "The REST docs, `/docs` (Swagger UI) and `/openapi.json`: `public` or `off` "
            "(404); unset, `public` in development and `off` in production. GraphiQL "
            "(`GET /graphql` in a browser) and introspection are development only"
        ),
    )

    @property
    def metrics_exposure(self) -> Exposure:
        """``FLOWBACK_METRICS``, or what ``FLOWBACK_ENV`` implies when it is unset."""
        if self.metrics is not None:
            return self.metrics
        return "off" if self.env == "production" else "public"

    @property
    def docs_public(self) -> bool:
        """Whether ``/docs`` and ``/openapi.json`` are served (``FLOWBACK_DOCS``)."""
        if self.docs is not None:
            return self.docs == "public"
        return self.env != "production"

    @model_validator(mode="after")
    def _metrics_token(self) -> "Settings":
        if self.metrics == "token" and self.metrics_token is None:
            raise ValueError("FLOWBACK_METRICS=token needs FLOWBACK_METRICS_TOKEN")
        return self

    @property
    def frontend_origin(self) -> str | None:
        """The web app's origin (scheme, host and port of ``frontend_url``), if it is set."""
        if not self.frontend_url:
            return None
        parts = urlsplit(self.frontend_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def allowed_origins(self) -> list[str]:
        """The origins CORS lets in: ``cors_origins`` and the web app's own."""
        extra = [self.frontend_origin] if self.frontend_origin else []
        return list(dict.fromkeys([*self.cors_origins, *extra]))

    @model_validator(mode="after")
    def _pool_bounds(self) -> "Settings":
        if self.db_pool_min > self.db_pool_max:
            raise ValueError("FLOWBACK_DB_POOL_MIN is larger than FLOWBACK_DB_POOL_MAX")
        return self

    # Account lifecycle (issue 8): password reset, profile images.
    password_reset_ttl: int = Field(default=3600, gt=0)
    media_root: Path = Path("media")
    max_image_bytes: int = Field(default=5 * 1024 * 1024, gt=0)
    max_image_pixels: int = Field(default=40_000_000, gt=0)
    image_concurrency: int = Field(default=2, ge=1, le=64)
    # Issue 12: the settings page's opaque JSON text, in UTF-8 bytes.
    user_config_max_bytes: int = Field(default=16384, ge=2, le=1_000_000)
    # Issue 16: stored mail is encrypted with this key (domain.mail_cipher), and production
    # refuses to write codes to the console unless told to (production_problem).
    mail_key: MailKeyText | None = None
    allow_console_mail_in_production: bool = False
    # Issue 14: token lifetimes (seconds), email change, and housekeeping.
    token_idle_timeout: int = Field(default=14 * 86400, gt=0)
    token_max_age: int = Field(default=90 * 86400, gt=0)
    email_change_ttl: int = Field(default=3600, gt=0)
    rate_limit_email_change_account: RateLimitText = "3/hour"
    rate_limit_email_change_email: RateLimitText = "3/hour"
    rate_limit_email_change_verify_ip: RateLimitText = "20/minute"
    housekeeping_interval: float = Field(default=3600.0, gt=0)
    token_retention: int = Field(default=30 * 86400, ge=0)
    outbox_retention: int = Field(default=7 * 86400, ge=0)


def production_problem(settings: Settings) -> str | None:
    """Why ``settings`` must not serve in production, as one line, or None."""
    if settings.env != "production":
        return None
    if settings.mail_key is None:
        return (
            "FLOWBACK_ENV=production needs FLOWBACK_MAIL_KEY: without it the mail waiting in "
            "the outbox (verification and reset codes) is readable by anyone with the database"
        )
    if settings.email_backend == "console" and not settings.allow_console_mail_in_production:
        return (
            "FLOWBACK_ENV=production with FLOWBACK_EMAIL_BACKEND=console would write every "
            "verification and reset code to the logs; set FLOWBACK_EMAIL_BACKEND=smtp, or "
            "FLOWBACK_ALLOW_CONSOLE_MAIL_IN_PRODUCTION=true if that is really wanted"
        )
    return None


def describe_validation_error(error: ValidationError) -> str:
    """One line naming the offending variable, for a clean start-up failure."""
    problem = error.errors()[0]
    if not problem["loc"]:  # a rule joining several settings names them in its message
        return f"invalid settings: {problem['msg'].removeprefix('Value error, ')}"
    name = ENV_PREFIX + "_".join(str(part) for part in problem["loc"]).upper()
    secret = "PASSWORD" in name or name.endswith(("_KEY", "_TOKEN"))
    shown = "" if secret else f" (got {problem.get('input')!r})"
    return f"invalid setting {name}: {problem['msg']}{shown}"
