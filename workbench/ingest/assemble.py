"""Turning a reader's raw text into an ``ExtractedText``.

Every prose reader (plain text, markdown, HTML, Word, ODT, RTF, PDF) writes its
source paragraphs separated by blank lines and hands the result here, so
normalisation, paragraph spans and turn detection happen once, after the text is
final, and all offsets refer to the stored text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.ingest.extracted import ExtractedText
from workbench.ingest.text import normalise_text, paragraph_spans, require_text
from workbench.ingest.turns import detect_turns

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping
    from pathlib import Path


def clean_metadata(metadata: Mapping[str, object | None]) -> dict[str, str]:
    """Drop empty values and squeeze each remaining one onto a single line."""
    out: dict[str, str] = {}
    for key, value in metadata.items():
        if value is None:
            continue
        text = " ".join(str(value).split())
        if text:
            out[key] = text
    return out


def clean_title(title: str | None) -> str | None:
    """A title on one line, or ``None`` if the file's title is blank."""
    if title is None:
        return None
    title = " ".join(title.split())
    return title or None


def prose_document(
    raw: str,
    *,
    path: Path | str | None,
    title: str | None = None,
    metadata: Mapping[str, object | None] | None = None,
    hints: Collection[str] = (),
    what: str = "text",
) -> ExtractedText:
    """Normalise ``raw``, then find paragraphs and speaker turns in the result.

    ``hints`` are speaker labels known from formatting (bold runs); ``what`` names
    the missing thing in the "empty" error ("text", "extractable text"...).
    """
    text = require_text(normalise_text(raw), path=path, what=what)
    return ExtractedText(
        text=text,
        turns=detect_turns(text, hints=hints),
        title=clean_title(title),
        metadata=clean_metadata(metadata or {}),
        paragraphs=paragraph_spans(text),
    )
