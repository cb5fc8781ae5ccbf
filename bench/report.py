"""Turning rounds of measurements into the table, the ratios, JSON and a chart."""

import statistics
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


_HEADINGS = {"y1_orm": "Y1", "y2_raw": "Y2", "y3_limit": "Y3", "drf_peer": "DRF"}


def table(summary: dict[str, dict[str, float]], rounds: Rounds, yardsticks: tuple[str, ...]) -> str:
    headings = "".join(f" ÷ {_HEADINGS.get(name, name)} |" for name in yardsticks)
    lines = [
        f"| scenario | req/s | p50 ms | p99 ms | errors |{headings}",
        "|---|---:|---:|---:|---:|" + "---:|" * len(yardsticks),
    ]
    for name, row in summary.items():
        ratios = "".join(f" {ratio(rounds, name, y):.2f} |" for y in yardsticks)
        lines.append(
            f"| {name} | {row['rps']:.0f} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} "
            f"| {row['errors']:.0f} |{ratios}"
        )
    return "\n".join(lines)


# (label, numerator, denominator, metric, bound, whether the value must be at least the bound)
_TARGETS = [
    ("REST list ÷ Y3 ≥ 0.8", "rest_users", "y3_limit", "rps", 0.8, True),
    ("GraphQL list ÷ REST list ≥ 0.8", "graphql_users", "rest_users", "rps", 0.8, True),
    ("GraphQL list ÷ Y3 ≥ 0.7", "graphql_users", "y3_limit", "rps", 0.7, True),
    ("GraphQL user ÷ REST GET /user ≥ 0.8", "graphql_user", "rest_user", "rps", 0.8, True),
    ("forward auth ÷ REST GET /user ≥ 1", "auth_check", "rest_user", "rps", 1.0, True),
    ("REST list ÷ DRF peer ≥ 10", "rest_users", "drf_peer", "rps", 10.0, True),
    ("GraphQL list ÷ DRF peer ≥ 10", "graphql_users", "drf_peer", "rps", 10.0, True),
    (
        "GET /user p99 during 4 verifications ÷ idle p99 ≤ 3",
        "rest_user_during_verify",
        "rest_user",
        "p99_ms",
        3.0,
        False,
    ),
    (
        "GET /user req/s during 4 verifications ÷ idle ≥ 0.8",
        "rest_user_during_verify",
        "rest_user",
        "rps",
        0.8,
        True,
    ),
    (
        "page 200 cost ÷ page 1 cost ≤ 1.5 (by req/s)",
        "rest_users",
        "rest_users_page200",
        "rps",
        1.5,
        False,
    ),
]


def targets(rounds: Rounds) -> list[dict[str, Any]]:
    """The issue's targets, each with the measured value and whether it holds.

    "Flat with size" compares two runs (10,000 and 1,000,000 users), so it is read from
    the recorded results rather than checked inside one run.
    """
    checks = []
    for label, top, bottom, metric, bound, at_least in _TARGETS:
        value = ratio(rounds, top, bottom, metric)
        holds = value >= bound if at_least else value <= bound
        checks.append({"target": label, "value": round(value, 3), "holds": holds})
    return checks


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
