"""Helpers shared by the reader tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.ingest.extracted import ExtractedText

WriteFile = Callable[[str, "bytes | str"], Path]


def paragraph_texts(doc: ExtractedText) -> list[str]:
    return [doc.text[s:e] for s, e in doc.paragraphs]


def turn_texts(doc: ExtractedText) -> list[tuple[str, str]]:
    return [(t.speaker, doc.text[t.start : t.end]) for t in doc.turns]
