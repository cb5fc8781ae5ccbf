"""The README stays one or two screens, and its commands are the ones CI runs."""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")


def _shell_blocks(text: str) -> list[str]:
    """The ``sh`` blocks of a Markdown text, continuation lines joined."""
    blocks = re.findall(r"```sh\n(.*?)```", text, re.DOTALL)
    return [re.sub(r"\s*\\\n\s*", " ", block).strip() for block in blocks]


def test_the_readme_reads_in_two_minutes() -> None:
    lines = README.splitlines()
    assert len(lines) < 150
    assert max(len(line) for line in lines) <= 120


def test_every_relative_link_of_the_readme_leads_to_a_file() -> None:
    targets = re.findall(r"\]\((?!https?:|#)([^)#]+)", README)
    assert targets
    missing = [target for target in targets if not (REPO / target).exists()]
    assert missing == []


def _test_commands() -> list[str]:
    return [block for block in _shell_blocks(README) if "bin/pytest" in block]


def test_ci_runs_the_readmes_full_suite_command() -> None:
    full_suite = _test_commands()[-1]
    ci_commands = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert full_suite in ci_commands


def test_the_readme_names_the_fast_lane_first() -> None:
    fast_lane, full_suite = _test_commands()
    assert fast_lane.endswith('pytest -m "not slow" -n auto')
    assert "not slow" not in full_suite
