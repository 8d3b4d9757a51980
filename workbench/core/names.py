"""Names shown on one line (codes, titles) without characters a terminal acts on.

A name is printed in tables, prompts and terminals. A control character in it (C0
such as NUL, BEL, ESC or a newline, DEL, or C1 such as CSI) can move the cursor,
recolour or clear the screen, or break a row in two; a bidirectional override or
isolate (U+202A-U+202E, U+2066-U+2069) shows the text after it reversed, so that
two names look alike while they differ ("Trojan Source"). Names the user writes
(a codebook) are refused with the character named; names from another program's
file are neutralised: controls become spaces, the bidirectional marks are removed,
and runs of blanks become one space, as file names become document titles.
"""

from __future__ import annotations

import unicodedata

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: they reorder what follows them on the line."""


def _unsafe(char: str) -> bool:
    return char in BIDI_CONTROLS or unicodedata.category(char) == "Cc"


def unsafe_characters(text: str) -> list[str]:
    """Each kind of unsafe character in ``text`` once, named (``U+202E RIGHT-TO-LEFT
    OVERRIDE``, ``U+0007 control character``), in order of appearance."""
    seen: list[str] = []
    for char in text:
        if _unsafe(char) and char not in seen:
            seen.append(char)
    return [f"U+{ord(c):04X} {unicodedata.name(c, 'control character')}" for c in seen]


def shown(text: str, limit: int = 80) -> str:
    """``text`` quoted for a message, its unsafe characters written as ``\\uXXXX``."""
    cut = text[:limit] + ("..." if len(text) > limit else "")
    return "'" + "".join(f"\\u{ord(c):04x}" if _unsafe(c) else c for c in cut) + "'"


def one_line_name(text: str) -> str:
    """``text`` with controls as spaces, bidirectional marks removed, blanks collapsed."""
    kept = "".join(
        "" if c in BIDI_CONTROLS else " " if unicodedata.category(c) == "Cc" else c for c in text
    )
    return " ".join(kept.split())
