"""Import throughput on generated transcripts against the same spaCy pipeline alone.

Target (issue: ingest): the whole import (reading, parsing, sentences, date mentions,
storage) runs at no less than half the throughput of ``nlp.pipe`` over the same texts.
Full size: 1,000 transcripts of about 5,000 words (5 million words).
"""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.harness import row

SPEAKERS = ["Interviewer", "R1", "Cllr Okafor", "Ms Hale", "Dr Singh"]
PHRASES = [
    "we went to the open day at Eastfield in spring 2001",
    "two years later the council had adapted the scheme to its own context",
    "the audit regime was getting tighter every year",
    "between 2004 and 2006 we mentored three other councils",
    "I think the award holders learned as much as we did",
    "by 2003 the peer visits had become the main way we learned",
    "the minister announced the next round in March 2004",
    "nobody wanted to copy best practice any more",
    "we set up a learning network with the neighbouring authorities",
    "the chief executive was the local champion for the change",
]


def make_corpus(folder: Path, n_docs: int, words_per_doc: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    total = 0
    for i in range(n_docs):
        parts, words = [], 0
        while words < words_per_doc:
            speaker = SPEAKERS[0] if len(parts) % 2 == 0 else rng.choice(SPEAKERS[1:])
            sentences = " ".join(
                rng.choice(PHRASES).capitalize() + rng.choice([".", ".", "?", "!"])
                for _ in range(rng.randint(1, 8))
            )
            parts.append(f"{speaker}: {sentences}")
            words += len(sentences.split()) + 1
        (folder / f"interview-{i:04d}.txt").write_text("\n\n".join(parts) + "\n")
        total += words
    return total


def run(smoke: bool = False) -> list[dict[str, Any]]:
    from workbench.nlp.pipeline import make_pipeline
    from workbench.services.imports import collect, import_documents
    from workbench.services.project import init_project

    n_docs, words = (10, 500) if smoke else (1000, 5000)
    tmp = Path(tempfile.mkdtemp(prefix="wb-bench-import-"))
    try:
        corpus = tmp / "corpus"
        corpus.mkdir()
        total_words = make_corpus(corpus, n_docs, words)
        texts = [p.read_text() for p in sorted(corpus.iterdir())]
        nlp = make_pipeline(None)
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        bare = time.perf_counter() - t0
        project = init_project("bench", base=tmp)
        items, _ = collect([corpus])
        t0 = time.perf_counter()
        outcomes = import_documents(project, items)
        full = time.perf_counter() - t0
        project.close()
        assert all(o.status == "imported" for o in outcomes)
        ratio = (total_words / full) / (total_words / bare)
        return [
            row(
                f"import {n_docs} transcripts, {total_words:,} words",
                full,
                0.0,
                ">= 0.5 x bare pipeline throughput",
                words_per_s=f"{total_words / full:,.0f}",
                bare_pipeline_s=f"{bare:.2f}",
                bare_words_per_s=f"{total_words / bare:,.0f}",
                ratio=f"{ratio:.2f}",
            ),
        ]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
