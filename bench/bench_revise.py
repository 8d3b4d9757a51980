"""Revising a document: re-anchoring a 100,000-word transcript's 5,000 codings."""

from __future__ import annotations

import random
from typing import Any

from bench.bench_retrieval import WORDS as RETRIEVAL_WORDS
from bench.harness import row, timed

WORDS = (*RETRIEVAL_WORDS, "we", "they", "it", "was", "the", "a", "of", "to", "in", "and")


def corpus(n_words: int, n_spans: int, n_edits: int, seed: int = 5) -> tuple[str, str, list]:
    """A transcript, its revision (words changed, lines added and removed) and spans."""
    from workbench.core.span import Span

    rng = random.Random(seed)
    lines, words = [], 0
    while words < n_words:
        k = rng.randint(8, 60)
        who = "Interviewer" if len(lines) % 2 == 0 else "R1"
        lines.append(f"{who}: " + " ".join(rng.choice(WORDS) for _ in range(k)) + ".")
        words += k
    old = "\n".join(lines)
    revised = list(lines)
    for _ in range(n_edits):
        i = rng.randrange(len(revised))
        edit = rng.random()
        if edit < 0.4:  # a corrected word
            ws = revised[i].split(" ")
            ws[rng.randrange(1, len(ws))] = rng.choice(WORDS).upper()
            revised[i] = " ".join(ws)
        elif edit < 0.7:  # a restored passage
            revised.insert(i, "R1: [restored] " + " ".join(rng.choice(WORDS) for _ in range(20)))
        else:  # an aside removed
            del revised[i]
    new = "\n".join(revised)
    spans = []
    for _ in range(n_spans):
        start = rng.randrange(0, len(old) - 300)
        spans.append(Span(start, start + rng.randint(20, 300)))
    return old, new, spans


def run(smoke: bool = False) -> list[dict[str, Any]]:
    from workbench.coding.reanchor import reanchor

    n_words, n_spans, n_edits = (5_000, 250, 10) if smoke else (100_000, 5_000, 200)
    old, new, spans = corpus(n_words, n_spans, n_edits)
    anchors = reanchor(old, new, spans)
    hows = {h: sum(a.how == h for a in anchors) for h in ("same", "moved", "fuzzy", "lost")}
    t, spread = timed(lambda: reanchor(old, new, spans), repeat=3 if smoke else 5)
    return [
        row(
            f"re-anchor {n_spans:,} codings, {n_words:,} words, {n_edits} edits",
            t,
            spread,
            "< 1.0 s",
            **hows,
        )
    ]
