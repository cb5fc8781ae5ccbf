"""``--help`` of every command reads as plain prose: flags show no value, sentences are whole."""

import re

import pytest
import typer
from typer.core import TyperGroup
from typer.testing import CliRunner

from commands import cli

WIDTH = 80


def _command_paths(group: TyperGroup, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    for name, command in group.commands.items():
        if isinstance(command, TyperGroup):
            paths += _command_paths(command, (*prefix, name))
        else:
            paths.append((*prefix, name))
    return paths


COMMANDS = _command_paths(typer.main.get_group(cli))


def _help(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(cli, [*path, "--help"], env={"COLUMNS": str(WIDTH)})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(path) or "main.py")
def test_flags_show_no_value_and_prose_fills_its_lines(path: tuple[str, ...]) -> None:
    text = _help(path)
    assert "<bool>" not in text
    for flag in re.findall(r"^  (--[a-z-]+)  ", text, re.MULTILINE):
        assert flag in ("--help", "--reload", "--dry-run", "--check", "--install-completion",
                        "--show-completion"), f"{flag} takes a value but shows none"  # fmt: skip
    description = re.split(r"^(?:Arguments|Options):", text.split("\n\n", 1)[1], flags=re.M)[0]
    for paragraph in description.strip().split("\n\n"):
        lines = paragraph.splitlines()
        for line in lines[:-1]:  # a line broken early is a sentence cut in two
            assert len(line) > WIDTH * 0.6, f"{' '.join(path)}: {paragraph!r}"


def test_the_command_list_gives_each_command_a_whole_first_sentence() -> None:
    listing = _help(()).split("Commands:")[1]
    summaries = re.findall(r"^  \S+ +(.*)$", listing, re.MULTILINE)
    assert summaries
    for summary in summaries:
        assert not summary.endswith("..."), summary
        assert summary.endswith("."), summary
