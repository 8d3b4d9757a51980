"""The open development set for dates, sentences and turns, and how it is scored.

Every text here was written for this project (no third-party material) and is
hand-labelled inline, so a label sits beside the words it describes:

* date mentions: ``[[surface|range|kind|phenomenon]]``. ``range`` is what the
  words mean, in ``parse_date`` notation (``2004/2006``, ``spring 2002``,
  ``2005-05-01/2005-07-31``), or ``-`` where it is not scored (citations) or
  ``none``; ``kind`` is ``event``, ``citation``, ``reference``, ``furniture``
  or ``none`` (a number that is not a date at all: a count, money);
  ``phenomenon`` groups the figures. Text outside the brackets holds no date
  mention, so anything found there is a false positive.
* sentence boundaries: ``¦`` just before each sentence but the first.
* turns: ``dialogues.yaml`` holds speaker turns, which ``layouts`` renders in
  every transcript layout the importer reads; ``not_transcripts.txt`` holds
  documents (split at ``===`` lines) with "Word:" lines that are not speakers.

The benchmark ``python -m bench nlp`` prints these scores; tests hold the
targets. Both read the same files, so a change that helps one text and hurts
another shows up in both.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from workbench.core.dates import DateRange

HERE = Path(__file__).parent
MENTION_FILES = (
    "paper_author_year.txt",
    "paper_numeric.txt",
    "policy_blog.txt",
    "interview_notes.txt",
    "print_header.txt",
)
SENTENCE_FILES = {"sentences_academic.txt": "academic", "sentences_transcript.txt": "transcript"}
_LABEL = re.compile(
    r"\[\[(?P<surface>[^|\]]+)\|(?P<range>[^|\]]+)\|(?P<kind>\w+)\|(?P<tag>[\w-]+)\]\]"
)
BOUNDARY = "¦"
EVENT = "event"


@dataclass(frozen=True, slots=True)
class Gold:
    """One labelled stretch of a text."""

    start: int
    end: int
    text: str
    range: DateRange | None
    kind: str
    tag: str


@dataclass(frozen=True, slots=True)
class LabelledText:
    name: str
    text: str
    labels: tuple[Gold, ...]


def parse_labelled(name: str, marked: str) -> LabelledText:
    """Strip the inline labels, keeping their offsets in the plain text."""
    from workbench.core.dates import parse_date

    out: list[str] = []
    labels: list[Gold] = []
    pos = 0
    length = 0
    for m in _LABEL.finditer(marked):
        before = marked[pos : m.start()]
        out.append(before)
        length += len(before)
        surface = m["surface"]
        spec = m["range"].strip()
        rng = parse_date(spec) if spec not in ("-", "none") else None
        labels.append(Gold(length, length + len(surface), surface, rng, m["kind"], m["tag"]))
        out.append(surface)
        length += len(surface)
        pos = m.end()
    out.append(marked[pos:])
    return LabelledText(name, "".join(out), tuple(labels))


def mention_texts() -> list[LabelledText]:
    return [
        parse_labelled(n, (HERE / n).read_text(encoding="utf-8").rstrip("\n"))
        for n in MENTION_FILES
    ]


def sentence_texts() -> list[tuple[str, str, str, tuple[int, ...]]]:
    """``(name, genre, text, gold sentence starts)`` per file."""
    out = []
    for name, genre in SENTENCE_FILES.items():
        marked = (HERE / name).read_text(encoding="utf-8").rstrip("\n")
        starts = [0]
        pieces = marked.split(BOUNDARY)
        text = ""
        for i, piece in enumerate(pieces):
            if i:
                starts.append(len(text))
            text += piece
        out.append((name, genre, text, tuple(starts)))
    return out


def not_transcripts() -> list[str]:
    raw = (HERE / "not_transcripts.txt").read_text(encoding="utf-8")
    return [part.strip("\n") for part in re.split(r"^===$", raw, flags=re.M)]


def dialogues() -> list[tuple[str, list[tuple[str, str]]]]:
    import yaml

    data = yaml.safe_load((HERE / "dialogues.yaml").read_text(encoding="utf-8"))
    return [(d["title"], [(s, t) for s, t in d["turns"]]) for d in data]


# -- scoring --------------------------------------------------------------------------------


@dataclass(slots=True)
class Tally:
    """Counts behind one precision/recall figure."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def exact_share(self) -> float:
        return self.exact / self.tp if self.tp else 1.0


@dataclass(slots=True)
class MentionScore:
    """Event-date mentions against the labels: overall, per phenomenon, and leaks."""

    overall: Tally = field(default_factory=Tally)
    by_tag: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    offered: int = 0  # citations, reference entries and page furniture offered as events
    misses: list[str] = field(default_factory=list)


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def score_mentions(items: Iterable[tuple[LabelledText, Sequence[Any]]]) -> MentionScore:
    """Score found mentions (objects with start, end, range and optionally kind).

    A found mention whose kind is not ``event`` is not offered as an event date,
    so only event mentions count as found. A found event mention is right when it
    overlaps a gold event mention; its range is exact when start and end agree.
    """
    score = MentionScore()
    for doc, found in items:
        events = [m for m in found if getattr(m, "kind", EVENT) == EVENT]
        gold_events = [g for g in doc.labels if g.kind == EVENT]
        for g in gold_events:
            hit = next((m for m in events if _overlaps(m.start, m.end, g.start, g.end)), None)
            tally = score.by_tag[g.tag]
            if hit is None:
                tally.fn += 1
                score.overall.fn += 1
                score.misses.append(f"{doc.name}: missed {g.text!r} ({g.tag})")
                continue
            tally.tp += 1
            score.overall.tp += 1
            if g.range is not None and (hit.range.start, hit.range.end) == (
                g.range.start,
                g.range.end,
            ):
                tally.exact += 1
                score.overall.exact += 1
            else:
                score.misses.append(
                    f"{doc.name}: {g.text!r} read as {hit.range.start}/{hit.range.end} ({g.tag})"
                )
        for m in events:
            if any(_overlaps(m.start, m.end, g.start, g.end) for g in gold_events):
                continue
            other = next((g for g in doc.labels if _overlaps(m.start, m.end, g.start, g.end)), None)
            tag = other.tag if other is not None else "unlabelled"
            if other is not None and other.kind in ("citation", "reference", "furniture"):
                score.offered += 1
            score.by_tag[tag].fp += 1
            score.overall.fp += 1
            score.misses.append(f"{doc.name}: false event {doc.text[m.start : m.end]!r} ({tag})")
    return score


@dataclass(slots=True)
class BoundaryScore:
    tally: Tally = field(default_factory=Tally)
    misses: list[str] = field(default_factory=list)


def score_boundaries(
    name: str, text: str, gold: Sequence[int], found: Iterable[int], into: BoundaryScore
) -> None:
    """Sentence starts (after the first) found against the gold ones."""
    g = set(gold) - {0}
    f = {s for s in found if s > 0}
    into.tally.tp += len(g & f)
    into.tally.fp += len(f - g)
    into.tally.fn += len(g - f)
    for s in sorted(f - g):
        into.misses.append(f"{name}: split before {text[max(0, s - 15) : s + 15]!r}")
    for s in sorted(g - f):
        into.misses.append(f"{name}: no split before {text[max(0, s - 15) : s + 15]!r}")


def score_turns(
    gold: Sequence[tuple[str, str]], text: str, turns: Sequence[Any], into: Tally
) -> None:
    """A gold turn is found when a detected turn has its speaker and contains its words."""

    def squash(s: str) -> str:
        return " ".join(s.split())

    pieces = [(t.speaker, squash(text[t.start : t.end])) for t in turns]
    used: set[int] = set()
    for speaker, speech in gold:
        words = squash(speech)
        hit = next(
            (
                i
                for i, (who, said) in enumerate(pieces)
                if i not in used and who == speaker and words in said
            ),
            None,
        )
        if hit is None:
            into.fn += 1
        else:
            used.add(hit)
            into.tp += 1
    into.fp += len(pieces) - len(used)
