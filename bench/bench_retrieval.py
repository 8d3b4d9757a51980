"""Retrieval: all segments of one code among 1,000,000 codings (SQLite), under 100 ms."""

from __future__ import annotations

import random
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.corpus import analyse, insert_documents
from bench.harness import row, timed

WORDS = (
    "council",
    "peer",
    "visit",
    "award",
    "open",
    "day",
    "learning",
    "practice",
    "adapted",
    "copied",
    "audit",
    "inspection",
    "network",
    "champion",
    "mentoring",
    "innovation",
)


def build(base: Path, n_docs: int, n_codings: int, n_codes: int) -> Any:
    from workbench.services.project import init_project
    from workbench.store.bulk import insert_rows
    from workbench.store.models import Code, Coder, Coding

    rng = random.Random(3)
    project = init_project("bench", base=base)
    now = datetime.now(UTC).isoformat(" ")
    with project.uow() as uow:
        conn = uow.session.connection()
        insert_rows(
            conn,
            Coder.__table__,
            ("id", "handle", "role", "created_at"),
            [(1, "a", "coder", now), (2, "b", "coder", now)],
        )
        insert_rows(
            conn,
            Code.__table__,
            (
                "id",
                "guid",
                "codebook",
                "name",
                "examples",
                "keywords",
                "synonyms",
                "phase_markers",
                "status",
                "ordinal",
                "version",
                "updated_at",
            ),
            [
                (i, f"c{i}", "b", f"Code {i}", "[]", "[]", "[]", "[]", "active", i, 1, now)
                for i in range(1, n_codes + 1)
            ],
        )
        insert_documents(
            conn, [" ".join(rng.choice(WORDS) for _ in range(900)) for _ in range(n_docs)]
        )
        rows = []
        for i in range(1, n_codings + 1):
            doc = rng.randint(1, n_docs)
            start = rng.randint(0, 5000)
            rows.append(
                (
                    i,
                    f"k{i}",
                    doc,
                    start,
                    start + rng.randint(5, 200),
                    rng.randint(1, n_codes),
                    rng.randint(1, 2),
                    "manual",
                    now,
                    now,
                )
            )
        insert_rows(
            conn,
            Coding.__table__,
            (
                "id",
                "guid",
                "document_id",
                "start",
                "end",
                "code_id",
                "coder_id",
                "origin",
                "created_at",
                "updated_at",
            ),
            rows,
        )
    analyse(project)
    return project


def run(smoke: bool = False) -> list[dict[str, Any]]:
    from workbench.services.codings import list_codings
    from workbench.services.retrieval import retrieve_segments

    n_docs, n_codings, n_codes = (50, 10_000, 50) if smoke else (1000, 1_000_000, 50)
    tmp = Path(tempfile.mkdtemp(prefix="wb-bench-retrieval-"))
    try:
        project = build(tmp, n_docs, n_codings, n_codes)
        found = len(list_codings(project.uow(), code="c7"))
        t, spread = timed(lambda: list_codings(project.uow(), code="c7"), repeat=3 if smoke else 7)
        # the retrieval screen (F5): every segment counted, the first 500 with context
        shown = retrieve_segments(project, code="c7")
        t2, spread2 = timed(lambda: retrieve_segments(project, code="c7"), repeat=3 if smoke else 7)
        project.close()
        return [
            row(
                f"retrieval: one code's {found} segments among {n_codings:,} codings",
                t,
                spread,
                "< 0.100 s",
            ),
            row(
                f"retrieval screen: {shown.total} counted, {len(shown.segments)} with context",
                t2,
                spread2,
                "< 0.100 s",
            ),
        ]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
