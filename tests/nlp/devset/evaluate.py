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
    pdfs: dict[str, dict[str, Any]] = field(default_factory=dict)


def _read(folder: Path, name: str, suffix: str, data: bytes) -> Any:
    from workbench.ingest import read_document

    path = folder / f"{name}{suffix}"
    path.write_bytes(data)
    return read_document(path)


def _analyse(extracted: Any) -> Any:
    from workbench.nlp import analyse

    breaks = tuple(t.start for t in extracted.turns)
    [analysis] = analyse([(extracted.text, None)], breaks=[breaks])
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
    return Evaluation(mentions, sentences, turns, false_turns, captions, evaluate_pdfs())


PDF_SOURCES = {
    "paper_author_year.txt": {"footnote_after": "voluntary.", "line_numbers": False},
    "interview_notes.txt": {"footnote_after": None, "line_numbers": True},
    "policy_blog.txt": {"footnote_after": "pandemic", "line_numbers": False},
}


def _words(text: str) -> list[str]:
    return text.split()


def _similarity(truth: str, got: str) -> float:
    import difflib

    return difflib.SequenceMatcher(None, _words(truth), _words(got), autojunk=False).ratio()


def evaluate_pdfs() -> dict[str, dict[str, Any]]:
    """Each source text printed to a PDF with the issue's artefacts, read back two ways.

    ``pypdf``: the text layer as pypdf extracts it, pages joined (the reader before
    this work); ``ours``: ``read_document`` (pdfminer.six layout and the clean-up
    rules). Similarity is difflib's ratio over words against the true running text;
    the counts are artefacts left in the text: tabs, print headers, "Page N of M"
    footers, false event-date mentions.
    """
    import io
    import re

    from pypdf import PdfReader

    from tests.nlp.devset.pdfs import Footnote, make_pdf
    from workbench.ingest import read_document
    from workbench.nlp.mentions import find_date_mentions

    out: dict[str, dict[str, Any]] = {}
    docs = {d.name: d for d in mention_texts()}
    with tempfile.TemporaryDirectory(prefix="wb-devset-pdf-") as tmp:
        for name, how in PDF_SOURCES.items():
            truth = docs[name]
            paragraphs = [p for p in truth.text.split("\n\n") if "\n" not in p]
            notes = ()
            if how["footnote_after"]:
                word = next(w for p in paragraphs for w in p.split() if how["footnote_after"] in w)
                notes = (Footnote(word, 1, "A note at the foot of the page."),)
            made = make_pdf(paragraphs, footnotes=notes, line_numbers=bool(how["line_numbers"]))
            body = "\n\n".join(paragraphs)
            events = sum(1 for m in find_date_mentions(body) if m.kind == "event")
            raw = "\n\n".join(
                page.extract_text() or "" for page in PdfReader(io.BytesIO(made.data)).pages
            )
            path = Path(tmp) / f"{Path(name).stem}.pdf"
            path.write_bytes(made.data)
            ours = read_document(path).text
            running = ours.split("\n\nNotes\n\n")[0].replace("[1]", "")
            row: dict[str, Any] = {}
            for label, text in (("pypdf", raw), ("ours", running)):
                found = sum(1 for m in find_date_mentions(text) if m.kind == "event")
                row[f"{label}_similarity"] = round(_similarity(body, text), 3)
                row[f"{label}_tabs"] = text.count("\t")
                row[f"{label}_headers"] = text.count("Project export")
                row[f"{label}_page_footers"] = len(re.findall(r"Page \d+ of \d+", text))
                row[f"{label}_lines"] = text.count("\n") + 1
                row[f"{label}_extra_events"] = found - events
            row["paragraphs_true"] = len(paragraphs)
            row["paragraphs_ours"] = running.count("\n\n") + 1
            out[name] = row
    return out


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
