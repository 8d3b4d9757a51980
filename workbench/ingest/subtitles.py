"""WebVTT (``.vtt``) and SubRip (``.srt``) captions as transcripts.

Transcription services (Zoom, Teams, Otter, Whisper) export captions; each cue
has times and often a speaker, given by a WebVTT voice tag ``<v Jane Doe>`` or a
``Jane Doe:`` prefix (prefixes count only when they pass the same transcript test
as plain-text labels, so a cue reading "Wait: what?" is not a speaker).

The stored text is written like a plain-text transcript so it reads the same
once imported:

* consecutive cues of the same speaker form one turn (a cue without a speaker
  continues the current speaker's turn); its cues are joined with a single
  space, since cue boundaries and line breaks inside cues are display wrapping,
  not meaning;
* each turn is its own paragraph (turns are separated by a blank line) and,
  when the speaker is known, starts with ``"Speaker: "``; the turn span covers
  that label, and ``speech_start`` points past it;
* ``start_ms`` is the first cue's start and ``end_ms`` the latest cue end in the
  turn; cue times are not written into the text;
* cues before any speaker is known each become their own turn with speaker
  ``""``, so their times are not lost.

Captions that name no speaker at all (a lecture, a YouTube video) are not a
transcript of turns: their cues, which are display fragments cut mid-sentence,
are joined into running text, a paragraph ending where the speech pauses (a gap
of two seconds or more) or at the first sentence end past about 600 characters.
There are no turns; each cue's time is kept in ``metadata["cue_times"]`` as
``offset=milliseconds`` pairs (where in the text each cue starts, and when).

Timing lines that cannot be parsed are errors with a line number; a text block
with no timing line after a cue is taken as more lines of that cue (some
editors leave blank lines inside subtitles); NOTE, STYLE and REGION blocks are
skipped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.core.errors import InputError
from workbench.ingest.assemble import clean_title
from workbench.ingest.extracted import ExtractedText, TurnSpan
from workbench.ingest.text import decode_bytes, normalise_text, paragraph_spans
from workbench.ingest.turns import Label, looks_like_transcript, match_label

if TYPE_CHECKING:
    from pathlib import Path

_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{1,2})[.,](\d{1,3})"
_TIMING = re.compile(rf"\s*{_TIME}\s*-->\s*{_TIME}(?:\s.*)?\Z")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+([^>]+)>")
_TAG = re.compile(r"<[^>]*>")
_ASS_OVERRIDE = re.compile(r"\{\\[^}]*\}")
_SKIPPED_BLOCKS = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t]|\Z)")


@dataclass(frozen=True, slots=True)
class Cue:
    """One caption: times, the speaker if the cue names one, its cleaned text."""

    start_ms: int
    end_ms: int
    speaker: str | None
    text: str
    line: int


def _ms(groups: tuple[str | None, ...]) -> int:
    hours, minutes, seconds, fraction = groups
    total = (int(hours or 0) * 60 + int(minutes or 0)) * 60 + int(seconds or 0)
    return total * 1000 + int((fraction or "0").ljust(3, "0"))


def _clean(value: str) -> str:
    """Normalised text on one line with single spaces."""
    return " ".join(normalise_text(value).split())


def _payload(lines: list[str]) -> tuple[str | None, str]:
    joined = "\n".join(lines)
    voice = _VOICE.search(joined)
    speaker = _clean(html.unescape(voice.group(1))) if voice else None
    text = _ASS_OVERRIDE.sub("", _TAG.sub("", joined))
    return speaker or None, _clean(html.unescape(text))


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks as ``(1-based first line, lines)``."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first = 0
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not current:
                first = number
            current.append(line)
        elif current:
            blocks.append((first, current))
            current = []
    if current:
        blocks.append((first, current))
    return blocks


def parse_cues(raw: str, *, path: Path | str | None, webvtt: bool) -> list[Cue]:
    """Cues of a decoded caption file, in file order, with empty cues dropped."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks = _blocks(lines)
    if webvtt:
        if not lines or not re.match(r"\ufeff?WEBVTT(?:[ \t]|\Z)", lines[0]):
            raise InputError("not a WebVTT file (the first line must be WEBVTT)", path=path, line=1)
        blocks = blocks[1:]

    cues: list[Cue] = []
    pending: list[tuple[int, int, list[str], int]] = []  # start, end, payload, line
    for first, block in blocks:
        if webvtt and _SKIPPED_BLOCKS.match(block[0]):
            continue
        timing_at = next((i for i, line in enumerate(block[:2]) if "-->" in line), None)
        if timing_at is None:
            if pending:
                pending[-1][2].extend(block)
                continue
            raise InputError(
                "expected a cue timing line such as '00:00:01.000 --> 00:00:04.000'",
                path=path,
                line=first,
            )
        line_no = first + timing_at
        match = _TIMING.match(block[timing_at])
        if match is None:
            raise InputError(
                f"bad cue timing {block[timing_at].strip()!r}", path=path, line=line_no
            )
        start, end = _ms(match.groups()[:4]), _ms(match.groups()[4:])
        if end < start:
            raise InputError("cue ends before it starts", path=path, line=line_no)
        pending.append((start, end, block[timing_at + 1 :], line_no))

    for start, end, payload, line_no in pending:
        speaker, text = _payload(payload)
        if text:
            cues.append(Cue(start, end, speaker, text, line_no))
    return _with_prefix_speakers(cues)


def _with_prefix_speakers(cues: list[Cue]) -> list[Cue]:
    """Take ``"Name: text"`` prefixes as speakers when the file reads as a transcript."""
    found: list[tuple[int, Label]] = []
    for i, cue in enumerate(cues):
        if cue.speaker is None:
            label = match_label(cue.text, 0)
            if label is not None and label.start_ms is None and label.end < len(cue.text):
                found.append((i, label))
    if not found or not looks_like_transcript([label for _, label in found]):
        return cues
    out = list(cues)
    for i, label in found:
        cue = cues[i]
        out[i] = Cue(
            cue.start_ms, cue.end_ms, label.speaker, cue.text[label.end :].strip(), cue.line
        )
    return out


def cues_to_text(cues: list[Cue]) -> tuple[str, tuple[TurnSpan, ...]]:
    """Lay cues out as turns (see the module docstring) and return text and turns."""
    groups: list[tuple[str, list[Cue]]] = []
    for cue in cues:
        speaker = cue.speaker
        if speaker is None and groups and groups[-1][0]:
            speaker = groups[-1][0]
        if speaker is not None and groups and groups[-1][0] == speaker:
            groups[-1][1].append(cue)
        else:
            groups.append((speaker or "", [cue]))

    parts: list[str] = []
    turns: list[TurnSpan] = []
    pos = 0
    for speaker, members in groups:
        label = f"{speaker}: " if speaker else ""
        body = " ".join(cue.text for cue in members)
        if parts:
            pos += 2
        turns.append(
            TurnSpan(
                start=pos,
                end=pos + len(label) + len(body),
                speaker=speaker,
                start_ms=members[0].start_ms,
                end_ms=max(cue.end_ms for cue in members),
                speech_start=pos + len(label),
            )
        )
        parts.append(label + body)
        pos += len(label) + len(body)
    return "\n\n".join(parts), tuple(turns)


PAUSE_MS = 2000
PARAGRAPH_CHARS = 600
_SENTENCE_END = re.compile(r"[.!?…][\"'’”)\]]*\Z")


def captions_to_text(cues: list[Cue]) -> tuple[str, str]:
    """Speaker-less cues as running text in paragraphs; returns text and cue times."""
    paragraphs: list[str] = []
    current: list[str] = []
    times: list[str] = []
    pos = 0
    length = 0  # of the current paragraph
    previous_end: int | None = None
    for cue in cues:
        pause = previous_end is not None and cue.start_ms - previous_end >= PAUSE_MS
        full = length >= PARAGRAPH_CHARS and current and _SENTENCE_END.search(current[-1])
        if current and (pause or full):
            paragraphs.append(" ".join(current))
            current, length = [], 0
            pos += 2
        elif current:
            pos += 1
        times.append(f"{pos}={cue.start_ms}")
        current.append(cue.text)
        pos += len(cue.text)
        length += len(cue.text) + 1
        previous_end = cue.end_ms
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs), ",".join(times)


def _read(data: bytes, path: Path, *, webvtt: bool) -> ExtractedText:
    raw, encoding = decode_bytes(data, path=path)
    cues = parse_cues(raw, path=path, webvtt=webvtt)
    if not cues:
        raise InputError("empty: no cues with text", path=path)
    extra: dict[str, str] = {}
    if any(cue.speaker for cue in cues):
        text, turns = cues_to_text(cues)
    else:
        text, extra["cue_times"] = captions_to_text(cues)
        turns = ()
    title = None
    if webvtt:
        header = raw.lstrip("\ufeff").split("\n", 1)[0][len("WEBVTT") :]
        title = clean_title(header.strip(" \t-"))
    return ExtractedText(
        text=text,
        turns=turns,
        title=title,
        metadata={
            "format": "webvtt" if webvtt else "srt",
            "encoding": encoding,
            "cues": str(len(cues)),
            **extra,
        },
        paragraphs=paragraph_spans(text),
    )


def read_vtt(data: bytes, path: Path) -> ExtractedText:
    """A WebVTT ``.vtt`` caption file."""
    return _read(data, path, webvtt=True)


def read_srt(data: bytes, path: Path) -> ExtractedText:
    """A SubRip ``.srt`` caption file."""
    return _read(data, path, webvtt=False)
