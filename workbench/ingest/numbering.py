"""List numbers and bullets as text: "1.", "a)", "•", the way the document shows them.

Word and ODT keep a list item's number in the list's definition, not in its text,
so a reader that takes only the text drops "1." and "2." and a coder reading
"First, imitation" cannot tell it was a numbered finding. ``ListCounter`` keeps
the counters of each list and level and writes the label the format describes
(``%1.%2.`` in Word, prefix/format/suffix in ODT).
"""

from __future__ import annotations

from dataclasses import dataclass

BULLET = "•"
_PRINTABLE_BULLETS = frozenset("•◦▪▫■□–-*o·‣⁃✓✔➢►")


def _roman(n: int) -> str:
    out = []
    for value, letters in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def format_number(n: int, fmt: str) -> str:
    """``n`` in a list format: Word's numFmt names or ODT's style:num-format values."""
    if fmt in ("lowerLetter", "a"):
        return _letters(n)
    if fmt in ("upperLetter", "A"):
        return _letters(n).upper()
    if fmt in ("lowerRoman", "i"):
        return _roman(n)
    if fmt in ("upperRoman", "I"):
        return _roman(n).upper()
    if fmt in ("none", ""):
        return ""
    return str(n)


def bullet_text(char: str | None) -> str:
    """A bullet as text: the document's own character if it is printable, else "•"."""
    return char if char and char in _PRINTABLE_BULLETS else BULLET


@dataclass(frozen=True, slots=True)
class Level:
    """How one level of a list is labelled."""

    fmt: str  # "decimal", "lowerLetter", "bullet", ... (ODT: "1", "a", "bullet")
    template: str  # Word: "%1." ; ODT: "{}" wrapped in prefix and suffix
    start: int = 1
    bullet: str | None = None


class ListCounter:
    """Counters per list and level; ``label`` advances one and returns its text."""

    def __init__(self) -> None:
        self._counts: dict[str, list[int]] = {}

    def label(self, list_id: str, level: int, levels: dict[int, Level]) -> str:
        spec = levels.get(level)
        if spec is None:
            return ""
        if spec.fmt == "bullet":
            return bullet_text(spec.bullet or spec.template.strip())
        counts = self._counts.setdefault(list_id, [])
        while len(counts) <= level:
            counts.append(0)
        for deeper in range(level + 1, len(counts)):
            counts[deeper] = 0
        for upper in range(level):
            if counts[upper] == 0:
                counts[upper] = levels[upper].start if upper in levels else 1
        counts[level] = counts[level] + 1 if counts[level] else spec.start
        text = spec.template
        for k in range(level + 1, 0, -1):
            lv = levels.get(k - 1)
            text = text.replace(f"%{k}", format_number(counts[k - 1], lv.fmt if lv else "decimal"))
        return text.strip()
