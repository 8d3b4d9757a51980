"""Pure document readers: files in, normalised text with structure out.

``read_document`` turns a transcript or document (txt, md, html, docx, odt, rtf,
pdf, vtt, srt) into an ``ExtractedText``: the normalised text that will be
stored plus its paragraphs, speaker turns, title and metadata, all as offsets
into that text. ``read_survey`` turns a csv/tsv survey export into one
``SurveyDocument`` per row or per respondent. Nothing here touches the store;
every user-caused failure is an ``InputError`` naming the file.
"""

from __future__ import annotations

from workbench.ingest.extracted import (
    ExtractedText,
    SurveyAnswer,
    SurveyDocument,
    SurveyRow,
    TurnSpan,
)
from workbench.ingest.files import DEFAULT_MAX_BYTES
from workbench.ingest.registry import SUPPORTED_EXTENSIONS, read_document, reader_for
from workbench.ingest.survey import SURVEY_EXTENSIONS, read_survey
from workbench.ingest.text import decode_bytes, normalise_text, paragraph_spans
from workbench.ingest.turns import detect_turns

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_EXTENSIONS",
    "SURVEY_EXTENSIONS",
    "ExtractedText",
    "SurveyAnswer",
    "SurveyDocument",
    "SurveyRow",
    "TurnSpan",
    "decode_bytes",
    "detect_turns",
    "normalise_text",
    "paragraph_spans",
    "read_document",
    "read_survey",
    "reader_for",
]
