"""OpenTelemetry traces over OTLP/HTTP (docs/operating/tracing.md), and the spans of outbound
work: SQL statements, mail, webhooks. Without an endpoint nothing of it runs."""

import asyncio
import functools
import logging
import os
import re
from collections.abc import Awaitable, Callable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from opentelemetry import trace
from opentelemetry.trace import SpanKind, Tracer
from tortoise.backends.asyncpg.client import AsyncpgDBClient
from tortoise.backends.asyncpg.client import TransactionWrapper as AsyncpgTransaction
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.backends.base_postgres.client import BasePostgresClient
from tortoise.backends.sqlite.client import SqliteClient, SqliteTransactionWrapper

from adapters import postgres_client, sqlite_client

if TYPE_CHECKING:  # the SDK is imported only by a process that exports
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider

logger = logging.getLogger("flowback.tracing")

Attributes = Mapping[str, str | int | float | bool]
DEFAULT_SERVICE_NAME = "flowback-user-service"
ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")
INSTRUMENTATION = "flowback"

#: Every class whose own ``execute_*`` methods send statements: Tortoise's clients and
#: transactions of both dialects, and the service's engines over them. A client class that
#: sends statements by another way must be added here (or make its own spans).
STATEMENT_CLIENTS: tuple[type[BaseDBAsyncClient], ...] = (
    SqliteClient,
    SqliteTransactionWrapper,
    sqlite_client.client_class,
    BasePostgresClient,
    AsyncpgDBClient,
    AsyncpgTransaction,
    postgres_client.client_class,
)
STATEMENT_METHODS = (
    "execute_insert",
    "execute_many",
    "execute_query",
    "execute_query_dict",
    "execute_script",
)
DB_SYSTEMS = {"sqlite": "sqlite", "postgres": "postgresql"}
# The table a statement reads or writes, for the span's name (SELECT users).
_TABLE = re.compile(r'\b(?:FROM|INTO|UPDATE|JOIN)\s+"?([A-Za-z_][A-Za-z0-9_]*)', re.IGNORECASE)

_tracer: Tracer | None = None
_in_statement: ContextVar[bool] = ContextVar("flowback_in_statement_span", default=False)
_originals: dict[tuple[type, str], Callable[..., Awaitable[Any]]] = {}


@dataclass(frozen=True, slots=True)
class Tracing:
    provider: "TracerProvider"

    @property
    def tracer(self) -> Tracer:
        return self.provider.get_tracer(INSTRUMENTATION)

    def install(self) -> None:
        enable(self.tracer)

    async def close(self) -> None:
        """Sends the spans not yet exported (off the loop)."""
        disable()
        await asyncio.to_thread(self.provider.shutdown)


def requested(environ: Mapping[str, str] = os.environ) -> bool:
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    if environ.get("OTEL_TRACES_EXPORTER", "").strip().lower() == "none":
        return False
    return any(environ.get(name, "").strip() for name in ENDPOINT_VARIABLES)


@functools.cache
def from_environment() -> Tracing | None:
    """None without an endpoint; made once per process (each worker has its own)."""
    if not requested():
        return None
    # Imported here: every process imports this module, few export.
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(resource=service_resource())
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    endpoint = next(os.environ[name] for name in ENDPOINT_VARIABLES if os.environ.get(name))
    logger.info("tracing: spans exported over OTLP/HTTP to %s", endpoint)
    return Tracing(provider)


def service_resource() -> "Resource":
    """Named ``flowback-user-service`` unless ``OTEL_SERVICE_NAME`` or the attributes name it."""
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource

    detected = Resource.create()
    if str(detected.attributes.get(SERVICE_NAME, "")).startswith("unknown_service"):
        return detected.merge(Resource({SERVICE_NAME: DEFAULT_SERVICE_NAME}))
    return detected


def enable(tracer: Tracer) -> None:
    global _tracer
    _tracer = tracer
    _wrap_statements()


def disable() -> None:
    """The statement methods are Tortoise's own again."""
    global _tracer
    _tracer = None
    for (owner, name), method in _originals.items():
        setattr(owner, name, method)
    _originals.clear()


def enabled() -> bool:
    return _tracer is not None


@contextmanager
def outbound_span(
    name: str, *, attributes: Attributes | None = None, kind: SpanKind = SpanKind.CLIENT
) -> Iterator[None]:
    """``kind`` CLIENT; a failure is recorded on the span and raised on."""
    if _tracer is None:
        yield
        return
    with _tracer.start_as_current_span(name, kind=kind, attributes=attributes):
        yield


def inject_traceparent(headers: MutableMapping[str, str]) -> None:
    """So the receiver of an outbound HTTP request continues the trace."""
    if _tracer is not None:
        _propagation().inject(headers)


def current_traceparent() -> str | None:
    """To store with work done later (``continued_span``)."""
    if _tracer is None:
        return None
    carrier: dict[str, str] = {}
    _propagation().inject(carrier)
    return carrier.get("traceparent")


@contextmanager
def continued_span(
    name: str,
    traceparent: str | None,
    *,
    attributes: Attributes | None = None,
    kind: SpanKind = SpanKind.CONSUMER,
) -> Iterator[None]:
    """A child of the span ``traceparent`` names, or a trace of its own without one."""
    if _tracer is None:
        yield
        return
    parent = _propagation().extract({"traceparent": traceparent}) if traceparent else None
    with _tracer.start_as_current_span(name, context=parent, kind=kind, attributes=attributes):
        yield


def _propagation() -> Any:
    """Imported once tracing is on: loading the propagators reads the packages' metadata."""
    from opentelemetry import propagate

    return propagate


def _wrap_statements() -> None:
    for owner in STATEMENT_CLIENTS:
        for name in STATEMENT_METHODS:
            method = owner.__dict__.get(name)
            if method is not None and (owner, name) not in _originals:
                _originals[owner, name] = method
                setattr(owner, name, _statement_span(method))


def _statement_span(method: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    @functools.wraps(method)
    async def traced(client: BaseDBAsyncClient, query: str, *args: Any, **kwargs: Any) -> Any:
        tracer = _tracer
        if tracer is None or _in_statement.get() or not trace.get_current_span().is_recording():
            return await method(client, query, *args, **kwargs)
        token = _in_statement.set(True)
        try:
            with tracer.start_as_current_span(
                _statement_name(query),
                kind=SpanKind.CLIENT,
                attributes=_statement_attributes(client, query),
            ):
                return await method(client, query, *args, **kwargs)
        finally:
            _in_statement.reset(token)

    return traced


def _statement_name(query: str) -> str:
    """``SELECT users``: the first word and the first table named."""
    words = query.split(None, 1)
    operation = words[0].upper() if words else "SQL"
    table = _TABLE.search(query)
    return f"{operation} {table.group(1)}" if table else operation


def _statement_attributes(client: BaseDBAsyncClient, query: str) -> dict[str, str]:
    """The values are parameters, never in the text."""
    dialect = client.capabilities.dialect
    attributes = {
        "db.system.name": DB_SYSTEMS.get(dialect, dialect),
        "db.query.text": query,
        "db.operation.name": _statement_name(query).split(" ", 1)[0],
    }
    if (table := _TABLE.search(query)) is not None:
        attributes["db.collection.name"] = table.group(1)
    return attributes
