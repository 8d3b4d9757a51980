"""Normalising a source's text and carrying selection offsets along.

The workbench stores every text normalised (``workbench.ingest.text``: newlines
unified, control characters removed, NFC, trailing blanks cut, long runs of blank
lines collapsed, the ends trimmed), and codings point into that stored text. A
REFI-QDA selection points into the text as the other tool wrote it, often with
``\\r\\n`` line ends (Windows tools) or trailing blanks, so its offsets have to be
moved to where the same characters are after normalisation.

``normalise_with_map`` applies the same rules, one at a time, and records for
every boundary between characters of the original (0..len) where it lands in the
result. A boundary inside a run that was removed or replaced (between the ``\\r``
and ``\\n`` of a line end, inside trailing blanks) lands at the start of what
replaced it, so a selection never grows to take in characters it did not cover.
The result is checked against ``normalise_text`` itself; should they ever differ
(a Unicode corner the step-wise NFC does not reproduce), ``OffsetMapError`` says
so instead of placing codings on the wrong characters.
"""

from __future__ import annotations

import re
import unicodedata

from workbench.ingest.text import normalise_text

_NEWLINES = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_REMOVED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ud800-\udfff]")
_TRAILING = re.compile(r"[^\S\n]+(?=\n|\Z)")
_MANY_BLANK_LINES = re.compile(r"\n{4,}")

Edit = tuple[int, int, str]


class OffsetMapError(ValueError):
    """The text's normalisation could not be followed character by character."""


def _apply(text: str, edits: list[Edit]) -> tuple[str, list[int]]:
    """Replace each ``[a, b)`` of ``text`` by its string; map every old boundary to a new one."""
    if not edits:
        return text, list(range(len(text) + 1))
    out: list[str] = []
    mapping: list[int] = []
    pos = 0  # in the old text
    new = 0  # in the new text
    for a, b, replacement in edits:
        out.append(text[pos:a])
        mapping.extend(range(new, new + (a - pos)))
        new += a - pos
        mapping.extend([new] * (b - a))  # a and the boundaries inside the edit
        out.append(replacement)
        new += len(replacement)
        pos = b
    out.append(text[pos:])
    mapping.extend(range(new, new + (len(text) - pos) + 1))
    return "".join(out), mapping


def _compose(first: list[int], second: list[int]) -> list[int]:
    return [second[i] for i in first]


def _newline_edits(text: str) -> list[Edit]:
    return [
        (m.start(), m.end(), "\n\n" if m.group() == "\u2029" else "\n")
        for m in _NEWLINES.finditer(text)
        if m.group() != "\n"
    ]


def _nfc_edits(text: str) -> list[Edit]:
    """Replace each cluster (a starter and its combining marks) that NFC changes."""
    if unicodedata.is_normalized("NFC", text):
        return []
    edits: list[Edit] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i < len(text) and (unicodedata.combining(text[i]) or _is_jamo_tail(text[i])):
            continue
        cluster = text[start:i]
        composed = unicodedata.normalize("NFC", cluster)
        if composed != cluster:
            edits.append((start, i, composed))
        start = i
    return edits


def _is_jamo_tail(ch: str) -> bool:
    """Hangul vowel and trailing-consonant jamo compose with the syllable before them."""
    return "\u1161" <= ch <= "\u1175" or "\u11a8" <= ch <= "\u11c2"


def _blank_run_edits(text: str) -> list[Edit]:
    return [(m.start() + 3, m.end(), "") for m in _MANY_BLANK_LINES.finditer(text)]


def _strip_edits(text: str) -> list[Edit]:
    edits: list[Edit] = []
    head = len(text) - len(text.lstrip("\n"))
    if head:
        edits.append((0, head, ""))
    tail = len(text.rstrip("\n"))
    if tail < len(text) and tail >= head:
        edits.append((tail, len(text), ""))
    return edits


def normalise_with_map(text: str) -> tuple[str, list[int]]:
    """``(normalise_text(text), boundary map)``; ``map[i]`` is where offset ``i`` lands."""
    expected = normalise_text(text)
    if expected == text:
        return text, list(range(len(text) + 1))
    steps = (
        _newline_edits,
        lambda t: [(m.start(), m.end(), "") for m in _REMOVED.finditer(t)],
        _nfc_edits,
        lambda t: [(m.start(), m.end(), "") for m in _TRAILING.finditer(t)],
        _blank_run_edits,
        _strip_edits,
    )
    current = text
    mapping = list(range(len(text) + 1))
    for step in steps:
        current, step_map = _apply(current, step(current))
        mapping = _compose(mapping, step_map)
    if current != expected:
        raise OffsetMapError("normalising the text changes it in a way offsets cannot follow")
    return current, mapping
