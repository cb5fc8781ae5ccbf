"""Unicode's data on look-alike and invisible characters (UTS #39, the UCD), from the copies
in ``domain/data/unicode`` (``update.sh`` there refreshes them)."""

import re
import unicodedata
from functools import cache
from pathlib import Path

_DATA = Path(__file__).parent / "data" / "unicode"
# "0041 ;\t0061 0062 ;\tMA\t# comment": a code point or range, then the fields.
_CODE_POINTS = re.compile(r"^([0-9A-F]{4,6})(?:\.\.([0-9A-F]{4,6}))?\s*;\s*([^;#]*?)\s*[;#]")


def _lines(name: str) -> list[re.Match[str]]:
    text = (_DATA / name).read_text(encoding="utf-8-sig")
    return [match for line in text.splitlines() if (match := _CODE_POINTS.match(line))]


@cache
def prototypes() -> dict[str, str]:
    return {
        chr(int(match.group(1), 16)): "".join(chr(int(p, 16)) for p in match.group(3).split())
        for match in _lines("confusables.txt")
    }


@cache
def default_ignorable() -> frozenset[int]:
    """Default_Ignorable_Code_Point: shown as nothing (U+200B, U+3164, variation selectors)."""
    points: set[int] = set()
    for match in _lines("default-ignorable.txt"):
        first = int(match.group(1), 16)
        points.update(range(first, int(match.group(2) or match.group(1), 16) + 1))
    return frozenset(points)


def has_default_ignorable(text: str) -> bool:
    ignorable = default_ignorable()
    return any(ord(character) in ignorable for character in text)


def skeleton(text: str) -> str:
    """UTS #39's skeleton: two strings that look alike (``paypal`` with a Cyrillic a) have one."""
    table = prototypes()
    decomposed = unicodedata.normalize("NFD", text)
    mapped = "".join(table.get(character, character) for character in decomposed)
    return unicodedata.normalize("NFD", mapped)
