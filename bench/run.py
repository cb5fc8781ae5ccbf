"""The benchmark of record: ``python bench/run.py [--users N] [--database-url URL]``.

Seeds a fresh database, starts the service (``main.py serve``, one uvicorn worker), the
three yardsticks (``bench/yardsticks.py``) and the DRF peer (``bench/peers/drf``, gunicorn,
one sync worker) as their own processes, and drives every scenario from a separate load
process over loopback in interleaved rounds. Each measurement starts once every server and
the database are idle (``bench/settle.py``), in an order shuffled each round so that no
scenario always follows the same one. Prints the table of medians and the ratios to Y1, Y2,
Y3 and the peer measured in the same rounds, checks the issue's targets, and writes
``bench/results/<stamp>.json`` and ``.png``.

SQLite by default (a file in a temporary directory); ``--database-url`` names a
PostgreSQL server URL, beside which a fresh database is created and dropped at the end.

Above 10,000 users a second database of 10,000 (``--flat-from``) is seeded and served by a
second service process, and each list is measured at both sizes in the same rounds, one
right after the other: "flat with size" is then a ratio inside a run like the others, not a
quotient of two runs made minutes apart on a machine whose speed drifts between them.
"""

import argparse
import asyncio
import hashlib
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import asyncpg
from cryptography.fernet import Fernet

from adapters.database import dialect
from bench import load, report
from bench.seed import PASSWORD, Seeded, seed
from bench.settle import server_cpu_seconds, settle
from config.settings import Settings
from tests.process.children import free_port, stop

USERS_QUERY = "{ users(limit: 50) { data { id username profileImage } } }"
USER_QUERY = "{ user { id username email } }"
PERSISTED_GET = "graphql_user_persisted_get"
REVALIDATED = "rest_user_revalidated"
Y1, Y2, Y3, DRF = "y1_orm", "y2_raw", "y3_limit", "drf_peer"
YARDSTICKS = (Y1, Y2, Y3, DRF)
MAX_USERS = 1_000_000
#: The size every larger run is compared with (issue 23: flat from 10,000 to 1,000,000).
FLAT_FROM = 10_000
LISTS = tuple(report.FLAT_LISTS)
LOGINS_IN_FLIGHT = Settings.model_fields["hash_queue_per_account"].default


def main() -> None:
    parser = argparse.ArgumentParser(description="Flowback benchmark of record.")
    parser.add_argument(
        "--users", type=int, default=10_000, help=f"users to seed (10000, at most {MAX_USERS})"
    )
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server URL to create a fresh database beside (default: SQLite)",
    )
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (≥3)")
    parser.add_argument("--seconds", type=float, default=2, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections")
    parser.add_argument("--max-requests", type=int, default=200_000, help="cap per measurement")
    parser.add_argument(
        "--load",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="load generator: wrk when installed (auto), or the Python one",
    )
    parser.add_argument("--verifications", type=int, default=4, help="concurrent verifications")
    parser.add_argument(
        "--flat-from",
        type=int,
        help=f"also serve this many users and measure the lists at both sizes (default: "
        f"{FLAT_FROM} when --users is larger; 0: not)",
    )
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results")
    arguments = parser.parse_args()
    if arguments.rounds < 3:
        parser.error("--rounds must be at least 3: the report is a median")
    if not 1 <= arguments.users <= MAX_USERS:
        parser.error(f"--users must be between 1 and {MAX_USERS}")
    if arguments.flat_from is None:
        arguments.flat_from = FLAT_FROM if arguments.users > FLAT_FROM else 0
    if not 0 <= arguments.flat_from < arguments.users:
        parser.error("--flat-from must be 0 (none) or fewer than --users")
    if arguments.users < 200 * 50:
        print(f"note: with {arguments.users} users page 200 at limit 50 is past the end")
    arguments.out.mkdir(parents=True, exist_ok=True)
    arguments.load_at_start = os.getloadavg()
    print(f"load average at start: {' '.join(f'{value:.2f}' for value in arguments.load_at_start)}")
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="flowback-bench-")))
        database_url = stack.enter_context(fresh_database(arguments.database_url, workdir))
        print(f"database: {database_url.rsplit('@', 1)[-1]} ({dialect(database_url)})")
        env = server_env(database_url)
        pending = CODES_PER_VERIFIER * arguments.verifications * arguments.rounds
        seeded = migrated_and_seeded(env, database_url, arguments.users, pending)
        databases = [database_url]
        if arguments.flat_from:
            small_url = stack.enter_context(
                fresh_database(arguments.database_url, workdir, name="small")
            )
            small_env = server_env(small_url)
            small_seeded = migrated_and_seeded(small_env, small_url, arguments.flat_from, 0)
            databases.append(small_url)
        codes = UnusedCodes(
            workdir / "codes.txt",
            seeded.verification_codes,
            per_scenario=CODES_PER_VERIFIER * arguments.verifications,
        )
        logs = arguments.out / "logs"
        logs.mkdir(exist_ok=True)
        servers: list[int] = []

        def start(name: str, *command: str, environment: dict[str, str] = env) -> str:
            return stack.enter_context(
                process(name, [sys.executable, *command], environment, logs, servers)
            )

        service = start("service", "main.py", "serve")
        y1 = start("y1", "bench/yardsticks.py", "orm")
        y2 = start("y2", "bench/yardsticks.py", "raw")
        y3 = start("y3", "bench/yardsticks.py", "limit")
        drf = start("drf", "bench/peers/drf/serve.py")
        scenarios, skipped = build_scenarios(
            service=service, yardsticks={Y1: y1, Y2: y2, Y3: y3, DRF: drf}, seeded=seeded
        )
        urls = [service, y1, y2, y3, drf]
        if arguments.flat_from:
            small_service = start("service-small", "main.py", "serve", environment=small_env)
            scenarios |= smaller(list_scenarios(small_service, small_seeded.token))
            urls.append(small_service)
        for name, reason in skipped.items():
            print(f"scenario {name} not run: {reason}")

        def quiet() -> float:
            return settle(servers, databases)

        pids = dict(zip(urls, servers, strict=True))
        rounds, orders = measure(arguments, scenarios, service, codes, env, logs, quiet, pids)
    write_report(arguments, database_url, rounds, orders=orders, skipped=skipped)


# --- the database ------------------------------------------------------------------


@contextmanager
def fresh_database(server_url: str | None, workdir: Path, *, name: str = "bench") -> Iterator[str]:
    """A new empty database: a SQLite file ``name`` in ``workdir``, or beside ``server_url``."""
    if server_url is None:
        yield f"sqlite://{workdir / f'{name}.sqlite3'}"
        return
    if dialect(server_url) != "postgres":
        raise SystemExit("--database-url must be a postgres:// URL (SQLite is the default)")
    database = f"flowback_{name}_{uuid.uuid4().hex[:10]}"
    asyncio.run(_postgres(server_url, f'CREATE DATABASE "{database}"'))
    try:
        yield f"{server_url.rsplit('/', 1)[0]}/{database}"
    finally:
        asyncio.run(_postgres(server_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))


async def _postgres(url: str, statement: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


# The rate limits measured by the bench would otherwise be the load's main answer (429):
# login and verify scenarios come from one IP and one account. Raised, not removed, so the
# limiter still counts every call as it does in production.
UNTHROTTLED = "1000000/minute"
# Production needs a mail key; the bench's mail is never read, so any key will do.
BENCH_MAIL_KEY = Fernet.generate_key().decode()
RATE_LIMITS = {
    f"FLOWBACK_RATE_LIMIT_{name}": UNTHROTTLED
    for name in ("LOGIN_IP", "LOGIN_ACCOUNT", "REGISTER_IP", "REGISTER_EMAIL", "VERIFY_IP")
}


def server_env(database_url: str) -> dict[str, str]:
    """The service's environment: production, except the database, mail and rate limits.

    bcrypt at the production cost (the default); no mail is sent by the scenarios.
    """
    clean = {key: value for key, value in os.environ.items() if not key.startswith("FLOWBACK_")}
    return (
        clean
        | RATE_LIMITS
        | {
            "FLOWBACK_ENV": "production",
            "FLOWBACK_DATABASE_URL": database_url,
            "FLOWBACK_EMAIL_BACKEND": "memory",
            "FLOWBACK_MAIL_KEY": BENCH_MAIL_KEY,
        }
    )


def migrate(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "main.py", "migrate"],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
    )


def migrated_and_seeded(env: dict[str, str], database_url: str, users: int, pending: int) -> Seeded:
    migrate(env)
    started = time.perf_counter()
    seeded = asyncio.run(seed(database_url=database_url, users=users, pending=pending))
    print(f"seeded {users} users in {time.perf_counter() - started:.1f}s")
    return seeded


# --- processes -----------------------------------------------------------------------


@contextmanager
def process(
    name: str,
    command: list[str],
    env: dict[str, str],
    logs: Path,
    servers: list[int],
    *,
    checkout: Path = REPO,
) -> Iterator[str]:
    """Start a server of ``checkout`` on a free loopback port, its id added to ``servers``;
    yields its base URL once it answers."""
    port = free_port()
    log = logs / f"{name}.log"
    with log.open("w") as output:
        child = subprocess.Popen(
            [*command, "--port", str(port)],
            cwd=checkout,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    servers.append(child.pid)
    try:
        wait_until_up(base_url, child, log)
        yield base_url
    finally:
        stop(child)


def wait_until_up(base_url: str, child: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise SystemExit(f"{log.stem} exited early:\n{log.read_text()}")
        try:
            urllib.request.urlopen(f"{base_url}/users", timeout=2)
        except urllib.error.HTTPError:
            return  # 401 from the service: it is serving
        except OSError:
            time.sleep(0.1)
            continue
        return
    raise SystemExit(f"{log.stem} did not start:\n{log.read_text()}")


# --- scenarios -----------------------------------------------------------------------


def build_scenarios(
    *, service: str, yardsticks: dict[str, str], seeded: Seeded
) -> tuple[dict[str, load.Request], dict[str, str]]:
    """The scenarios, and those that cannot run on this service, each with the reason."""
    auth = {"Authorization": f"Token {seeded.token}"}
    graphql = {"Content-Type": "application/json", "Authorization": f"Bearer {seeded.token}"}
    login = json.dumps({"username": seeded.login_username, "password": PASSWORD})
    scenarios = {
        Y1: load.Request(f"{yardsticks[Y1]}/users"),
        Y2: load.Request(f"{yardsticks[Y2]}/users"),
        # The same request as the REST list: the limit and the peer also check the token.
        Y3: load.Request(f"{yardsticks[Y3]}/users?limit=50", headers=auth),
        DRF: load.Request(f"{yardsticks[DRF]}/users?limit=50", headers=auth),
        **list_scenarios(service, seeded.token),
        "rest_user": load.Request(f"{service}/user", headers=auth),
        # What a reverse proxy asks before every request to the rest of the platform.
        "auth_check": load.Request(f"{service}/auth/check", headers=auth),
        "graphql_user": load.Request(
            f"{service}/graphql", "POST", json.dumps({"query": USER_QUERY}), graphql
        ),
        "rest_user_during_verify": load.Request(f"{service}/user", headers=auth),
        "login": load.Request(
            f"{service}/login", "POST", login, {"Content-Type": "application/json"}
        ),
    }
    skipped = {}
    for name, make in ((PERSISTED_GET, persisted_get), (REVALIDATED, revalidation)):
        try:
            scenarios[name] = make(service, seeded.token)
        except ScenarioUnavailableError as error:
            skipped[name] = str(error)
    return scenarios, skipped


def list_scenarios(service: str, token: str) -> dict[str, load.Request]:
    """The lists (``LISTS``): REST's first page and page 200, and GraphQL's first page."""
    auth = {"Authorization": f"Token {token}"}
    graphql = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    return {
        "rest_users": load.Request(f"{service}/users?limit=50", headers=auth),
        "rest_users_page200": load.Request(f"{service}/users?page=200&limit=50", headers=auth),
        "graphql_users": load.Request(
            f"{service}/graphql", "POST", json.dumps({"query": USERS_QUERY}), graphql
        ),
    }


def smaller(scenarios: dict[str, load.Request]) -> dict[str, load.Request]:
    """The same scenarios, named as measured against the smaller database."""
    return {report.at_small_size(name): request for name, request in scenarios.items()}


class ScenarioUnavailableError(Exception):
    """The service does not offer what a scenario measures (yet)."""


def _fetch(request: urllib.request.Request) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def persisted_get(service: str, token: str) -> load.Request:
    """``user`` as an automatic persisted query over GET: registered once with its text,
    then sent by hash alone, as Apollo Client's persisted-queries link does."""
    digest = hashlib.sha256(USER_QUERY.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    auth = {"Authorization": f"Bearer {token}"}
    register = json.dumps({"query": USER_QUERY, "extensions": extensions}).encode()
    _fetch(
        urllib.request.Request(
            f"{service}/graphql",
            data=register,
            headers={**auth, "Content-Type": "application/json"},
        )
    )
    query = urllib.parse.urlencode({"extensions": json.dumps(extensions, separators=(",", ":"))})
    url = f"{service}/graphql?{query}"
    status, _, body = _fetch(urllib.request.Request(url, headers=auth))
    answer = json.loads(body or b"{}") if status == 200 else {}
    if status != 200 or answer.get("errors") or not answer.get("data", {}).get("user"):
        raise ScenarioUnavailableError(
            f"a persisted query by hash over GET answered {status} {body[:120]!r}"
        )
    return load.Request(url, headers=auth)


def revalidation(service: str, token: str) -> load.Request:
    """``GET /user`` revalidated: ``If-None-Match`` with the tag of the last answer (304)."""
    auth = {"Authorization": f"Token {token}"}
    _, headers, _ = _fetch(urllib.request.Request(f"{service}/user", headers=auth))
    tag = {name.lower(): value for name, value in headers.items()}.get("etag")
    if tag is None:
        raise ScenarioUnavailableError("GET /user answers without an ETag")
    conditional = {**auth, "If-None-Match": tag}
    status, _, _ = _fetch(urllib.request.Request(f"{service}/user", headers=conditional))
    if status != 304:
        raise ScenarioUnavailableError(f"GET /user with If-None-Match answered {status}")
    return load.Request(f"{service}/user", headers=conditional)


#: Verification codes each verifier worker is given for one scenario: more than it can use.
CODES_PER_VERIFIER = 200


@dataclass
class UnusedCodes:
    """The seeded verification codes, handed out so that no two verifiers get the same one:
    a code used once only answers ``INVALID_CODE``, fast, and a verifier that went through
    the codes of earlier rounds first would load the service with those failures instead of
    verifications."""

    path: Path
    codes: list[str]
    per_scenario: int
    given: int = 0

    def next_file(self) -> Path:
        """``path``, now holding the next ``per_scenario`` codes."""
        batch = self.codes[self.given : self.given + self.per_scenario]
        self.given += len(batch)
        self.path.write_text("\n".join(batch))
        return self.path


@contextmanager
def verifications(
    service: str, codes: UnusedCodes, workers: int, env: dict[str, str], logs: Path
) -> Iterator[None]:
    """``workers`` verifications in flight, from their own process, while inside."""
    with (logs / "verifier.log").open("a") as output:
        child = subprocess.Popen(
            [
                sys.executable,
                "bench/verifier.py",
                service,
                str(codes.next_file()),
                "--workers",
                str(workers),
            ],
            cwd=REPO,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        time.sleep(1.0)  # let the hashing pool fill before measuring
        yield
    finally:
        child.terminate()
        child.wait(timeout=60)


def measure(
    arguments: argparse.Namespace,
    scenarios: dict[str, load.Request],
    service: str,
    codes: UnusedCodes,
    env: dict[str, str],
    logs: Path,
    quiet: Callable[[], float],
    pids: dict[str, int],
) -> tuple[report.Rounds, list[list[str]]]:
    """The rounds of measurements, and the order each round ran in. ``pids`` names the
    process serving each base URL, whose CPU time per request each measurement records."""

    def one(name: str, seconds: float) -> load.Measurement:
        # As many logins in flight as one account may have hashing at once in production
        # (FLOWBACK_HASH_QUEUE_PER_ACCOUNT): more would be refused unhashed, with 429.
        connections = LOGINS_IN_FLIGHT if name == "login" else arguments.connections

        def run() -> load.Measurement:
            return load.run(
                scenarios[name],
                connections=connections,
                seconds=seconds,
                max_requests=arguments.max_requests,
                generator=arguments.load,
            )

        server = next(pid for url, pid in pids.items() if scenarios[name].url.startswith(f"{url}/"))
        before = server_cpu_seconds(server)
        if name == "rest_user_during_verify":
            with verifications(service, codes, arguments.verifications, env, logs):
                measured = run()
        else:
            measured = run()
        spent = server_cpu_seconds(server) - before
        return replace(measured, server_cpu_us=spent * 1e6 / max(measured.requests, 1))

    print(
        f"load: {load.tool(arguments.load)}, {arguments.connections} connections, "
        f"{arguments.seconds:g}s × {len(scenarios)} scenarios × {arguments.rounds} rounds"
    )
    for name in scenarios:
        if name not in ("login", "rest_user_during_verify"):
            one(name, 1)  # warm-up: caches, pools, JIT-free but branch-warm
    rounds: report.Rounds = []
    orders: list[list[str]] = []
    for number in range(arguments.rounds):
        order = round_order(list(scenarios), number, orders)
        orders.append(order)
        measured = {}
        for name in order:
            waited = quiet()
            measured[name] = one(name, arguments.seconds)
            print(
                f"  round {number + 1} {name:<28} {measured[name].rps:8.0f} req/s "
                f"p99 {measured[name].p99_ms:7.1f} ms  errors {measured[name].errors}"
                f"  cpu {measured[name].server_cpu_us:6.0f} µs/req  (idle after {waited:.1f}s)"
            )
        rounds.append({name: measured[name] for name in scenarios})
    return rounds, orders


#: Scenarios measured one after another in every round, each family in its own order: the
#: targets' ratios are taken within a family, so that the machine's drift (its speed varied
#: by a quarter between the measurements of one round in 2026-12-08's runs) falls on both
#: sides of a ratio alike rather than on one scenario of it half a minute later.
FAMILIES: tuple[tuple[str, ...], ...] = (
    (*LISTS, Y3, *map(report.at_small_size, LISTS)),
    ("rest_user", "graphql_user", PERSISTED_GET, "auth_check", "rest_user_during_verify"),
)


def round_order(names: list[str], number: int, earlier: list[list[str]]) -> list[str]:
    """The scenarios in a shuffled order, the same for the same round number on every run:
    each family (``FAMILIES``) together and shuffled within, in which the scenario after the
    DRF peer differs from every earlier round's (while there are others left)."""
    shuffler = random.Random(23 + number)  # noqa: S311 - an order, not a secret
    followers = {_after(DRF, order) for order in earlier}
    families = [[name for name in family if name in names] for family in FAMILIES]
    grouped = {name for family in families for name in family}
    units = [family for family in families if family]
    units += [[name] for name in names if name not in grouped]
    order = list(names)
    for _ in range(1000):
        shuffler.shuffle(units)
        for unit in units:
            shuffler.shuffle(unit)
        order = [name for unit in units for name in unit]
        if _after(DRF, order) not in followers or len(followers) >= len(names) - 1:
            break
    return order


def _after(name: str, order: list[str]) -> str | None:
    position = order.index(name) + 1 if name in order else len(order)
    return order[position] if position < len(order) else None


# --- the report ----------------------------------------------------------------------


def machine() -> dict[str, Any]:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpu": model or platform.processor(),
        "cpus": os.cpu_count(),
        "system": platform.platform(),
        "python": platform.python_version(),
        "load_average_at_end": os.getloadavg(),
    }


def write_report(
    arguments: argparse.Namespace,
    database_url: str,
    rounds: report.Rounds,
    *,
    orders: list[list[str]],
    skipped: dict[str, str],
) -> None:
    summary = report.summarise(rounds)
    checks = report.targets(
        rounds,
        database=dialect(database_url),
        users=arguments.users,
        flat_from=arguments.flat_from,
    )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    info = machine() | {"load_average_at_start": arguments.load_at_start}
    result = {
        "when": stamp,
        "machine": info,
        "database": dialect(database_url),
        "users": arguments.users,
        "flat_from": arguments.flat_from,
        "load": {
            "tool": load.tool(arguments.load),
            "connections": arguments.connections,
            "seconds": arguments.seconds,
            "rounds": arguments.rounds,
        },
        "summary": summary,
        "ratios": {
            name: {key.split("_")[0]: report.ratio(rounds, name, key) for key in YARDSTICKS}
            for name in summary
        },
        "targets": checks,
        "skipped": skipped,
        "orders": orders,
        "rounds": [
            {name: {**vars_of(m), "rps": m.rps} for name, m in measured.items()}
            for measured in rounds
        ],
    }
    json_path = arguments.out / f"{stamp}.json"
    json_path.write_text(json.dumps(result, indent=2))
    title = (
        f"Flowback bench {stamp} — {dialect(database_url)}, {arguments.users} users, "
        f"{info['cpus']} CPUs"
    )
    charted = report.chart(summary, arguments.out / f"{stamp}.png", title)
    print()
    print(f"{info['cpu']}, {info['cpus']} CPUs, Python {info['python']}, {dialect(database_url)}")
    print(report.table(summary, rounds, YARDSTICKS))
    print()
    for check in checks:
        by_cpu = f" (by CPU per request: {check['by_cpu']})" if "by_cpu" in check else ""
        print(f"{report.verdict(check)} {check['target']}: {check['value']}{by_cpu}")
    for name, reason in skipped.items():
        print(f"not run: {name} ({reason})")
    if charted:
        print(f"\nwrote {json_path} and {json_path.with_suffix('.png')}")
    else:
        print(f"\nwrote {json_path}; no chart: install the bench extra (matplotlib)")


def vars_of(measurement: load.Measurement) -> dict[str, Any]:
    return {
        "requests": measurement.requests,
        "seconds": measurement.seconds,
        "errors": measurement.errors,
        "p50_ms": measurement.p50_ms,
        "p99_ms": measurement.p99_ms,
        "server_cpu_us": measurement.server_cpu_us,
    }


if __name__ == "__main__":
    main()
