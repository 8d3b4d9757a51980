"""The demo study (59 documents, two coders, consensus, phases, indicators), built once.

Building it takes about ten seconds, so every test process shares one copy: the first to
arrive builds it under a file lock in pytest's base temporary folder (shared by xdist
workers), the others wait and open it. Report tests only read the project.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from typing import TYPE_CHECKING

from tests.conftest import LEARNING, REPO

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.store.project import Project

CORPUS = REPO / "projects" / "demo" / "corpus"


def build_demo(base: Path) -> None:
    from workbench.services.adjudication import adopt_agreements
    from workbench.services.codebook import load_codebook_file, register_codebook
    from workbench.services.codings import import_codings
    from workbench.services.imports import collect, import_documents
    from workbench.services.indicators import import_indicators
    from workbench.services.phases import load_scheme_file
    from workbench.services.project import init_project

    project = init_project("demo", base=base, coder="lead")
    try:
        load_codebook_file(project.uow(), path=LEARNING, actor="lead")
        register_codebook(project, LEARNING)
        items, _ = collect([], manifest=CORPUS / "manifest.csv")
        outcomes = import_documents(project, items)
        assert all(o.status == "imported" for o in outcomes), outcomes
        import_indicators(project.uow(), path=CORPUS / "indicators.csv", actor="lead")
        for coder in ("ana", "ben"):
            import_codings(project.uow(), path=CORPUS / f"codings-{coder}.csv", add_coders=True)
        load_scheme_file(project, path=CORPUS / "phases.yaml", actor="lead")
        adopt_agreements(project, coders=["ana", "ben"], actor="lead")
    finally:
        project.close()


def shared_demo(root: Path) -> Project:
    """The demo project under ``root`` (built there by whichever process comes first)."""
    from workbench.services.project import find_and_open

    target = root / "report-demo"
    with (root / "report-demo.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (target / "built").exists():
                shutil.rmtree(target, ignore_errors=True)  # a build that failed half-way
                target.mkdir()
                build_demo(target)
                (target / "built").touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return find_and_open(str(target / "projects" / "demo"))


def shared_root(tmp_path_factory) -> Path:
    """pytest's base temporary folder, the same for every xdist worker of one run."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
