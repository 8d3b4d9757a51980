"""The value objects every reader returns.

Readers are pure: they turn bytes into these frozen objects and never touch the
store. Every offset is a half-open ``[start, end)`` index in Unicode code points
into ``ExtractedText.text``, which is exactly the text that will be stored, so a
coder's span and a detected turn or paragraph always point at the same characters.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class TurnSpan:
    """One speaker turn: ``[start, end)`` covers the label *and* the speech.

    ``start`` is where the label begins (a leading timestamp such as ``[00:12:31]``
    included), ``speech_start`` is where the words spoken begin (just past the label,
    its colon and any whitespace; equal to ``end`` when the turn has no words), and
    ``end`` is just past the last non-whitespace character before the next turn.
    Keeping the label inside the turn means coding a whole turn also captures who
    said it; ``speech_start`` lets a caller code only the speech.

    ``start_ms``/``end_ms`` are only set when the source states them (a timestamp in
    a transcript label, cue times in subtitles); they are never guessed.
    """

    start: int
    end: int
    speaker: str
    start_ms: int | None = None
    end_ms: int | None = None
    speech_start: int | None = None


@dataclass(frozen=True, slots=True)
class ExtractedText:
    """A document as the store will keep it.

    ``text`` is normalised (see ``workbench.ingest.text.normalise_text``);
    ``turns`` is empty when no transcript structure was found; ``paragraphs`` are
    the blank-line separated blocks of ``text`` (readers of structured formats
    write one block per source paragraph, so both notions agree).
    """

    text: str
    turns: tuple[TurnSpan, ...] = ()
    title: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    paragraphs: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class SurveyAnswer:
    """Where one answer sits in a survey document's text.

    ``[start, end)`` covers the paragraph ``"<column>: <answer>"``; ``answer_start``
    is where the answer itself begins, so a caller can code a question's answers
    without the question header. ``row`` is the 1-based data row (header excluded)
    the answer came from.
    """

    column: str
    start: int
    end: int
    answer_start: int
    row: int


@dataclass(frozen=True, slots=True)
class SurveyDocument:
    """One respondent's (or one row's) answers, ready to store as a document.

    ``name`` is a stable, human-readable document name (``"<file> row 3"`` or
    ``"<file> respondent R12"``); ``attributes`` holds the non-answer columns
    (case attributes such as age group or site); ``rows`` lists the 1-based data
    rows that were merged into this document.
    """

    name: str
    respondent: str | None
    rows: tuple[int, ...]
    attributes: dict[str, str]
    answers: tuple[SurveyAnswer, ...]
    document: ExtractedText


SurveyRow = SurveyDocument
"""Alias kept for callers written against the first sketch of this API."""
