"""Prometheus metrics, one registry per application; label values are bounded, and workers
share their counts (docs/operating/monitoring.md)."""

import asyncio
import contextlib
import gc
import logging
import os
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.metrics_core import CounterMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead
from prometheus_client.registry import Collector
from prometheus_client.samples import Sample
from starlette.requests import Request
from starlette.responses import Response

from domain import outbox

logger = logging.getLogger("flowback.metrics")

MAX_OPERATIONS = 100
ANONYMOUS = "anonymous"
OTHER = "other"
GRAPHQL_ROUTE = "/graphql"
OPERATIONS = "flowback_graphql_operations"
OPERATION_DURATION = "flowback_graphql_operation_duration_seconds"
# Set by ``serve --workers N`` for its workers; read by prometheus_client when it is imported.
SHARED_DIRECTORY_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
GC_SHARE_SECONDS = 5.0
WORKER_FILE_PREFIX = "worker-"
# prometheus_client's GCCollector series, and the ``gc.get_stats()`` key each one counts.
GC_METRICS = {
    "python_gc_objects_collected": "collected",
    "python_gc_objects_uncollectable": "uncollectable",
    "python_gc_collections": "collections",
}

# A counter's creation time, as a series of its own, tells a scraper nothing it needs.
disable_created_metrics()  # type: ignore[no-untyped-call]

# The help text of each metric, as /metrics shows it.
HELP = {
    "flowback_http_requests": "HTTP requests answered, by method, route template and status.",
    "flowback_http_request_duration_seconds": (
        "Time to answer an HTTP request, by method and route template."
    ),
    "flowback_graphql_operations": "GraphQL operations executed, by operation name.",
    "flowback_graphql_operation_duration_seconds": (
        "Time to answer a GraphQL request, by operation name."
    ),
    "flowback_errors": (
        "Expected failures answered, by error code and transport (rest or graphql)."
    ),
    "flowback_outbox_messages": (
        "Mails in the outbox by status, read at scrape time; pending + sending is the depth."
    ),
    "flowback_outbox_oldest_unsent_age_seconds": (
        "Age of the oldest mail not yet sent (0 when every mail is sent)."
    ),
    # prometheus_client's GCCollector, summed over the workers.
    "python_gc_objects_collected": "Objects collected during gc",
    "python_gc_objects_uncollectable": "Uncollectable objects found during GC",
    "python_gc_collections": "Number of times this generation was collected",
}


def carries_graphql(*, route: str, method: str, query_string: bytes) -> bool:
    """Any request to ``/graphql`` but the bare GET that opens GraphiQL."""
    return route == GRAPHQL_ROUTE and (method != "GET" or bool(query_string))


class Metrics:
    """Shared with the other workers when ``shared_directory`` (``PROMETHEUS_MULTIPROC_DIR``)
    names the run's directory."""

    def __init__(self, *, shared_directory: str | None = None) -> None:
        self.shared_directory = shared_directory or os.environ.get(SHARED_DIRECTORY_VARIABLE)
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = self._counter("flowback_http_requests", "method", "route", "status")
        self.latency = self._histogram("flowback_http_request_duration_seconds", "method", "route")
        self.operation_latency = self._histogram(OPERATION_DURATION, "operation")
        # Its counter is read off the histogram (``OperationCounts``): a request counts once.
        self.registry.register(OperationCounts(self.operation_latency))
        self.errors = self._counter("flowback_errors", "code", "transport")
        self.outbox_messages = self._gauge("flowback_outbox_messages", "status")
        self.outbox_oldest_unsent_age = self._gauge("flowback_outbox_oldest_unsent_age_seconds")
        self._operation_names: set[str] = set()
        # Each request's two series, found once per method, route and status.
        self._request_series: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}
        # And each operation's, by its name (None for an anonymous one).
        self._operation_series: dict[str | None, Histogram] = {}
        if self.shared_directory is None:
            ProcessCollector(registry=self.registry)
            PlatformCollector(registry=self.registry)
            GCCollector(registry=self.registry)
            self.gc_share: GcShare | None = None
        else:
            self.gc_share = GcShare(
                {self._counter(name, "generation"): stat for name, stat in GC_METRICS.items()}
            )

    def _counter(self, name: str, *labels: str) -> Counter:
        return Counter(name, HELP[name], labels, registry=self.registry)

    def _histogram(self, name: str, *labels: str) -> Histogram:
        return Histogram(name, HELP[name], labels, registry=self.registry)

    def _gauge(self, name: str, *labels: str) -> Gauge:
        # Every worker reads the same outbox: the last reading is the one to show.
        return Gauge(
            name, HELP[name], labels, registry=self.registry, multiprocess_mode="mostrecent"
        )

    def observe(
        self,
        *,
        method: str,
        route: str,
        status: int,
        seconds: float,
        graphql: bool,
        graphql_operation: str | None,
        error_codes: list[str],
    ) -> None:
        key = (method, route, status)
        series = self._request_series.get(key)
        if series is None:
            # As many as the labels' values, which are bounded (docs/operating/monitoring.md).
            series = self._request_series[key] = (
                self.requests.labels(method, route, str(status)),
                self.latency.labels(method, route),
            )
        series[0].inc()
        series[1].observe(seconds)
        if graphql:
            operation = self._operation_series.get(graphql_operation)
            if operation is None:
                operation = self._series_of_operation(graphql_operation)
            operation.observe(seconds)
        transport = "graphql" if graphql else "rest"
        for code in error_codes:
            self.errors.labels(code, transport).inc()

    def _series_of_operation(self, name: str | None) -> Histogram:
        """Found by ``labels()`` once per name within the bound (``_operation_label``), and
        kept by the name as sent; past the bound, a name is ``other``'s, found each time."""
        label = self._operation_label(name)
        series = self.operation_latency.labels(label)
        if name is None or label == name:  # its own label: one of the bounded few
            self._operation_series[name] = series
        return series

    def _operation_label(self, name: str | None) -> str:
        if name is None:
            return ANONYMOUS
        if name in self._operation_names:
            return name
        if len(self._operation_names) < MAX_OPERATIONS:
            self._operation_names.add(name)
            return name
        return OTHER

    async def read_outbox(self) -> None:
        """Without a database the gauges keep their last values."""
        try:
            counts = await outbox.counts_by_status()
            oldest = await outbox.oldest_unsent()
        except Exception as error:  # a scrape must not fail because the database is away
            logger.warning("outbox gauges not refreshed: %s", type(error).__name__)
            return
        for status, messages in counts.items():
            self.outbox_messages.labels(status.value).set(messages)
        age = (datetime.now(UTC) - oldest).total_seconds() if oldest else 0.0
        self.outbox_oldest_unsent_age.set(max(age, 0.0))

    async def endpoint(self, request: Request) -> Response:
        await self.read_outbox()
        return Response(generate_latest(self.scraped()), media_type=CONTENT_TYPE_LATEST)

    def scraped(self) -> CollectorRegistry:
        """This application's registry, or every worker's files."""
        if self.shared_directory is None:
            return self.registry
        if self.gc_share is not None:
            self.gc_share.add_new()
        registry = CollectorRegistry()
        shared = MultiProcessCollector(None, path=self.shared_directory)  # type: ignore[no-untyped-call]
        registry.register(OperationCounts(shared, passing=True))
        registry.register(WorkerProcesses(Path(self.shared_directory)))
        PlatformCollector(registry=registry)  # the workers run one interpreter
        return registry

    @contextlib.asynccontextmanager
    async def sharing(self) -> AsyncIterator[None]:
        """While a worker serves it is listed for ``process_*`` and adds its collections to
        ``python_gc_*``."""
        if self.shared_directory is None or self.gc_share is None:
            yield
            return
        directory = Path(self.shared_directory)
        _list_worker(directory)
        task = asyncio.create_task(self.gc_share.forever(), name="metrics-gc-share")
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            self.gc_share.add_new()
            _unlist_worker(directory)


def _list_worker(directory: Path) -> None:
    directory.joinpath(f"{WORKER_FILE_PREFIX}{os.getpid()}").touch()


def _unlist_worker(directory: Path) -> None:
    pid = os.getpid()
    directory.joinpath(f"{WORKER_FILE_PREFIX}{pid}").unlink(missing_ok=True)
    mark_process_dead(pid, str(directory))  # type: ignore[no-untyped-call]


class GcShare:
    def __init__(self, counters: dict[Counter, str]) -> None:
        self.counters = counters
        self.added = [dict.fromkeys(counters.values(), 0) for _ in gc.get_stats()]

    def add_new(self) -> None:
        for generation, stats in enumerate(gc.get_stats()):
            added = self.added[generation]
            for counter, stat in self.counters.items():
                if stats[stat] > added[stat]:
                    counter.labels(str(generation)).inc(stats[stat] - added[stat])
                    added[stat] = stats[stat]

    async def forever(self) -> None:
        while True:
            self.add_new()
            await asyncio.sleep(GC_SHARE_SECONDS)


class WorkerProcesses(Collector):
    """``process_*`` of every live worker listed in ``directory``, labelled by ``pid``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def collect(self) -> Iterable[Metric]:
        families: dict[str, Metric] = {}
        for pid in self.live_pids():
            for family in _process_of(pid).collect():
                merged = families.setdefault(
                    family.name, Metric(family.name, family.documentation, family.type)
                )
                merged.samples.extend(_with_pid(family.samples, pid))
        return families.values()

    def live_pids(self) -> list[int]:
        """One killed stays listed."""
        listed = (
            path.name.removeprefix(WORKER_FILE_PREFIX)
            for path in self.directory.glob(f"{WORKER_FILE_PREFIX}*")
        )
        pids = sorted(int(pid) for pid in listed if pid.isdigit())
        return [pid for pid in pids if Path(f"/proc/{pid}").exists()]


class OperationCounts(Collector):
    """``flowback_graphql_operations_total``: by operation, the count of its durations
    (``flowback_graphql_operation_duration_seconds_count``), which every GraphQL request
    adds to once. ``passing``: ``source``'s own families are collected too."""

    def __init__(self, source: Collector, *, passing: bool = False) -> None:
        self.source = source
        self.passing = passing

    def collect(self) -> Iterable[Metric]:
        for family in self.source.collect():
            if self.passing:
                yield family
            if family.name == OPERATION_DURATION:
                yield _operation_counts(family)


def _operation_counts(durations: Metric) -> Metric:
    counts = CounterMetricFamily(OPERATIONS, HELP[OPERATIONS], labels=["operation"])
    for sample in durations.samples:
        if sample.name == f"{OPERATION_DURATION}_count":
            counts.add_metric([sample.labels["operation"]], sample.value)
    return counts


def _process_of(pid: int) -> ProcessCollector:
    return ProcessCollector(pid=lambda: pid, registry=None)


def _with_pid(samples: Iterable[Sample], pid: int) -> Iterator[Sample]:
    for sample in samples:
        yield sample._replace(labels={**sample.labels, "pid": str(pid)})
