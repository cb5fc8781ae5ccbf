"""Unicode's data on characters that look alike or show as nothing (UTS #39 and the UCD),
read from the copies in ``domain/data/unicode`` (``update.sh`` there refreshes them)."""

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
    """Each confusable character and the prototype it looks like (``confusables.txt``)."""
    return {
        chr(int(match.group(1), 16)): "".join(chr(int(p, 16)) for p in match.group(3).split())
        for match in _lines("confusables.txt")
    }


@cache
def default_ignorable() -> frozenset[int]:
    """The code points of Default_Ignorable_Code_Point (DerivedCoreProperties.txt): shown as
    nothing, such as U+200B ZERO WIDTH SPACE, U+3164 HANGUL FILLER and the variation
    selectors."""
    points: set[int] = set()
    for match in _lines("default-ignorable.txt"):
        first = int(match.group(1), 16)
        points.update(range(first, int(match.group(2) or match.group(1), 16) + 1))
    return frozenset(points)


def has_default_ignorable(text: str) -> bool:
    """True when ``text`` holds a character Unicode says to show as nothing."""
    ignorable = default_ignorable()
    return any(ord(character) in ignorable for character in text)


def skeleton(text: str) -> str:
    """UTS #39's skeleton: NFD, each character replaced by its prototype, NFD again. Two
    strings that look alike (``paypal`` in Latin and with a Cyrillic a, U+0430) have one."""
    table = prototypes()
    decomposed = unicodedata.normalize("NFD", text)
    mapped = "".join(table.get(character, character) for character in decomposed)
    return unicodedata.normalize("NFD", mapped)
