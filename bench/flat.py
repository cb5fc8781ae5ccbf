"""Flat with size: ``python bench/flat.py SMALL.json LARGE.json`` (two runs of bench/run.py).

Each list at the larger size must answer at least ``BOUND`` times its rate at the smaller one
(issue 23: 1,000,000 against 10,000 users, on the same database). Beside the verdict, the
same quotient of each list's share of Y3, which the machine's load moves less.
"""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

LISTS = ("rest_users", "rest_users_page200", "graphql_users")
BOUND = 0.8


def flatness(small: dict[str, Any], large: dict[str, Any]) -> list[dict[str, Any]]:
    if small["database"] != large["database"]:
        raise SystemExit("the two runs are of different databases")
    checks = []
    for name in LISTS:
        if name not in small["summary"] or name not in large["summary"]:
            continue
        value = large["summary"][name]["rps"] / small["summary"][name]["rps"]
        of_limit = large["ratios"][name]["y3"] / small["ratios"][name]["y3"]
        checks.append(
            {
                "target": f"{name} at {large['users']:,} ÷ at {small['users']:,} ≥ {BOUND}",
                "value": round(value, 3),
                "of_y3": round(of_limit, 3),
                "holds": value >= BOUND,
            }
        )
    return checks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("small", type=Path)
    parser.add_argument("large", type=Path)
    arguments = parser.parse_args()
    small, large = (json.loads(path.read_text()) for path in (arguments.small, arguments.large))
    checks = flatness(small, large)
    for check in checks:
        verdict = "ok  " if check["holds"] else "MISS"
        print(f"{verdict} {check['target']}: {check['value']} (÷ Y3: {check['of_y3']})")
    sys.exit(0 if all(check["holds"] for check in checks) else 1)


if __name__ == "__main__":
    main()
