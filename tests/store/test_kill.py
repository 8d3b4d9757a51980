"""SIGKILL in the middle of a stream of actions loses nothing that was acknowledged."""

from __future__ import annotations

import contextlib
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


def _children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(entry))
    return found


def _gone(pids: set[int], seconds: float) -> set[int]:
    """Those of ``pids`` still alive after ``seconds``."""
    deadline = time.monotonic() + seconds
    alive = set(pids)
    while alive and time.monotonic() < deadline:
        alive = {p for p in alive if os.path.exists(f"/proc/{p}") and not _zombie(p)}
        time.sleep(0.1)
    return alive


def _zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigkill_during_a_parallel_import_leaves_no_worker_and_no_orphan_file(
    kill_project, tmp_path
):
    """20 kills of an import large enough for worker processes (PARALLEL_FROM files):
    the workers end with it within 5 s, the database stays whole, and after the next
    open no file in sources/ is one that no document refers to."""
    from workbench.services.imports import PARALLEL_FROM
    from workbench.store.models import Document

    rng = random.Random(20261207)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(PARALLEL_FROM + 40):
        turns = [
            f"{'Interviewer' if t % 2 == 0 else 'R1'}: "
            + " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 12)))
            for t in range(rng.randint(10, 60))
        ]
        (corpus / f"interview-{i:03d}.txt").write_text("\n\n".join(turns) + "\n")
    runs = int(os.environ.get("WORKBENCH_IMPORT_KILL_RUNS", "20"))
    with_workers = 0
    for run in range(runs):
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.kill_worker", str(kill_project), "--import", str(corpus)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "READY"
        # wait until the workers are there (or the import is done), then a little more
        deadline = time.monotonic() + 30
        workers: set[int] = set()
        while time.monotonic() < deadline and proc.poll() is None:
            workers = _children(proc.pid)
            if workers:
                break
            time.sleep(0.05)
        time.sleep(rng.uniform(0.0, 2.5))
        workers |= _children(proc.pid)
        with_workers += bool(workers)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        left = _gone(workers, 5.0)
        for pid in left:  # do not leave them to the next run, whatever the verdict
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        assert left == set(), f"run {run}: workers alive 5 s after their parent's kill"
    assert with_workers >= runs // 2, "most runs had worker processes to kill"

    project = open_project(kill_project)  # the open sweeps what the kills left
    try:
        with project.engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert conn.execute(text("PRAGMA foreign_key_check")).first() is None
        with project.uow() as uow:
            kept = {os.path.basename(p) for p in uow.session.scalars(select(Document.source_path))}
        files = {p.name for p in project.sources_dir.iterdir() if p.is_file()}
        assert files - kept == set(), "source files no document refers to"
        assert kept - files == set(), "documents whose source file is missing"
        notes = project.sources_dir / ".writing"
        dead = [p.name for p in notes.iterdir() if not os.path.exists(f"/proc/{p.name}")]
        assert dead == [], "notes of dead importers left behind"
    finally:
        project.close()
