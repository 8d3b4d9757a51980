"""Corpus search: 5,000,000 words in 1,000 documents, answered in under 0.3 s (SQLite).

The corpus is generated with a fixed seed: a Zipf-like vocabulary of 20,000 made-up
words plus the study's own words, so that some words are in every document, some
in a few and some in one. Documents go in through the ordinary insert, so the
full-text index is built by its triggers as an import would build it (that time is
reported too). With ``WORKBENCH_BENCH_PG`` set to a server URL, the same corpus is
searched on PostgreSQL as well.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.harness import row, timed

STUDY = (
    "council",
    "peer",
    "visit",
    "award",
    "learning",
    "practice",
    "adapted",
    "copied",
    "inspection",
    "network",
    "champion",
    "mentoring",
    "innovation",
)
RARE = ("beaconsfield", "showcase", "transplant")


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    letters = "etaoinshrdlcumwfgypbvk"
    words = set(STUDY)
    while len(words) < size:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(3, 10))))
    ordered = sorted(words)
    rng.shuffle(ordered)
    return sorted(ordered, key=lambda w: w not in STUDY)


def corpus(n_docs: int, words_per_doc: int) -> list[str]:
    rng = random.Random(19)
    vocab = _vocabulary(rng, 20_000)
    weights = [1 / (rank + 1) for rank in range(len(vocab))]
    texts = []
    for d in range(n_docs):
        words = rng.choices(vocab, weights, k=words_per_doc)
        if d % 100 == 7:  # a rare word in one document in a hundred
            words[rng.randrange(len(words))] = RARE[d % len(RARE)]
        lines = [" ".join(words[i : i + 12]) + "." for i in range(0, len(words), 12)]
        texts.append("\n".join(lines))
    return texts


def build(url: str | None, base: Path, texts: list[str]) -> tuple[Any, float]:
    from workbench.services.project import init_project
    from workbench.store.bulk import insert_rows
    from workbench.store.models import Document

    project = init_project("bench", base=base, database=url)
    now = datetime.now(UTC).isoformat(" ")
    t0 = time.perf_counter()
    with project.uow() as uow:
        conn = uow.session.connection()
        insert_rows(
            conn,
            Document.__table__,
            (
                "id",
                "guid",
                "title",
                "kind",
                "text",
                "sha256",
                "length",
                "attributes",
                "imported_at",
            ),
            [
                (i + 1, f"g{i}", f"Document {i:04}", "interview", t, "x", len(t), "{}", now)
                for i, t in enumerate(texts)
            ],
        )
    took = time.perf_counter() - t0
    with project.engine.connect() as c:
        c.exec_driver_sql("ANALYZE")
    return project, took


QUERIES = (
    ("exact, rare word", "showcase", "exact"),
    ("exact, study word", "mentoring", "exact"),
    ("exact, phrase", "peer visit", "exact"),
    ("fuzzy, misspelt rare word", "showcse", "fuzzy"),
    ("regex, rare word", r"beacons\w+", "regex"),
)


def _measure(project: Any, backend: str, words: int, smoke: bool) -> list[dict[str, Any]]:
    from workbench.services.search import search

    out = []
    for label, query, mode in QUERIES:
        result = search(project, query=query, mode=mode)
        t, spread = timed(
            lambda q=query, m=mode: search(project, query=q, mode=m), repeat=3 if smoke else 5
        )
        out.append(
            row(
                f"search {backend} {words / 1e6:.1f}M words: {label}",
                t,
                spread,
                "< 0.300 s",
                hits=result.total,
                documents=result.documents,
                read=result.scanned,
                index=result.indexed,
            )
        )
    return out


def run(smoke: bool = False) -> list[dict[str, Any]]:
    n_docs, per_doc = (20, 2_000) if smoke else (1_000, 5_000)
    texts = corpus(n_docs, per_doc)
    words = n_docs * per_doc
    rows: list[dict[str, Any]] = []
    targets: list[tuple[str, str | None]] = [("sqlite", None)]
    pg = os.environ.get("WORKBENCH_BENCH_PG")
    if pg:
        targets.append(("postgresql", pg))
    for backend, url in targets:
        tmp = Path(tempfile.mkdtemp(prefix="wb-bench-search-"))
        try:
            project, took = build(url, tmp, texts)
            rows.append(
                row(f"search {backend}: import {n_docs:,} documents, index built", took, 0.0, "-")
            )
            rows.extend(_measure(project, backend, words, smoke))
            project.close()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return rows
