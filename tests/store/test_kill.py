"""SIGKILL in the middle of a stream of actions loses nothing that was acknowledged."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select, text

from tests.conftest import LEARNING, REPO
from workbench.services.codebook import load_codebook_file
from workbench.services.documents import import_file
from workbench.store.models import AuditEvent, Coding
from workbench.store.project import open_project

KILLS = int(os.environ.get("WORKBENCH_KILL_RUNS", "50"))


@pytest.fixture
def kill_project(project, tmp_path):
    load_codebook_file(project.uow(), path=LEARNING, actor="alice")
    doc = tmp_path / "doc.txt"
    doc.write_text("x" * 1000)
    import_file(project, path=doc, title="Doc")
    project.close()
    return project.root


def _run_and_kill(root, delay: float, *extra: str) -> list[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.kill_worker", str(root), *extra],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    acked: list[str] = []
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "READY"
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if line.startswith("ACK "):
            acked.append(line.split()[1])
    proc.send_signal(signal.SIGKILL)
    # Lines already written before the kill were acknowledged too.
    rest = proc.stdout.read()
    acked.extend(line.split()[1] for line in rest.splitlines() if line.startswith("ACK "))
    proc.wait()
    assert proc.returncode in (-signal.SIGKILL, 0)  # 0: a batch that finished first
    return acked


@pytest.mark.slow
def test_sigkill_loses_no_acknowledged_action(kill_project):
    rng = random.Random(20260101)
    total_acked: list[str] = []
    for _ in range(KILLS):
        total_acked += _run_and_kill(kill_project, rng.uniform(0.05, 0.6))
    assert len(total_acked) > KILLS  # the workers did real work before dying
    project = open_project(kill_project)
    try:
        with project.engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert conn.execute(text("PRAGMA foreign_key_check")).first() is None
        with project.uow() as uow:
            stored = set(uow.session.scalars(select(Coding.guid)))
            audited = set(
                uow.session.scalars(
                    select(AuditEvent.entity_id).where(AuditEvent.action == "coding.add")
                )
            )
        missing = [g for g in total_acked if g not in stored]
        assert missing == []
        # Every stored coding has its audit row: they were one transaction.
        assert stored == audited
    finally:
        project.close()


SENTENCES = [
    "In the first round we copied the award holder's forms word for word.",
    "By 2003 the peer visits had become the main way we learned.",
    "Two years later the council had adapted the scheme to its own context.",
    "The audit regime was getting tighter every year.",
]


@pytest.mark.slow
def test_sigkill_during_a_batch_import_leaves_no_partial_document(kill_project, tmp_path):
    import hashlib

    from workbench.store.models import Document, Sentence, Turn

    rng = random.Random(20261123)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(60):
        turns = [
            f"{'Interviewer' if t % 2 == 0 else 'R1'}: "
            + " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 12)))
            for t in range(rng.randint(10, 60))
        ]
        (corpus / f"interview-{i:03d}.txt").write_text("\n\n".join(turns) + "\n")
    acked: list[str] = []
    for _ in range(KILLS):
        acked += _run_and_kill(kill_project, rng.uniform(0.3, 4.0), "--import", str(corpus))
    assert acked, "the workers imported documents before dying"
    project = open_project(kill_project)
    try:
        with project.engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert conn.execute(text("PRAGMA foreign_key_check")).first() is None
        with project.uow() as uow:
            s = uow.session
            docs = {d.source_name: d for d in s.scalars(select(Document))}
            assert [name for name in acked if name not in docs] == []
            for name, doc in docs.items():
                if name == "doc.txt":
                    continue
                assert len(doc.text) == doc.length
                assert hashlib.sha256(doc.text.encode()).hexdigest() == doc.sha256
                assert s.scalar(select(func.count()).where(Sentence.document_id == doc.id))
                assert s.scalar(select(func.count()).where(Turn.document_id == doc.id))
                assert any(project.sources_dir.glob(f"{doc.source_sha256}*"))
            # each file at most once, whatever the kills interrupted
            twice = s.execute(
                select(Document.source_name).group_by(Document.source_name).having(func.count() > 1)
            ).all()
            assert twice == []
    finally:
        project.close()
