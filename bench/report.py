"""Turning rounds of measurements into the table, the ratios, JSON and a chart."""

import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.load import Measurement

Rounds = list[dict[str, Measurement]]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def summarise(rounds: Rounds) -> dict[str, dict[str, float]]:
    """Per scenario: the median over rounds of rps, p50, p99 and the errors summed."""
    names = list(rounds[0])
    return {
        name: {
            "rps": median([r[name].rps for r in rounds]),
            "p50_ms": median([r[name].p50_ms for r in rounds]),
            "p99_ms": median([r[name].p99_ms for r in rounds]),
            "server_cpu_us": median([r[name].server_cpu_us for r in rounds]),
            "errors": float(sum(r[name].errors for r in rounds)),
            "requests": float(sum(r[name].requests for r in rounds)),
        }
        for name in names
    }


def ratio(rounds: Rounds, numerator: str, denominator: str, metric: str = "rps") -> float:
    """The median over rounds of a ratio taken inside each round (both measured together)."""
    values = []
    for measured in rounds:
        top = getattr(measured[numerator], metric)
        bottom = getattr(measured[denominator], metric)
        if bottom:
            values.append(top / bottom)
    return median(values)


def cpu_ratio(rounds: Rounds, numerator: str, denominator: str) -> float:
    """``numerator``'s rate ÷ ``denominator``'s as their servers' CPU time per request gives
    it (the median over rounds of denominator's CPU ÷ numerator's): what the ratio of rates
    would be with a core each, whatever else the machine was running."""
    return ratio(rounds, denominator, numerator, "server_cpu_us")


_HEADINGS = {"y1_orm": "Y1", "y2_raw": "Y2", "y3_limit": "Y3", "drf_peer": "DRF"}


def table(summary: dict[str, dict[str, float]], rounds: Rounds, yardsticks: tuple[str, ...]) -> str:
    headings = "".join(f" ÷ {_HEADINGS.get(name, name)} |" for name in yardsticks)
    lines = [
        f"| scenario | req/s | p50 ms | p99 ms | errors |{headings} CPU µs/req | ÷ Y3 by CPU |",
        "|---|---:|---:|---:|---:|" + "---:|" * len(yardsticks) + "---:|---:|",
    ]
    for name, row in summary.items():
        ratios = "".join(f" {ratio(rounds, name, y):.2f} |" for y in yardsticks)
        by_cpu = cpu_ratio(rounds, name, "y3_limit") if "y3_limit" in summary else float("nan")
        lines.append(
            f"| {name} | {row['rps']:.0f} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} "
            f"| {row['errors']:.0f} |{ratios} {row['server_cpu_us']:.0f} | {by_cpu:.2f} |"
        )
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Target:
    """``numerator ÷ denominator`` of ``metric``, at least (or at most) ``bound``."""

    label: str
    numerator: str
    denominator: str
    bound: float
    at_least: bool = True
    metric: str = "rps"


#: Issue 23's targets that one run can check, on either database and at any size.
TARGETS = [
    Target("GraphQL user ÷ REST GET /user ≥ 0.9", "graphql_user", "rest_user", 0.9),
    Target("GraphQL list ÷ REST list ≥ 0.9", "graphql_users", "rest_users", 0.9),
    # Issue 25: what a reverse proxy asks before every request to the rest of the platform.
    Target("forward auth ÷ REST GET /user ≥ 1", "auth_check", "rest_user", 1.0),
    Target(
        "GraphQL user as a persisted query over GET ÷ REST GET /user ≥ 0.9",
        "graphql_user_persisted_get",
        "rest_user",
        0.9,
    ),
    Target(
        "GET /user p99 during 4 verifications ÷ idle p99 ≤ 3",
        "rest_user_during_verify",
        "rest_user",
        3.0,
        at_least=False,
        metric="p99_ms",
    ),
    Target(
        "GET /user req/s during 4 verifications ÷ idle ≥ 0.8",
        "rest_user_during_verify",
        "rest_user",
        0.8,
    ),
    Target(
        "page 200 cost ÷ page 1 cost ≤ 1.5 (by req/s)",
        "rest_users",
        "rest_users_page200",
        1.5,
        at_least=False,
    ),
]
#: REST list ÷ Y3, by database.
REST_LIST_LIMIT = {"sqlite": 0.5, "postgres": 0.7}
#: The lists ÷ the DRF peer, checked at this many users (the peer counts every row).
PEER_USERS = 1_000_000
PEER_TARGETS = [
    Target("REST list ÷ DRF peer ≥ 10 (at 1,000,000 users)", "rest_users", "drf_peer", 10.0),
    Target("GraphQL list ÷ DRF peer ≥ 10 (at 1,000,000 users)", "graphql_users", "drf_peer", 10.0),
]


#: Each list at the larger size ÷ the same list at the smaller, in the same rounds.
FLAT_BOUND = 0.8
#: The lists that must stay flat with size, and the name each has in the report.
FLAT_LISTS = {
    "rest_users": "REST list",
    "rest_users_page200": "page 200",
    "graphql_users": "GraphQL list",
}
#: What ``bench/run.py`` appends to a scenario's name measured against the smaller database.
SMALL = "@small"


def at_small_size(name: str) -> str:
    """The name of scenario ``name`` measured against the smaller database."""
    return f"{name}{SMALL}"


def flat_targets(users: int, flat_from: int) -> list[Target]:
    """Flat with size: each list at ``users`` ÷ at ``flat_from`` ≥ ``FLAT_BOUND``."""
    return [
        Target(
            f"{label} at {users:,} ÷ at {flat_from:,} users ≥ {FLAT_BOUND}",
            name,
            at_small_size(name),
            FLAT_BOUND,
        )
        for name, label in FLAT_LISTS.items()
    ]


def targets_for(database: str, users: int, flat_from: int = 0) -> list[Target]:
    limit = REST_LIST_LIMIT[database]
    rest_list = Target(f"REST list ÷ Y3 ≥ {limit} ({database})", "rest_users", "y3_limit", limit)
    return [
        rest_list,
        *TARGETS,
        *(PEER_TARGETS if users >= PEER_USERS else []),
        *(flat_targets(users, flat_from) if flat_from else []),
    ]


def targets(
    rounds: Rounds, *, database: str, users: int, flat_from: int = 0
) -> list[dict[str, Any]]:
    """Issue 23's targets for this database and size, each with the measured value and
    whether it holds (None when a scenario it needs was not run). With ``flat_from``, also
    flat with size: the lists measured at both sizes in the same rounds.
    """
    checks: list[dict[str, Any]] = []
    for target in targets_for(database, users, flat_from):
        if target.numerator not in rounds[0] or target.denominator not in rounds[0]:
            checks.append({"target": target.label, "value": None, "holds": None})
            continue
        value = ratio(rounds, target.numerator, target.denominator, target.metric)
        holds = value >= target.bound if target.at_least else value <= target.bound
        check: dict[str, Any] = {"target": target.label, "value": round(value, 3), "holds": holds}
        if target.metric == "rps":
            by_cpu = cpu_ratio(rounds, target.numerator, target.denominator)
            check["by_cpu"] = round(by_cpu, 3)
        checks.append(check)
    return checks


def verdict(check: dict[str, Any]) -> str:
    return {True: "ok  ", False: "MISS", None: "n/a "}[check["holds"]]


def chart(summary: dict[str, dict[str, float]], path: Path, title: str) -> bool:
    """Draw req/s and p50/p99 per scenario; False when matplotlib (the bench extra) is missing."""
    try:
        import matplotlib
    except ImportError:
        return False

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(summary)
    figure, (left, right) = plt.subplots(1, 2, figsize=(13, 5.5))
    # Yardsticks and the peer in grey, beside the service's scenarios in blue.
    colours = ["tab:gray" if n in _HEADINGS else "tab:blue" for n in names]
    left.barh(names, [summary[n]["rps"] for n in names], color=colours)
    left.set_xlabel("requests/s (median of rounds)")
    left.invert_yaxis()
    right.barh(names, [summary[n]["p50_ms"] for n in names], color="tab:green", label="p50")
    right.barh(
        names,
        [summary[n]["p99_ms"] - summary[n]["p50_ms"] for n in names],
        left=[summary[n]["p50_ms"] for n in names],
        color="tab:orange",
        label="p99",
    )
    right.set_xscale("log")
    right.set_xlim(left=1)
    right.set_xlabel("latency ms (log)")
    right.invert_yaxis()
    right.set_yticks([])
    right.legend()
    figure.suptitle(title)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return True
