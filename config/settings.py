import base64
import binascii
import json
import re
from collections.abc import Iterable
from difflib import get_close_matches
from ipaddress import ip_address, ip_network
from pathlib import Path
from string import Formatter
from typing import Annotated, Literal
from urllib.parse import urlsplit

from cryptography.fernet import Fernet
from limits import parse
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from config.trusted_documents import TrustedDocuments

ENV_PREFIX = "FLOWBACK_"
#: The test suite's own variables (``FLOWBACK_TEST_DATABASE_URL`` …): never settings, never refused.
RESERVED_PREFIX = f"{ENV_PREFIX}TEST_"


def _rate_limit(value: str) -> str:
    """``10/minute`` or ``3 per hour``."""
    try:
        parse(value)
    except ValueError:
        raise ValueError("expected a rate such as '10/minute' or '3 per hour'") from None
    return value


RateLimitText = Annotated[str, AfterValidator(_rate_limit)]


def _origins(value: object) -> object:
    """``https://a.example,https://b.example``."""
    if isinstance(value, str):
        return [origin.strip() for origin in value.split(",") if origin.strip()]
    return value


OriginList = Annotated[list[str], NoDecode, BeforeValidator(_origins)]


def _addresses(value: object) -> object:
    """``*``, or addresses and networks such as ``10.0.0.0/8,::1``."""
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
    """``*``, or host names (``.example.org`` for subdomains) and addresses."""
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
    """ValueError names what is wrong."""
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


class ServiceClient(BaseModel):
    """A service allowed to introspect tokens, by HTTP Basic."""

    model_config = ConfigDict(frozen=True)

    client_id: str
    secret: SecretStr


SERVICE_SECRET_MIN_LENGTH = 16


def _service_clients(value: object) -> object:
    """``id:secret`` pairs; a secret of at least 16 characters."""
    if not isinstance(value, str):
        return value
    clients: list[ServiceClient] = []
    for item in value.split(","):
        client_id, colon, secret = (part.strip() for part in item.partition(":"))
        if not item.strip():
            continue
        if not colon or not client_id or not secret:
            raise ValueError("expected comma-separated id:secret pairs")
        if len(secret) < SERVICE_SECRET_MIN_LENGTH:
            raise ValueError(
                f"the secret of {client_id!r} is shorter than {SERVICE_SECRET_MIN_LENGTH} "
                "characters; make one with: python -c 'import secrets; "
                "print(secrets.token_urlsafe(32))'"
            )
        if any(client.client_id == client_id for client in clients):
            raise ValueError(f"{client_id!r} is listed twice")
        clients.append(ServiceClient(client_id=client_id, secret=SecretStr(secret)))
    return clients


ServiceClients = Annotated[list[ServiceClient], NoDecode, BeforeValidator(_service_clients)]


class UnknownSettingError(ValueError):
    """A ``FLOWBACK_*`` variable that names no setting: a typo, or one this version lacks."""


def _trusted_documents(value: object) -> object:
    """Read and checked at start."""
    if isinstance(value, str | Path):
        return TrustedDocuments.read(Path(value))
    return value


TrustedDocumentsFile = Annotated[TrustedDocuments, BeforeValidator(_trusted_documents)]

WEBHOOK_KEY_PREFIX = "whsec_"
WEBHOOK_KEY_BYTES = range(24, 65)
MAKE_WEBHOOK_KEY = (
    "python -c 'import base64, secrets; "
    'print("whsec_" + base64.b64encode(secrets.token_bytes(32)).decode())\''
)


def webhook_key(secret: SecretStr) -> bytes:
    """The base64 after ``whsec_``."""
    text = secret.get_secret_value()
    if not text.startswith(WEBHOOK_KEY_PREFIX):
        raise ValueError(
            f"a secret starts with {WEBHOOK_KEY_PREFIX}; make one with: {MAKE_WEBHOOK_KEY}"
        )
    try:
        key = base64.b64decode(text.removeprefix(WEBHOOK_KEY_PREFIX), validate=True)
    except binascii.Error:
        raise ValueError(f"the part after {WEBHOOK_KEY_PREFIX} is not base64") from None
    if len(key) not in WEBHOOK_KEY_BYTES:
        raise ValueError(
            f"a secret holds {WEBHOOK_KEY_BYTES.start} to {WEBHOOK_KEY_BYTES.stop - 1} random "
            f"bytes; make one with: {MAKE_WEBHOOK_KEY}"
        )
    return key


WEBHOOK_URL_MAX_LENGTH = 2000


def _webhook_url(value: str) -> str:
    if len(value) > WEBHOOK_URL_MAX_LENGTH or not re.fullmatch(r"https?://[^\s/?#]+(/\S*)?", value):
        raise ValueError(f"expected an http(s) URL of at most {WEBHOOK_URL_MAX_LENGTH} characters")
    return value


def _webhook_secret(value: SecretStr) -> SecretStr:
    webhook_key(value)  # ValueError says what is wrong, never the secret
    return value


class WebhookEndpoint(BaseModel):
    """Every secret signs, so receivers on the old and on the new one verify during a rotation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    url: Annotated[str, AfterValidator(_webhook_url)]
    secrets: list[Annotated[SecretStr, AfterValidator(_webhook_secret)]] = Field(min_length=1)


def _json_list(value: object) -> object:
    if isinstance(value, str):
        try:
            return json.loads(value) if value.strip() else []
        except json.JSONDecodeError as error:
            raise ValueError(f"not JSON: {error}") from None
    return value


def _distinct_urls(endpoints: list[WebhookEndpoint]) -> list[WebhookEndpoint]:
    urls = [endpoint.url for endpoint in endpoints]
    for url in urls:
        if urls.count(url) > 1:
            raise ValueError(f"{url} is listed twice; give one endpoint every secret it has")
    return endpoints


WebhookEndpoints = Annotated[
    list[WebhookEndpoint],
    NoDecode,
    BeforeValidator(_json_list),
    AfterValidator(_distinct_urls),
]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", extra="ignore", frozen=True
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """The usual sources, once no ``FLOWBACK_*`` variable is a misspelt setting, which would
        otherwise be silently ignored."""
        names = [
            name
            for source in (env_settings, dotenv_settings)
            if isinstance(source, EnvSettingsSource)
            for name in source.env_vars
        ]
        if (problem := unknown_setting_problem(names)) is not None:
            raise UnknownSettingError(problem)
        return init_settings, env_settings, dotenv_settings, file_secret_settings

    env: Literal["development", "production"] = Field(
        default="development", description="`development` or `production`"
    )
    database_url: str = Field(
        default="sqlite://flowback.sqlite3",
        description=(
            "Tortoise URL: `sqlite://PATH` or `postgres://user:password@host:port/db` (asyncpg)"
        ),
    )

    email_backend: Literal["console", "smtp", "memory"] = Field(
        default="console",
        description=(
            "`console` (the whole message on stdout), `smtp`, or `memory` (kept in memory; tests)"
        ),
    )
    email_from: str = Field(
        default="Flowback <no-reply@flowback.local>", description="The `From` of every mail"
    )
    smtp_host: str = Field(
        default="localhost", description="Host name or address of the SMTP server"
    )
    smtp_port: int = Field(default=25, ge=1, le=65535, description="Port of the SMTP server")
    smtp_username: str | None = Field(
        default=None, description="SMTP login, if the server wants one"
    )
    smtp_password: SecretStr | None = Field(default=None, description="SMTP password")
    smtp_starttls: bool = Field(
        default=False, description="`true` to upgrade the connection with STARTTLS"
    )
    smtp_timeout: float = Field(
        default=10.0, gt=0, description="Seconds before an SMTP exchange is given up"
    )

    verification_ttl: int = Field(
        default=86400, gt=0, description="Seconds a verification code stays valid"
    )
    password_min_length: int = Field(
        default=15, ge=8, le=64, description="Shortest accepted password (NIST SP 800-63B-4)"
    )
    password_max_length: int = Field(
        default=128,
        ge=64,
        le=1024,
        description="Longest accepted password; longer is `PASSWORD_TOO_LONG`",
    )
    bcrypt_rounds: int = Field(default=12, ge=4, le=31, description="bcrypt cost (the tests use 4)")
    hash_concurrency: int = Field(
        default=2,
        ge=1,
        le=64,
        description="bcrypt computations running at once, in threads off the event loop",
    )
    # Issue 22: bcrypt work waits in a bounded queue; beyond it the answer is RATE_LIMITED.
    hash_queue_size: int = Field(
        default=32,
        ge=0,
        le=10_000,
        description=(
            "Password hashes that may wait for one of the `FLOWBACK_HASH_CONCURRENCY` threads; "
            "more are refused at once with `RATE_LIMITED` (`Retry-After: 1`), unhashed"
        ),
    )
    hash_queue_per_account: int = Field(
        default=2,
        ge=1,
        le=100,
        description=(
            "Password hashes of one account (as typed at login, or signed in) running or "
            "waiting at once; more are refused at once, so one account's flood cannot starve "
            "the others"
        ),
    )
    hash_queue_per_address: int = Field(
        default=4,
        ge=1,
        le=1000,
        description="Password hashes for one client address running or waiting at once",
    )

    log_format: Literal["text", "json"] = Field(
        default="text", description="`text` (readable lines) or `json` (one JSON object per line)"
    )
    # The web app (issue 12): where it runs (its origin may call us), the page that
    # verification links open, and which REST dialect it speaks.
    frontend_url: str | None = Field(
        default=None,
        pattern=r"^https?://[^\s/]+(/\S*)?$",
        description=(
            "The frontend's base URL (`http(s)://host[:port][/path]`); when set, its origin may "
            "call the service (CORS, preflights answered) and the verification mail links to it"
        ),
    )
    frontend_verify_path: VerifyPathTemplate = Field(
        default=DEFAULT_VERIFY_PATH,
        description=(
            "The frontend page the verification mail links to, under `FLOWBACK_FRONTEND_URL`: a "
            "path naming `{code}` and `{email}` (each URL-encoded), for example "
            "`/login?email={email}&verification_code={code}`; empty for no link. The code is in the"
            " mail either way"
        ),
    )
    rest_dialect: Literal["document", "flowback-backend"] = Field(
        default="document",
        description=(
            "`document` (the REST contract of the documented Flowback API) or `flowback-backend` "
            "(the DRF backend's bodies, for the Flowback web app)"
        ),
    )
    outbox_poll_interval: float = Field(
        default=1.0, gt=0, description="Seconds the relay waits between looks at the outbox"
    )
    outbox_max_attempts: int = Field(
        default=8,
        ge=1,
        description="Attempts before a mail is `failed` (until `python main.py outbox retry`)",
    )
    outbox_backoff_base: float = Field(
        default=10.0,
        gt=0,
        description="Seconds before the first retry; each further retry waits twice as long",
    )
    outbox_backoff_max: float = Field(
        default=3600.0, gt=0, description="The longest wait between two attempts, in seconds"
    )
    outbox_lease: float = Field(
        default=300.0,
        gt=0,
        description=(
            "Seconds a relay owns a mail it is sending; a relay that dies mid-send loses the mail "
            "to another relay after this. Keep it well above a whole SMTP exchange (several "
            "`FLOWBACK_SMTP_TIMEOUT`s), or a slow send may be repeated"
        ),
    )
    # Abuse limits (issue 3): counters in memory, or in Redis when redis_url is set.
    redis_url: str | None = Field(
        default=None,
        pattern=r"^rediss?://",
        description=(
            "`redis://host:port/db`: rate-limit counters live in Redis, shared by every server "
            "process; unset, in each process's memory"
        ),
    )
    redis_key_prefix: str = Field(
        default="flowback",
        pattern=r"^[A-Za-z0-9_.:-]{1,64}$",
        description="Prefix of those Redis keys, to keep services sharing one Redis apart",
    )
    rate_limit_login_ip: RateLimitText = Field(
        default="60/minute", description="Login attempts per client IP"
    )
    # Issue 22: every check of a password (logins, and the signed-in calls that ask for it)
    # counts per address, per account and address, and per account alone.
    rate_limit_login_account: RateLimitText = Field(
        default="10/minute",
        description=(
            "Password attempts on one account from one client IP: logins by its username or "
            "email (each counted as typed and normalised, existing or not) and the signed-in "
            "calls that ask for the password"
        ),
    )
    rate_limit_register_ip: RateLimitText = Field(
        default="20/minute", description="Registrations per client IP"
    )
    rate_limit_register_email: RateLimitText = Field(
        default="3/hour", description="Registrations (so mails) per email address"
    )
    rate_limit_verify_ip: RateLimitText = Field(
        default="20/minute", description="Verification-code attempts per client IP"
    )
    # Rates, not passwords (S105 reads "password" in the names).
    rate_limit_password_reset_ip: RateLimitText = Field(
        default="20/minute", description="Password-reset requests (`forgot_password`) per client IP"
    )
    rate_limit_password_reset_email: RateLimitText = Field(
        default="3/hour",
        description="Password-reset requests (so mails) per email address, with an account or not",
    )
    rate_limit_password_reset_verify_ip: RateLimitText = Field(
        default="20/minute",
        description="Reset-code attempts (`forgot_password/verify`) per client IP",
    )
    login_lockout_failures: int = Field(
        default=100,
        ge=2,
        le=100,
        description=(
            "Consecutive failed password attempts on one account, from all addresses together "
            "(at most 100, NIST SP 800-63B), that lock it for `FLOWBACK_LOGIN_LOCKOUT_SECONDS`"
        ),
    )
    login_lockout_address_failures: int = Field(
        default=10,
        ge=1,
        le=99,
        description=(
            "Consecutive failed password attempts on one account from one client IP that lock "
            "that IP out of the account for `FLOWBACK_LOGIN_LOCKOUT_SECONDS`; below "
            "`FLOWBACK_LOGIN_LOCKOUT_FAILURES`, so no single address can lock the owner out"
        ),
    )
    login_lockout_seconds: int = Field(
        default=900,
        ge=1,
        description=(
            "Seconds an account (or an address, for it) stays locked after its failures; then "
            "the correct password works again"
        ),
    )
    max_body_bytes: int = Field(
        default=65536,
        ge=1024,
        description=(
            "Largest request body; larger is 413. Multipart bodies to the upload paths "
            "(`/user/update`, `/graphql`) may instead hold two images: 2 × "
            "`FLOWBACK_MAX_IMAGE_BYTES` + this"
        ),
    )
    # Issue 22: what a connection may take of a process before it is signed in (web.http_protocol).
    max_header_bytes: int = Field(
        default=32768,
        ge=1024,
        le=1_048_576,
        description=(
            "Largest request line and headers of one request, in bytes (32 KiB); more is 431 "
            "`HEADERS_TOO_LARGE` and the connection is closed"
        ),
    )
    header_timeout: float = Field(
        default=10.0,
        gt=0,
        le=3600,
        description=(
            "Seconds a client has to send a request's line and headers, from opening the "
            "connection (or from the first byte of a later request); then 408 `REQUEST_TIMEOUT` "
            "and the connection is closed (closed silently if nothing was sent)"
        ),
    )
    body_timeout: float = Field(
        default=10.0,
        gt=0,
        le=3600,
        description=(
            "Seconds a client has to send a request body, plus one second for every "
            "`FLOWBACK_BODY_MIN_RATE` bytes it sent; then 408 `REQUEST_TIMEOUT` and the "
            "connection is closed"
        ),
    )
    body_min_rate: float = Field(
        default=1024.0,
        gt=0,
        description=(
            "Bytes a second a slow body must keep up after `FLOWBACK_BODY_TIMEOUT` (each such "
            "many bytes earn one more second)"
        ),
    )
    keep_alive_timeout: float = Field(
        default=5.0,
        gt=0,
        le=3600,
        description="Seconds an idle keep-alive connection stays open between two requests",
    )
    max_connections: int = Field(
        default=4096,
        ge=1,
        description=(
            "Client connections one process keeps open; at the cap a new connection closes the "
            "one that has waited longest on its client (a slow head or body, or idle), and the "
            "probes are answered whatever the load. Lowered to the file-descriptor limit less "
            "`FLOWBACK_CONNECTION_RESERVE`"
        ),
    )
    connection_reserve: int = Field(
        default=128,
        ge=16,
        description=(
            "File descriptors of a process kept apart from client connections: for the "
            "database pool, Redis, logs, files and the connections accepted at once beyond the "
            "cap before older ones are closed"
        ),
    )
    cors_origins: OriginList = Field(
        default=[],
        description=(
            "Comma-separated origins allowed by CORS, besides the origin of "
            "`FLOWBACK_FRONTEND_URL`; with neither, CORS is off"
        ),
    )
    graphql_max_depth: int = Field(
        default=10, ge=1, description="Deepest GraphQL selection (leaf fields do not count)"
    )
    graphql_max_aliases: int = Field(
        default=15, ge=0, description="Aliases in one GraphQL document"
    )
    graphql_max_tokens: int = Field(
        default=2000, ge=50, description="Tokens in one GraphQL document"
    )
    graphql_max_fragments: int = Field(
        default=20, ge=0, description="Fragment definitions in one GraphQL document"
    )
    graphql_max_selections: int = Field(
        default=100,
        ge=1,
        description=(
            "Fields in one GraphQL document, counted with every fragment spread expanded where it "
            "stands"
        ),
    )
    graphql_document_cache_bytes: int = Field(
        default=32 * 1024 * 1024,
        ge=1024 * 1024,
        description=(
            "Memory each process may spend keeping GraphQL documents prepared (parsed, "
            "validated, compiled) and invalid ones refused, in bytes, estimated per document"
        ),
    )
    graphql_uploads_at_once: int = Field(
        default=4,
        ge=1,
        le=1000,
        description=(
            "Multipart GraphQL bodies (uploads) each process reads and runs at once; more "
            "wait up to `FLOWBACK_GRAPHQL_UPLOAD_WAIT_SECONDS`, then are 503"
        ),
    )
    graphql_upload_wait_seconds: float = Field(
        default=2.0,
        ge=0,
        le=60,
        description="How long a multipart GraphQL body waits for its turn to be read",
    )
    # Issue 23: persisted documents. Automatic persisted queries are kept in each process
    # (bounded by bytes) and, with FLOWBACK_REDIS_URL, in Redis for every process.
    graphql_persisted_queries_cache_bytes: int = Field(
        default=4 * 1024 * 1024,
        ge=0,
        description=(
            "Bytes of automatic persisted queries (document texts by their SHA-256) each "
            "process keeps, the least recently used dropped first; 0 keeps none in memory"
        ),
    )
    graphql_persisted_queries_ttl: int = Field(
        default=86400,
        ge=60,
        description=(
            "Seconds an automatic persisted query stays in Redis after it was registered "
            "(with `FLOWBACK_REDIS_URL`); a client then registers it again with one more request"
        ),
    )
    graphql_persisted_queries_redis_bytes: int = Field(
        default=64 * 1024 * 1024,
        ge=0,
        description=(
            "Bytes of automatic persisted queries all processes together may register in Redis"
            " per `FLOWBACK_GRAPHQL_PERSISTED_QUERIES_TTL`; beyond it a query is kept only in the "
            "process that saw it. Redis holds at most twice this, every key with an expiry, "
            "under `FLOWBACK_REDIS_KEY_PREFIX` followed by `-documents:`, never among the "
            "rate-limit counters"
        ),
    )
    graphql_trusted_documents: TrustedDocumentsFile | None = Field(
        default=None,
        description=(
            "Path of a manifest of trusted GraphQL documents: graphql-codegen's "
            "`persisted-documents.json` (SHA-256) or an Apollo persisted-query manifest. "
            "Clients name a listed document by `extensions.persistedQuery.sha256Hash` or "
            "`documentId`; in production only listed documents run (others are "
            "`PERSISTED_QUERY_NOT_IN_LIST`), except from a gateway holding "
            "`FLOWBACK_GATEWAY_TOKEN`"
        ),
    )
    gateway_token: BearerToken | None = Field(
        default=None,
        description=(
            "The secret a federation gateway sends in the `Flowback-Gateway-Token` header (at "
            f"least {MIN_TOKEN_LENGTH} characters): its documents (query plans, `_entities`) "
            "run though they are not trusted documents, and in production only it may read "
            "`_service { sdl }`"
        ),
    )
    # Many processes (issue 7): the database pool, and what a reverse proxy tells us.
    db_pool_min: int = Field(
        default=1, ge=0, le=1000, description="PostgreSQL connections each process keeps open"
    )
    db_pool_max: int = Field(
        default=10, ge=1, le=1000, description="Most PostgreSQL connections each process opens"
    )
    db_connect_timeout: float = Field(
        default=5.0,
        gt=0,
        description="Seconds to open a database connection before the request is 503",
    )
    db_command_timeout: float = Field(
        default=30.0,
        gt=0,
        description="Seconds one SQL statement may take before the request is 503",
    )
    shutdown_timeout: int = Field(
        default=30, ge=1, description="Seconds in-flight requests get to finish after SIGTERM"
    )
    public_url: str | None = Field(
        default=None,
        pattern=r"^https?://[^\s/]+(/\S*)?$",
        description=(
            "`https://host[/prefix]` that links (`next`, `previous`) and image URLs start with, "
            "whatever the request says; unset, each request's own base URL"
        ),
    )
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
        """Or what ``FLOWBACK_ENV`` implies when it is unset."""
        if self.metrics is not None:
            return self.metrics
        return "off" if self.env == "production" else "public"

    @property
    def docs_public(self) -> bool:
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
        if not self.frontend_url:
            return None
        parts = urlsplit(self.frontend_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def allowed_origins(self) -> list[str]:
        """``cors_origins`` and the web app's own."""
        extra = [self.frontend_origin] if self.frontend_origin else []
        return list(dict.fromkeys([*self.cors_origins, *extra]))

    @model_validator(mode="after")
    def _pool_bounds(self) -> "Settings":
        if self.db_pool_min > self.db_pool_max:
            raise ValueError("FLOWBACK_DB_POOL_MIN is larger than FLOWBACK_DB_POOL_MAX")
        return self

    @model_validator(mode="after")
    def _lockout_bounds(self) -> "Settings":
        if self.login_lockout_address_failures >= self.login_lockout_failures:
            raise ValueError(
                "FLOWBACK_LOGIN_LOCKOUT_ADDRESS_FAILURES must be below "
                "FLOWBACK_LOGIN_LOCKOUT_FAILURES, or one address could lock an account's owner out"
            )
        return self

    # Account lifecycle (issue 8): password reset, profile images.
    password_reset_ttl: int = Field(
        default=3600, gt=0, description="Seconds a password-reset code stays valid"
    )
    media_root: Path = Field(
        default=Path("media"),
        description="Directory where uploaded images are stored (served at `/media/...`)",
    )
    replaced_picture_grace: int = Field(
        default=3600,
        ge=0,
        description=(
            "Seconds (1 hour) a replaced profile or banner image stays readable, for pages still "
            "showing it, before housekeeping deletes it; an account's deletion deletes its "
            "images at once"
        ),
    )
    max_image_bytes: int = Field(
        default=5 * 1024 * 1024,
        gt=0,
        description=(
            "Largest accepted image file, in bytes (5 MB), as uploaded and as re-encoded for "
            "storage; larger is `IMAGE_TOO_LARGE`"
        ),
    )
    max_image_pixels: int = Field(
        default=40_000_000,
        gt=0,
        description=(
            "Largest accepted width × height (a quarter of it for WebP); checked before decoding "
            "(decompression bombs)"
        ),
    )
    image_concurrency: int = Field(
        default=2,
        ge=1,
        le=64,
        description=(
            "Images decoded and re-encoded at once per process; more wait their turn. Image work "
            "holds at most this × `FLOWBACK_MAX_IMAGE_PIXELS` × 8 bytes (610 MiB by default)"
        ),
    )
    # Issue 12: the settings page's opaque JSON text, in UTF-8 bytes.
    user_config_max_bytes: int = Field(
        default=16384,
        ge=2,
        le=1_000_000,
        description=(
            "Largest `user_config` (the settings page's JSON text), in UTF-8 bytes; larger is "
            "`USER_CONFIG_TOO_LARGE`"
        ),
    )
    # Issue 16: stored mail is encrypted with this key (domain.mail_cipher), and production
    # refuses to write codes to the console unless told to (production_problem).
    mail_key: MailKeyText | None = Field(
        default=None,
        description=(
            "Fernet key(s), comma-separated, that encrypt the mail waiting in the outbox: the first"
            " seals, all open (rotation). Required in production; unset in development, a fixed, "
            "public key is used"
        ),
    )
    allow_console_mail_in_production: bool = Field(
        default=False,
        description=(
            "`true` lets `FLOWBACK_ENV=production` run with `FLOWBACK_EMAIL_BACKEND=console`, which"
            " writes every code to the logs; otherwise that is refused at start"
        ),
    )
    # Issue 14: token lifetimes (seconds), email change, and housekeeping.
    token_idle_timeout: int = Field(
        default=14 * 86400,
        gt=0,
        description="Seconds (14 days) a token may go unused before it dies",
    )
    token_max_age: int = Field(
        default=90 * 86400,
        gt=0,
        description="Seconds (90 days) after login a token dies, however much it is used",
    )
    email_change_ttl: int = Field(
        default=3600, gt=0, description="Seconds an email-change code stays valid"
    )
    rate_limit_email_change_account: RateLimitText = Field(
        default="3/hour", description="Email-change requests per account"
    )
    rate_limit_email_change_email: RateLimitText = Field(
        default="3/hour",
        description="Email-change requests (so mails) per new address, with an account or not",
    )
    rate_limit_email_change_verify_ip: RateLimitText = Field(
        default="20/minute", description="Email-change code attempts per client IP"
    )
    housekeeping_interval: float = Field(
        default=3600.0, gt=0, description="Seconds between two housekeeping passes of a server"
    )
    token_retention: int = Field(
        default=30 * 86400,
        ge=0,
        description=(
            "Seconds (30 days) a dead or revoked token stays in the table before housekeeping "
            "deletes it"
        ),
    )
    outbox_retention: int = Field(
        default=7 * 86400,
        ge=0,
        description=(
            "Seconds (7 days) a sent mail's row (no content) stays before housekeeping deletes it"
        ),
    )

    # Issue 25: the rest of the platform trusts our sessions and hears about our users.
    introspection_clients: ServiceClients = Field(
        default=[],
        description="Services allowed to call `POST /introspect` (RFC 7662): comma-separated "
        "`id:secret` pairs, sent with HTTP Basic; each secret at least 16 characters. Empty: "
        "nobody may introspect.",
    )
    webhooks: WebhookEndpoints = Field(
        default=[],
        description='Webhook endpoints, as JSON: `[{"url": "https://…", "secrets": '
        '["whsec_…"]}]`. Each gets every user event, signed by each of its secrets (Standard '
        "Webhooks; several during a rotation). Empty: events are recorded and go nowhere.",
    )
    webhook_timeout: float = Field(
        default=10.0,
        gt=0,
        le=300,
        description="Seconds one webhook delivery may take, connection to answer; longer is "
        "a failed attempt.",
    )
    webhook_max_attempts: int = Field(
        default=20,
        ge=1,
        description="Attempts before a webhook delivery is `failed` (until `python main.py "
        "webhooks retry`); retries wait as mail's do (`FLOWBACK_OUTBOX_BACKOFF_*`), so the "
        "default keeps trying for about 13 hours.",
    )
    webhook_concurrency: int = Field(
        default=4,
        ge=1,
        le=64,
        description="Webhook deliveries each server process makes at once (events of one "
        "user to one endpoint always go one after another, in order).",
    )


def unknown_setting_problem(names: Iterable[str]) -> str | None:
    """The first of ``names`` with the prefix but no setting, with the nearest setting, or None."""
    known = [field.upper() for field in Settings.model_fields]
    for name in sorted({name.upper() for name in names}):
        setting = name.removeprefix(ENV_PREFIX)
        if setting == name or name.startswith(RESERVED_PREFIX) or setting in known:
            continue
        nearest = get_close_matches(setting, known, n=1)  # compared without the shared prefix
        hint = f"; did you mean {ENV_PREFIX}{nearest[0]}?" if nearest else ""
        return f"{name}: unknown setting{hint}"
    return None


def production_problem(settings: Settings) -> str | None:
    """One line, or None."""
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
    """One line naming the offending variable."""
    problem = error.errors()[0]
    if not problem["loc"]:  # a rule joining several settings names them in its message
        return f"invalid settings: {problem['msg'].removeprefix('Value error, ')}"
    field, *inside = problem["loc"]
    name = f"{ENV_PREFIX}{str(field).upper()}"
    where = f" (at {'.'.join(str(part) for part in inside)})" if inside else ""
    secret = "PASSWORD" in name or name in SECRET_SETTINGS
    shown = "" if secret else f" (got {problem.get('input')!r})"
    return f"invalid setting {name}{where}: {problem['msg']}{shown}"


#: Settings holding secrets, whose values an error message never repeats.
SECRET_SETTINGS = frozenset(
    f"{ENV_PREFIX}{name}"
    for name in ("MAIL_KEY", "INTROSPECTION_CLIENTS", "METRICS_TOKEN", "WEBHOOKS", "GATEWAY_TOKEN")
)
