"""Running the importer's own code over the development set and scoring it.

Texts go through the same path as an import: a file is written, read by
``read_document`` (so the reader's turn and layout rules apply), then analysed by
``workbench.nlp.analyse`` with its turns. ``evaluate()`` returns every figure the
benchmark prints and the tests hold to their targets.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.nlp.devset import (
    BoundaryScore,
    MentionScore,
    Tally,
    dialogues,
    mention_texts,
    not_transcripts,
    score_boundaries,
    score_mentions,
    score_turns,
    sentence_texts,
)
from tests.nlp.devset.layouts import LAYOUTS, vtt_captions


@dataclass(slots=True)
class Evaluation:
    mentions: MentionScore
    sentences: dict[str, BoundaryScore]
    turns: dict[str, Tally]
    false_turns: dict[str, int]
    captions: dict[str, Any] = field(default_factory=dict)


def _read(folder: Path, name: str, suffix: str, data: bytes) -> Any:
    from workbench.ingest import read_document

    path = folder / f"{name}{suffix}"
    path.write_bytes(data)
    return read_document(path)


def _analyse(extracted: Any) -> Any:
    from workbench.nlp import analyse

    breaks = tuple(t.start for t in extracted.turns)
    try:
        [analysis] = analyse([(extracted.text, None)], breaks=[breaks])
    except TypeError:
        [analysis] = analyse([(extracted.text, None)])
    return analysis


def evaluate() -> Evaluation:
    with tempfile.TemporaryDirectory(prefix="wb-devset-") as tmp:
        folder = Path(tmp)
        found = []
        for doc in mention_texts():
            extracted = _read(folder, Path(doc.name).stem, ".txt", doc.text.encode())
            assert extracted.text == doc.text, doc.name  # labels are offsets into this text
            found.append((doc, _analyse(extracted).mentions))
        mentions = score_mentions(found)

        sentences: dict[str, BoundaryScore] = {}
        for name, genre, text, gold in sentence_texts():
            extracted = _read(folder, Path(name).stem, ".txt", text.encode())
            assert extracted.text == text, name
            starts = [s for s, _ in _analyse(extracted).sentences]
            score_boundaries(name, text, gold, starts, sentences.setdefault(genre, BoundaryScore()))

        turns: dict[str, Tally] = {}
        for layout, render in LAYOUTS.items():
            tally = turns.setdefault(layout, Tally())
            for i, (_, dialogue) in enumerate(dialogues()):
                suffix, data = render(dialogue)
                extracted = _read(folder, f"layout{len(turns)}-{i}", suffix, data)
                score_turns(dialogue, extracted.text, extracted.turns, tally)

        false_turns: dict[str, int] = {}
        for i, text in enumerate(not_transcripts()):
            extracted = _read(folder, f"document{i}", ".txt", text.encode())
            false_turns[text.split("\n", 1)[0]] = len(extracted.turns)
        for name in ("paper_author_year.txt", "paper_numeric.txt", "policy_blog.txt"):
            doc = next(d for d in mention_texts() if d.name == name)
            extracted = _read(folder, Path(name).stem, ".txt", doc.text.encode())
            false_turns[name] = len(extracted.turns)

        captions: dict[str, Any] = {}
        for i, (_, dialogue) in enumerate(dialogues()):
            suffix, data = vtt_captions(dialogue)
            extracted = _read(folder, f"captions{i}", suffix, data)
            analysis = _analyse(extracted)
            words = " ".join(t for _, t in dialogue)
            gold_sentences = _count_sentences(words)
            captions[f"captions {i}"] = {
                "turns": len(extracted.turns),
                "sentences": len(analysis.sentences),
                "gold_sentences": gold_sentences,
            }
        false_turns.update({k: v["turns"] for k, v in captions.items()})
    return Evaluation(mentions, sentences, turns, false_turns, captions)


def _count_sentences(words: str) -> int:
    import re

    return len(re.findall(r"[.!?](?:\s|$)", words + " "))


def figures(ev: Evaluation) -> dict[str, float]:
    """The headline numbers, named as in BENCHMARKS.md."""
    out = {
        "event precision": ev.mentions.overall.precision,
        "event recall": ev.mentions.overall.recall,
        "event range exact": ev.mentions.overall.exact_share,
        "citations offered as events": float(ev.mentions.offered),
    }
    for genre, score in ev.sentences.items():
        out[f"sentence boundaries precision ({genre})"] = score.tally.precision
        out[f"sentence boundaries recall ({genre})"] = score.tally.recall
    for layout, tally in ev.turns.items():
        out[f"turns found ({layout})"] = tally.recall
        out[f"turns right ({layout})"] = tally.precision
    out["turns in documents that are not transcripts"] = float(sum(ev.false_turns.values()))
    return out
