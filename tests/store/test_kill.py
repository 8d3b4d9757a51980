"""SIGKILL in the middle of a stream of actions loses nothing that was acknowledged."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import select, text

from tests.conftest import LEARNING, REPO
from workbench.services.codebook import load_codebook_file
from workbench.services.documents import import_file
from workbench.store.models import AuditEvent, Coding
from workbench.store.project import open_project

KILLS = int(os.environ.get("WORKBENCH_KILL_RUNS", "5"))


@pytest.fixture
def kill_project(project, tmp_path):
    load_codebook_file(project.uow(), path=LEARNING, actor="alice")
    doc = tmp_path / "doc.txt"
    doc.write_text("x" * 1000)
    import_file(project, path=doc, title="Doc")
    project.close()
    return project.root


def _run_and_kill(root, delay: float) -> list[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.kill_worker", str(root)],
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
        acked.append(line.split()[1])
    proc.send_signal(signal.SIGKILL)
    # Lines already written before the kill were acknowledged too.
    rest = proc.stdout.read()
    acked.extend(line.split()[1] for line in rest.splitlines() if line.startswith("ACK "))
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
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
