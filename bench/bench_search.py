"""Corpus search: 5,000,000 words in 1,000 documents, answered in under 0.3 s.

The corpus (``bench.corpus.zipf_texts``, fixed seed) has some words in every
document, some in a few and some in one. Documents go in through the ordinary
insert, so the full-text index is built by the database as an import builds it
(that time is reported too). With ``WORKBENCH_BENCH_PG`` set to the URL of an empty
PostgreSQL database, the same corpus is searched there as well.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from bench.corpus import build, zipf_texts
from bench.harness import row, timed

QUERIES = (
    ("exact, rare word", "showcase", "exact"),
    ("exact, a word in every document", "mentoring", "exact"),
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
    texts = zipf_texts(n_docs, per_doc)
    words = n_docs * per_doc
    rows: list[dict[str, Any]] = []
    targets: list[tuple[str, str | None]] = [("sqlite", None)]
    pg = os.environ.get("WORKBENCH_BENCH_PG")
    if pg:
        targets.append(("postgresql", pg))
    for backend, url in targets:
        tmp = Path(tempfile.mkdtemp(prefix="wb-bench-search-"))
        try:
            project, took = build(tmp, texts, database=url)
            rows.append(
                row(f"search {backend}: import {n_docs:,} documents, index built", took, 0.0, "-")
            )
            rows.extend(_measure(project, backend, words, smoke))
            project.close()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return rows
