import asyncio
import contextlib
import errno
import logging
import os
import resource
import socket
import tempfile
from collections.abc import Iterator
from typing import Annotated, Any

import typer
import uvicorn
from uvicorn.supervisors.multiprocess import Multiprocess

from adapters.database import apply_migrations, database_problem, dialect
from commands.output import refuse, say
from commands.settings import load_settings
from config.settings import Settings, production_problem
from observability import health
from observability.logs import configure_logging, log_config
from observability.metrics import SHARED_DIRECTORY_VARIABLE
from web.http_protocol import ConnectionLimits, bounded_protocol

MIGRATIONS_LOGGER = "flowback.migrations"
WORKER_HEALTHCHECK_SECONDS = 30

logger = logging.getLogger("flowback.serve")


def run_migrations(settings: Settings) -> None:
    """A database that cannot be used is one line and exit 1."""
    log_format = settings.log_format
    if (problem := asyncio.run(database_problem(settings))) is not None:
        refuse(problem, code=1, log_format=log_format)
    applied = asyncio.run(apply_migrations(settings.database_url))
    for name in applied:
        say(
            f"applied migration {name}",
            log_format=log_format,
            logger=MIGRATIONS_LOGGER,
            migration=name,
        )


def migrate() -> None:
    """Apply pending database migrations."""
    settings = load_settings()
    configure_logging(settings.log_format)
    run_migrations(settings)


def serve(
    host: Annotated[str, typer.Option(metavar="HOST", help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(metavar="PORT", help="TCP port to bind.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(min=1, metavar="N", help="Worker processes (one /metrics answers for all)."),
    ] = 1,
    reload: Annotated[
        bool, typer.Option("--reload", help="Restart when a source file changes (development).")
    ] = False,
) -> None:
    """Apply pending migrations, then serve.

    Serves GraphQL and the REST facade on HOST:PORT until SIGTERM or Ctrl-C.
    """
    settings = load_settings()
    log_format = settings.log_format
    configure_logging(log_format)
    if (problem := production_problem(settings)) is not None:
        refuse(problem, code=2, log_format=log_format)
    if reload and workers > 1:
        refuse("--reload and --workers cannot be combined", code=2, log_format=log_format)
    if workers > 1 and dialect(settings.database_url) == "sqlite":
        refuse(
            f"--workers {workers} needs PostgreSQL: SQLite lets one process write at a "
            "time, so workers would fail each other's writes; set FLOWBACK_DATABASE_URL",
            code=2,
            log_format=log_format,
        )
    if workers > 1 and settings.redis_url is None:
        refuse(
            f"--workers {workers} needs FLOWBACK_REDIS_URL: without Redis each worker "
            "keeps its own rate-limit counters, so every limit would be multiplied by the "
            "number of workers",
            code=2,
            log_format=log_format,
        )
    if (problem := address_problem(host, port)) is not None:
        refuse(problem, code=1, log_format=log_format)
    limits = connection_limits(settings, open_file_limit=raise_open_file_limit())
    if isinstance(limits, str):
        refuse(limits, code=2, log_format=log_format)
    run_migrations(settings)
    for level, line in [*startup_notes(settings), (logging.INFO, limits_note(limits))]:
        logger.log(level, line)
    options: dict[str, Any] = {
        "factory": True,
        "host": host,
        "port": port,
        "workers": workers,
        "reload": reload,
        "reload_includes": ["*.py", "*.graphql", "*.html"] if reload else None,
        # Forwarded headers are ours to judge (web.forwarded, FLOWBACK_FORWARDED_ALLOW_IPS).
        "proxy_headers": False,
        # SIGTERM: stop accepting, let in-flight requests finish for this long, then stop.
        "timeout_graceful_shutdown": settings.shutdown_timeout,
        # A worker (--workers) answers the supervisor's pings only once it has imported the
        # service; on a busy host that took longer than uvicorn's 5 s, and the supervisor
        # killed and replaced every new worker, over and over.
        "timeout_worker_healthcheck": WORKER_HEALTHCHECK_SECONDS,
        "access_log": False,
        "log_config": log_config(log_format=log_format),
        # httptools, bounded: heads, slow clients, connections (web.http_protocol).
        "http": bounded_protocol(limits),
        "timeout_keep_alive": settings.keep_alive_timeout,
    }
    if workers == 1:
        uvicorn.run("main:create_app", **options)
        return
    # uvicorn.run's own branch for workers, with a supervisor that closes its listener.
    config = uvicorn.Config("main:create_app", **options)
    with shared_metrics_directory():
        ListenerClosingMultiprocess(config, sockets=[config.bind_socket()]).run()


def raise_open_file_limit() -> int:
    """To the hard limit (the workers inherit it); returns the soft limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        except (ValueError, OSError):  # an unlimited hard limit the kernel will not grant
            return soft
    return hard


def connection_limits(settings: Settings, *, open_file_limit: int) -> ConnectionLimits | str:
    """At most ``FLOWBACK_MAX_CONNECTIONS`` a process, never eating into the reserve of file
    descriptors; or why the open-file limit leaves no room."""
    room = open_file_limit - settings.connection_reserve
    if room < 1:
        return (
            f"the open-file limit ({open_file_limit}) leaves no room for connections beside "
            f"FLOWBACK_CONNECTION_RESERVE ({settings.connection_reserve}); raise the limit "
            "(ulimit -n) or lower FLOWBACK_CONNECTION_RESERVE"
        )
    return ConnectionLimits(
        max_head_bytes=settings.max_header_bytes,
        header_timeout=settings.header_timeout,
        body_timeout=settings.body_timeout,
        body_min_rate=settings.body_min_rate,
        max_connections=min(settings.max_connections, room),
        probe_paths=health.PATHS,
    )


def limits_note(limits: ConnectionLimits) -> str:
    return (
        f"connections: at most {limits.max_connections} per process; heads of at most "
        f"{limits.max_head_bytes} bytes within {limits.header_timeout:g} s, bodies within "
        f"{limits.body_timeout:g} s + 1 s per {limits.body_min_rate:g} bytes"
    )


@contextlib.contextmanager
def shared_metrics_directory() -> Iterator[None]:
    """Named to the workers by ``PROMETHEUS_MULTIPROC_DIR`` and removed when the run ends, so no
    count of an earlier run is ever read."""
    with tempfile.TemporaryDirectory(prefix="flowback-metrics-") as directory:
        os.environ[SHARED_DIRECTORY_VARIABLE] = directory
        try:
            yield
        finally:
            del os.environ[SHARED_DIRECTORY_VARIABLE]


def startup_notes(settings: Settings) -> list[tuple[int, str]]:
    """What the server trusts and shows, logged once at start for the operator to check."""
    proxies = ", ".join(settings.forwarded_allow_ips)
    notes = [
        (
            logging.INFO,
            f"trusted proxies: {proxies} (their X-Forwarded-For, -Proto and -Host are believed)"
            if proxies
            else "trusted proxies: none (X-Forwarded-* headers are ignored; the client "
            "address is the connection's peer; FLOWBACK_FORWARDED_ALLOW_IPS names proxies)",
        ),
        (
            logging.INFO,
            f"allowed hosts: {', '.join(settings.allowed_hosts)}"
            if settings.allowed_hosts
            else "allowed hosts: any (FLOWBACK_ALLOWED_HOSTS is empty)",
        ),
        (
            logging.INFO,
            f"/metrics: {settings.metrics_exposure}; "
            f"/docs and /openapi.json: {'public' if settings.docs_public else 'off'}",
        ),
    ]
    if settings.env == "production" and not (settings.public_url or settings.allowed_hosts):
        notes.append(
            (
                logging.WARNING,
                "links (next, previous, image URLs) are built from each request's Host "
                "header: set FLOWBACK_PUBLIC_URL or FLOWBACK_ALLOWED_HOSTS",
            )
        )
    return notes


class ListenerClosingMultiprocess(Multiprocess):
    """Closes the supervisor's copy of the listening socket as soon as it is told to stop: kept
    open, the kernel went on accepting connections nobody would serve, reset at exit."""

    def terminate_all(self) -> None:
        for listener in self.sockets:
            listener.close()
        super().terminate_all()


def address_problem(host: str, port: int) -> str | None:
    """Checked before anything starts: uvicorn starts the application (and its relay) before it
    binds."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as error:
        return f"cannot serve on {host}:{port}: {error.strerror}; check --host"
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return (
                    f"{host}:{port} is already in use (another server?); "
                    "use --port to choose another"
                )
            return f"cannot serve on {host}:{port}: {error.strerror}; use --host or --port"
    return None
