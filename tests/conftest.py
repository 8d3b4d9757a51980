"""Shared fixtures: real projects in temporary folders, never mocks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CODEBOOKS = REPO / "codebooks"
LEARNING = CODEBOOKS / "learning-innovation.yaml"
STARTER = CODEBOOKS / "process-starter.yaml"


def _shared() -> Path:
    """The shared reference folder: ``$WORKBENCH_SHARED``, else ``shared/`` beside the
    repository or beside one of its parent folders (a checkout may sit deeper)."""
    named = os.environ.get("WORKBENCH_SHARED")
    if named:
        return Path(named)
    for parent in REPO.parents:
        if (parent / "shared").is_dir():
            return parent / "shared"
    return REPO.parent / "shared"


SHARED = _shared()


@pytest.fixture
def project(tmp_path: Path):
    from workbench.services.project import init_project

    p = init_project("study", base=tmp_path, coder="alice")
    yield p
    p.close()


@pytest.fixture
def coded_project(project, tmp_path: Path):
    """A project with the learning codebook, two coders and one interview."""
    from workbench.services.codebook import load_codebook_file
    from workbench.services.coders import add_coder
    from workbench.services.documents import import_file

    load_codebook_file(project.uow(), path=LEARNING, actor="alice")
    add_coder(project.uow(), handle="bob")
    text = (
        "Interviewer: When did you first hear of the scheme?\n"
        "R1: In 2000. We went to an open day and copied what they did.\n"
        "Interviewer: And later?\n"
        "R1: By 2003 we were adapting ideas to our own context with a peer council.\n"
    )
    f = tmp_path / "interview-01.txt"
    f.write_text(text, encoding="utf-8")
    import_file(
        project, path=f, title="Interview 01", kind="interview", case="Northbridge", date="2006-05"
    )
    return project


@pytest.fixture
def dated_project(coded_project, tmp_path: Path):
    """The coded project plus three interviews coded quarter by quarter, 2000-2005, and a
    three-phase scheme "study" (see ``tests/dated.py``); returns (project, events)."""
    from tests.dated import build

    return coded_project, build(coded_project, tmp_path)


@pytest.fixture
def cli(monkeypatch, capsys, tmp_path: Path):
    """Run the real ``workbench`` entry point in-process; returns (exit code, out, err)."""
    from workbench.cli.main import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WORKBENCH_PROJECT", raising=False)
    monkeypatch.delenv("WORKBENCH_VERBOSE", raising=False)

    def run(*args: str) -> tuple[int, str, str]:
        code = 0
        try:
            main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
        finally:
            os.environ.pop("WORKBENCH_VERBOSE", None)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _pg_admin_url() -> str | None:
    """A PostgreSQL server for team-mode tests: WORKBENCH_TEST_PG, else one on localhost."""
    url = os.environ.get("WORKBENCH_TEST_PG")
    candidates = [url] if url else ["postgresql://postgres@127.0.0.1/postgres"]
    for candidate in candidates:
        try:
            import psycopg

            with psycopg.connect(candidate.replace("+psycopg", ""), connect_timeout=3):
                return candidate
        except Exception:
            continue
    return None


@pytest.fixture
def pg_url():
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    import uuid

    admin = _pg_admin_url()
    if admin is None:
        pytest.skip("no PostgreSQL server: set WORKBENCH_TEST_PG or start one on localhost")
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"wbtest_{uuid.uuid4().hex[:12]}"
    dsn = admin.replace("+psycopg", "")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        # team mode's group roles are named after the database
        conn.execute(f'DROP ROLE IF EXISTS "{name}_leads", "{name}_coders"')
