"""Flat with size across two runs: ``python bench/flat.py SMALL.json LARGE.json``.

Each list at the larger size must answer at least ``report.FLAT_BOUND`` times its rate at the
smaller one (issue 23: 1,000,000 against 10,000 users, on the same database). Beside the
verdict, the same quotient of each list's share of Y3, which the machine's load moves less.

A run above 10,000 users measures this itself, both sizes in the same rounds (``bench/run.py
--flat-from``); this compares runs made apart, such as the recorded ones from before that.
"""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.report import FLAT_BOUND, FLAT_LISTS


def flatness(small: dict[str, Any], large: dict[str, Any]) -> list[dict[str, Any]]:
    if small["database"] != large["database"]:
        raise SystemExit("the two runs are of different databases")
    checks = []
    for name in FLAT_LISTS:
        if name not in small["summary"] or name not in large["summary"]:
            continue
        value = large["summary"][name]["rps"] / small["summary"][name]["rps"]
        of_limit = large["ratios"][name]["y3"] / small["ratios"][name]["y3"]
        checks.append(
            {
                "target": f"{name} at {large['users']:,} ÷ at {small['users']:,} ≥ {FLAT_BOUND}",
                "value": round(value, 3),
                "of_y3": round(of_limit, 3),
                "holds": value >= FLAT_BOUND,
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
