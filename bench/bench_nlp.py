"""Dates, sentences and turns on the open development set (``tests/nlp/devset``).

Precision and recall, not seconds, are the point: each row's ``seconds`` is the
time the whole evaluation took, and the figures are in its extra columns. The
targets are those of the issue "Real documents, real dates": event-date mentions
precision and recall >= 0.95 with no citation offered as an event, ranges exact
>= 0.90; sentence boundaries >= 0.95 on academic text and >= 0.98 on
transcripts; every turn found in each transcript layout and none in documents
that are not transcripts. ``--smoke`` runs the same (the set is small).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from bench.harness import row

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def run(smoke: bool = False) -> list[dict[str, Any]]:
    from tests.nlp.devset.evaluate import evaluate

    t0 = time.perf_counter()
    ev = evaluate()
    seconds = time.perf_counter() - t0
    m = ev.mentions
    rows = [
        row(
            "nlp: event-date mentions",
            seconds,
            0.0,
            "P >= 0.95, R >= 0.95, exact >= 0.90, 0 citations offered",
            precision=f"{m.overall.precision:.3f}",
            recall=f"{m.overall.recall:.3f}",
            range_exact=f"{m.overall.exact_share:.3f}",
            citations_offered=m.offered,
            counts=f"tp={m.overall.tp} fp={m.overall.fp} fn={m.overall.fn}",
        )
    ]
    for tag, t in sorted(m.by_tag.items()):
        rows.append(
            row(
                f"  dates: {tag}",
                0.0,
                0.0,
                "-",
                precision=f"{t.precision:.2f}",
                recall=f"{t.recall:.2f}",
                exact=f"{t.exact_share:.2f}",
                counts=f"tp={t.tp} fp={t.fp} fn={t.fn}",
            )
        )
    for genre, s in ev.sentences.items():
        target = ">= 0.98" if genre == "transcript" else ">= 0.95"
        rows.append(
            row(
                f"nlp: sentence boundaries, {genre}",
                0.0,
                0.0,
                target,
                precision=f"{s.tally.precision:.3f}",
                recall=f"{s.tally.recall:.3f}",
                counts=f"tp={s.tally.tp} fp={s.tally.fp} fn={s.tally.fn}",
            )
        )
    for layout, t in ev.turns.items():
        rows.append(
            row(
                f"nlp: turns, {layout}",
                0.0,
                0.0,
                ">= 0.98 found",
                found=f"{t.recall:.3f}",
                right=f"{t.precision:.3f}",
                counts=f"tp={t.tp} fp={t.fp} fn={t.fn}",
            )
        )
    rows.append(
        row(
            "nlp: turns in documents that are not transcripts",
            0.0,
            0.0,
            "0",
            turns=sum(ev.false_turns.values()),
            per_document=" ".join(f"{v}" for v in ev.false_turns.values()),
        )
    )
    for name, c in ev.captions.items():
        rows.append(
            row(
                f"nlp: {name} (no speakers)",
                0.0,
                0.0,
                "0 turns; sentences ~ gold",
                **{k: str(v) for k, v in c.items()},
            )
        )
    if not smoke:
        for line in m.misses:
            print("   ", line)
        for s in ev.sentences.values():
            for line in s.misses:
                print("   ", line)
    return rows
