"""Finding speaker turns in a transcript's normalised text.

Researchers paste transcripts in every convention there is: ``Interviewer:``,
``I:``/``R1:``, ``Q:``/``A:``, ``Cllr Smith:``, ``[00:12:31] Speaker 2:``,
``Speaker 1  0:03`` on a line of its own (Otter), ``**Jane:**`` in markdown.
A label is recognised only at the start of a line; the turn runs until the next
label. Turn spans cover the label and the speech (see ``TurnSpan``), with
``speech_start`` marking where the words begin.

Ordinary prose also has "Word:" at the start of lines ("Note: the meeting..."),
so a text only counts as a transcript when its labels look like one:

* labels in a stop-list of common non-speaker words (Note, Example, Source,
  Date, Subject, Re, Summary, ...) are never labels, nor are ones starting with
  words such as "Step", "Section" or "The" unless the source made them bold;
* names are up to four capitalised words, plus a number or a lowercase particle
  ("van", "de") and an optional "(role)";
* and then either some speaker has at least two labels, or there are at least
  two different speakers of whom at least one is unmistakably a speaker label
  (timestamped, a short code like ``R1``, numbered like ``Speaker 2``, a role
  such as Interviewer/Participant, an honorific such as Dr/Cllr, or a bold label
  from a Word file). Two one-off plain names ("Alice:" then "Bob:") are not
  enough, because two one-off capitalised headings look the same.
* a block of three or more consecutive "Key: value" lines whose keys occur
  nowhere else and are mostly not speaker-like (a title page's "Author(s):",
  "Year:", "Release Date:", a transcript's own header) holds metadata, not turns.

Names on a line of their own, without a colon (exports of online coding tools,
Word files with the name in bold above the speech), are labels too when the
document reads as such a transcript: at least two names each standing alone
above speech at least twice, and such name lines opening at least half of the
paragraphs that follow the first of them. Headings ("Background", "Methods")
rarely repeat, so papers do not pass.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from workbench.ingest.extracted import TurnSpan

if TYPE_CHECKING:
    from collections.abc import Collection


def _words(text: str) -> frozenset[str]:
    """A word list written as one whitespace-separated string, for readability."""
    return frozenset(text.split())


_TS = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_BOLD = r"(?:\*\*|__)"

# "[00:12:31] Speaker 2: ...", "00:12:31 - Speaker 2: ...", "**Interviewer:** ..."
_LABEL_FIRST = re.compile(
    rf"""
    (?P<ts>\[{_TS}\]|\({_TS}\)|{_TS})?(?(ts)[ \t]+(?:[-–—|][ \t]+)?)
    {_BOLD}?
    (?P<name>[^:\n*_]{{1,60}}?)
    {_BOLD}?[ \t]*:{_BOLD}?
    (?=[ \t]|$)
    """,
    re.VERBOSE,
)
# "Speaker 2 [00:12:31]: ...", "Speaker 1  0:03" alone on its line.
_NAME_FIRST = re.compile(
    rf"""
    {_BOLD}?
    (?P<name>[^:\n*_\[\]()]{{1,60}}?)
    [ \t]+(?:[\[(](?P<ts1>{_TS})[\])]|(?P<ts2>{_TS}))
    {_BOLD}?[ \t]*(?:(?P<colon>:){_BOLD}?(?=[ \t]|$)|$)
    """,
    re.VERBOSE,
)
_TOKEN = re.compile(r"[^\W_][\w'’.\-]*\Z")
_ROLE = re.compile(r"\((?P<role>[^()\n]{1,30})\)\Z")

STOP_LABELS = _words(
    """
    note notes nb n.b ps p.s pps example examples e.g eg i.e ie viz cf source sources
    date dates time times title subtitle subject re fw fwd to from cc bcc sent
    attachment attachments location venue place duration length present attendees
    apologies agenda minutes summary abstract background introduction conclusion
    conclusions method methods methodology results discussion references bibliography
    keywords tags category categories author authors editor file filename project
    transcript transcription transcriber recording audio video page pages total
    warning caution tip hint important update edit edited comment comments definition
    aim aims objective objectives purpose scope status priority owner action actions
    outcome outcomes decision decisions result step steps url link website email
    e-mail tel phone mobile fax address version ref reference id name age gender sex
    topics topic language languages translator translators illustrator publisher
    release published year years edition isbn series volume genre format rights licence
    license credits contents chapter transcribed translated produced posted updated
    occupation role position organisation organization department site setting context
    description memo code codes theme themes quote quotes caveat disclaimer copyright
    overview contents index glossary acknowledgements ingredients instructions usage
    output input error errors yes no ok okay well however overall first firstly second
    secondly third finally also then now today tomorrow yesterday thanks
    """
)

_FIRST_WORD_STOP = _words(
    """
    step part section chapter figure fig table appendix page item phase stage day week
    month year session round option rule article clause point line version level task
    exercise lesson unit module annex exhibit slide scene act question note example
    the a an this that these those it its we they he she you my our your his her their
    in on at for by with as if when why what how who where but and or so there here
    please dear hi hello thanks see re subject
    """
)

_PARTICLES = _words(
    """
    van von de der den da di du del della la le bin binti al el ter ten y e of
    """
)

_ROLES = _words(
    """
    interviewer interviewee respondent participant speaker moderator facilitator
    researcher chair chairperson host guest student teacher doctor nurse patient
    parent child carer caregiver pupil member officer manager resident client
    translator interpreter observer
    """
)

_HONORIFICS = _words(
    """
    dr mr mrs ms miss mx prof professor cllr councillor sir dame lord lady rev revd fr
    sr hon judge
    """
)

# A bare uppercase code ("I", "R", "R1", "INT", "P12") is speaker-like.
_CODE = re.compile(r"[A-Z]{1,3}\d{0,3}\Z")


@dataclass(frozen=True, slots=True)
class Label:
    """A recognised label: ``[start, end)`` spans it (timestamp, name, colon), who, when."""

    start: int
    end: int
    speaker: str
    start_ms: int | None
    speaker_like: bool


def timestamp_ms(value: str) -> int:
    """``"01:02:03.5"`` / ``"12:31"`` / ``"[00:12:31]"`` to milliseconds."""
    value = value.strip("[]()")
    fraction = 0
    if "." in value or "," in value:
        value, frac = re.split(r"[.,]", value, maxsplit=1)
        fraction = int(frac.ljust(3, "0")[:3])
    parts = [int(p) for p in value.split(":")]
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + part
    return seconds * 1000 + fraction


def label_key(label: str) -> str:
    """How labels are compared: whitespace collapsed, case folded."""
    return " ".join(label.split()).casefold()


def _is_name_token(token: str, *, first: bool, last: bool) -> bool:
    if not _TOKEN.match(token):
        return False
    head = token[0]
    if head.isdigit():
        return not first
    if head.isalpha() and not head.islower():
        return True
    return not first and not last and token in _PARTICLES


def speaker_name(candidate: str, *, hint_keys: Collection[str] = ()) -> tuple[str, bool] | None:
    """Validate a label candidate; return ``(speaker, speaker_like)`` or ``None``.

    ``hint_keys`` (see ``label_key``) are labels known from formatting, such as bold
    runs in a Word file: they skip the capitalisation and first-word rules ("The
    Chair" is a fine bold label) but not the stop-list.
    """
    name = " ".join(candidate.split())
    if not name or len(name) > 60:
        return None
    key = name.casefold().rstrip(".")
    if key in STOP_LABELS:
        return None
    if label_key(name) in hint_keys:
        return name, True
    tokens = key.split(" ")
    if len(tokens) > 1 and tokens[0].rstrip(".") in _FIRST_WORD_STOP:
        return None

    core = name
    role = _ROLE.search(name)
    if role and len(role.group("role")) < 2:  # "Author(s)" is a plural, not a role
        return None
    if role:
        core = name[: role.start()].rstrip()
        if not core:
            return None
    words = core.split(" ")
    if len(words) > 5 or sum(1 for w in words if not w[0].isdigit()) > 4:
        return None
    if not all(
        _is_name_token(w, first=i == 0, last=i == len(words) - 1) for i, w in enumerate(words)
    ):
        return None

    first_word = words[0].casefold().rstrip(".")
    speaker_like = (
        role is not None
        or bool(_CODE.match(core))
        or any(w[0].isdigit() for w in words)
        or first_word in _ROLES
        or first_word in _HONORIFICS
        or (len(words) == 1 and len(words[0]) == 1)
    )
    return name, speaker_like


@lru_cache(maxsize=4096)
def _cached_speaker_name(candidate: str, hint_keys: frozenset[str]) -> tuple[str, bool] | None:
    """``speaker_name`` memoised: a transcript repeats the same few labels."""
    return speaker_name(candidate, hint_keys=hint_keys)


def match_label(text: str, pos: int, *, hint_keys: frozenset[str] = frozenset()) -> Label | None:
    """The label starting at ``pos`` (a line start, indentation allowed), if any.

    ``hint_keys`` are hint labels already passed through ``label_key``.
    """
    line_end = text.find("\n", pos)
    if line_end == -1:
        line_end = len(text)
    start = pos
    while start < line_end and text[start] in " \t":
        start += 1
    for pattern in (_LABEL_FIRST, _NAME_FIRST):
        m = pattern.match(text, start, line_end)
        if m is None:
            continue
        named = _cached_speaker_name(m.group("name"), frozenset(hint_keys))
        if named is None:
            continue
        speaker, speaker_like = named
        groups = m.groupdict()
        ts = groups.get("ts") or groups.get("ts1") or groups.get("ts2")
        # "Lunch 12:30" alone on a line is an agenda as often as an Otter label, so a
        # timestamp makes a label speaker-like only when a colon follows the name.
        stated = ts is not None and (pattern is _LABEL_FIRST or groups.get("colon") is not None)
        bold = text.startswith(("**", "__"), start)  # "**Sam:**": marked up as a label
        return Label(
            start=start,
            end=m.end(),
            speaker=speaker,
            start_ms=timestamp_ms(ts) if ts else None,
            speaker_like=speaker_like or stated or bold,
        )
    return None


def find_labels(text: str, *, hints: Collection[str] = ()) -> list[Label]:
    """Every line-initial label candidate in ``text``, before the transcript test."""
    keys = frozenset(label_key(h) for h in hints)
    labels: list[Label] = []
    pos = 0
    length = len(text)
    while pos <= length:
        label = match_label(text, pos, hint_keys=keys)
        if label is not None:
            labels.append(label)
        nl = text.find("\n", pos)
        if nl == -1:
            break
        pos = nl + 1
    return labels


def looks_like_transcript(labels: list[Label]) -> bool:
    """The acceptance rule described in the module docstring."""
    counts = Counter(label_key(label.speaker) for label in labels)
    if any(n >= 2 for n in counts.values()):
        return True
    return len(counts) >= 2 and any(label.speaker_like for label in labels)


def _line_end(text: str, pos: int) -> int:
    nl = text.find("\n", pos)
    return len(text) if nl == -1 else nl


_KEY_VALUE = re.compile(r"^[ \t]*[^\s:][^:\n]{0,40}:[ \t]+\S[^\n]*$", re.MULTILINE)
_MIN_HEADER_LINES = 3


def without_header_blocks(text: str, labels: list[Label]) -> list[Label]:
    """``labels`` less those in runs of 3+ one-line "Key: value" lines with unique keys."""
    blocks: list[tuple[int, int]] = []
    run_start = run_end = -1
    count = 0
    for m in _KEY_VALUE.finditer(text):
        if count and m.start() == run_end + 1:
            run_end, count = m.end(), count + 1
            continue
        if count >= _MIN_HEADER_LINES:
            blocks.append((run_start, run_end))
        run_start, run_end, count = m.start(), m.end(), 1
    if count >= _MIN_HEADER_LINES:
        blocks.append((run_start, run_end))
    if not blocks:
        return labels
    counts = Counter(label_key(label.speaker) for label in labels)
    headers = []
    for a, b in blocks:
        keys = [label_key(line.split(":", 1)[0]) for line in text[a:b].split("\n")]
        inside = [x for x in labels if a <= x.start < b]
        speakers = sum(1 for x in inside if x.speaker_like)
        if (
            len(set(keys)) == len(keys)
            and all(counts[label_key(x.speaker)] == 1 for x in inside)
            and speakers * 2 < len(keys)
        ):
            headers.append((a, b))  # keys said once, mostly not speakers: metadata
    return [label for label in labels if not any(a <= label.start < b for a, b in headers)]


_NAME_LINE = re.compile(r"[ \t]*(?:\*\*|__)?(?P<name>[^\n:*_]{1,60}?)(?:\*\*|__)?[ \t]*$")
_MIN_NAME_LINES = 2


def own_line_labels(text: str, *, hints: Collection[str] = ()) -> list[Label]:
    """Names standing alone on a line above speech, when the text reads as that layout."""
    keys = frozenset(label_key(h) for h in hints)
    found: list[Label] = []
    paragraphs = 0
    first_at: int | None = None
    pos = 0
    n = len(text)
    previous_blank = True
    while pos < n:
        end = _line_end(text, pos)
        line = text[pos:end]
        blank = not line.strip()
        if not blank and previous_blank:
            if first_at is not None:
                paragraphs += 1
            m = _NAME_LINE.match(line)
            nxt = end + 1
            if m is not None and nxt < n:
                after = text[nxt : _line_end(text, nxt)]
                if not after.strip() and label_key(m["name"]) in keys:  # a bold name, a blank line
                    nxt2 = _line_end(text, nxt) + 1
                    after = text[nxt2 : _line_end(text, nxt2)] if nxt2 < n else ""
                named = _cached_speaker_name(m["name"], keys) if after.strip() else None
                if named is not None and not after.lstrip().startswith(("-", "•", "*")):
                    speaker, like = named
                    if first_at is None:
                        first_at = pos
                        paragraphs = 1
                    found.append(Label(pos + m.start("name"), end, speaker, None, like))
        previous_blank = blank
        pos = end + 1
    if not found:
        return []
    counts = Counter(label_key(x.speaker) for x in found)
    repeated = [k for k, c in counts.items() if c >= _MIN_NAME_LINES]
    if len(repeated) < 2 or len(found) * 2 < paragraphs:
        return []
    return found


def _rstrip_to(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def detect_turns(text: str, *, hints: Collection[str] = ()) -> tuple[TurnSpan, ...]:
    """Speaker turns of ``text``, or ``()`` if it does not look like a transcript.

    Turns are ordered, non-overlapping and inside ``text``; text before the first
    label (a heading, interview details) belongs to no turn. A timestamp in a label
    sets ``start_ms``; ``end_ms`` stays ``None`` because a transcript does not say
    when a turn ends.
    """
    labels = without_header_blocks(text, find_labels(text, hints=hints))
    if not labels or not looks_like_transcript(labels):
        labels = own_line_labels(text, hints=hints)
        if not labels:
            return ()
    turns: list[TurnSpan] = []
    for i, label in enumerate(labels):
        limit = labels[i + 1].start if i + 1 < len(labels) else len(text)
        label_end = _rstrip_to(text, label.start, label.end)
        end = max(_rstrip_to(text, label.start, limit), label_end)
        speech = label.end
        while speech < end and text[speech].isspace():
            speech += 1
        turns.append(
            TurnSpan(
                start=label.start,
                end=end,
                speaker=label.speaker,
                start_ms=label.start_ms,
                end_ms=None,
                speech_start=min(speech, end),
            )
        )
    return tuple(turns)
