"""Generated corpora for the benchmarks, inserted as an import inserts them.

Documents go in through the store's ordinary bulk insert in one transaction, so
whatever the database keeps itself (the full-text index, its vocabulary) is built
by its own triggers and indexes, and that cost is part of the insert.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

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
DOCUMENT_COLUMNS = (
    "id",
    "guid",
    "title",
    "kind",
    "text",
    "sha256",
    "length",
    "attributes",
    "imported_at",
)


def now() -> str:
    return datetime.now(UTC).isoformat(" ")


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    letters = "etaoinshrdlcumwfgypbvk"
    words = set(STUDY)
    while len(words) < size:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(3, 10))))
    ordered = sorted(words)
    rng.shuffle(ordered)
    return sorted(ordered, key=lambda w: w not in STUDY)


def zipf_texts(n_docs: int, words_per_doc: int, *, seed: int = 19) -> list[str]:
    """Texts over a Zipf-like vocabulary of 20,000 made-up words plus the study's own.

    Some words are in every document, some in a few, and one of the ``RARE`` words
    in one document in a hundred; lines of twelve words end with a full stop.
    """
    rng = random.Random(seed)
    vocab = _vocabulary(rng, 20_000)
    weights = [1 / (rank + 1) for rank in range(len(vocab))]
    texts = []
    for d in range(n_docs):
        words = rng.choices(vocab, weights, k=words_per_doc)
        if d % 100 == 7:
            words[rng.randrange(len(words))] = RARE[d % len(RARE)]
        lines = [" ".join(words[i : i + 12]) + "." for i in range(0, len(words), 12)]
        texts.append("\n".join(lines))
    return texts


def insert_documents(conn: Any, texts: Sequence[str], *, kind: str = "interview") -> None:
    """Documents 1..n (titled "Document 0000" on) with these texts, in one statement."""
    from workbench.store.bulk import insert_rows
    from workbench.store.models import Document

    at = now()
    insert_rows(
        conn,
        Document.__table__,
        DOCUMENT_COLUMNS,
        [
            (i + 1, f"g{i}", f"Document {i:04}", kind, t, "x", len(t), "{}", at)
            for i, t in enumerate(texts)
        ],
    )


def analyse(project: Any) -> None:
    """Fresh planner statistics, as a project has after its first import settles."""
    with project.engine.connect() as c:
        c.exec_driver_sql("ANALYZE")


def build(base: Path, texts: Sequence[str], *, database: str | None = None) -> tuple[Any, float]:
    """A new project under ``base`` holding ``texts``; returns it and the insert's seconds."""
    from workbench.services.project import init_project

    project = init_project("bench", base=base, database=database)
    t0 = time.perf_counter()
    with project.uow() as uow:
        insert_documents(uow.session.connection(), texts)
    took = time.perf_counter() - t0
    analyse(project)
    return project, took
