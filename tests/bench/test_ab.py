"""``bench/ab.py``: checkouts as the command line names them, and the report of a run."""

import argparse
from pathlib import Path

import pytest

from bench.ab import checkout_of, report

REPO = Path(__file__).resolve().parent.parent.parent


def test_a_checkout_is_a_name_and_a_directory_holding_the_service() -> None:
    assert checkout_of(f"after={REPO}") == ("after", REPO)


@pytest.mark.parametrize("text", [str(REPO), f"={REPO}", "after=/nonexistent", "after=bench"])
def test_anything_else_is_refused_with_what_was_expected(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="expected NAME=DIR"):
        checkout_of(text)


def test_the_report_gives_medians_and_differences_within_a_round(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report({"before": [300.0, 280.0, 290.0], "after": [290.0, 275.0, 270.0]})
    before, after = capsys.readouterr().out.splitlines()
    assert "median   290.0 µs/request" in before and "median   +0.0" in before
    # Differences -10, -5 and -20: their median, not the difference of the medians (-15).
    assert "median   275.0 µs/request" in after and "median  -10.0" in after
