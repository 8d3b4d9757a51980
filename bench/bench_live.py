"""Live updates: one poll of the change feed on a project with 100,000 audit rows, well under 10 ms.

The coding view polls every second, so the poll must cost nothing the coder could
notice, whatever the size of the log: an empty poll is one primary-key probe; one
that finds a few codings by another coder also reads those codings. SQLite always;
PostgreSQL too when a server answers (``WORKBENCH_TEST_PG`` or localhost), through
a database made for the run and dropped after it.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.harness import row, timed

TEXT = (
    "Interviewer: When did you first hear of the scheme?\n"
    "R1: In 2000. We went to an open day and copied what they did.\n"
    "Interviewer: And later?\n"
    "R1: By 2003 we were adapting ideas to our own context with a peer council.\n"
)


def build(base: Path, n_audit: int, database: str | None) -> Any:
    """A study with one interview and ``n_audit`` audit rows of coding actions by bob."""
    from workbench.services.codebook import load_codebook_file
    from workbench.services.coders import add_coder
    from workbench.services.documents import import_file
    from workbench.services.project import init_project
    from workbench.store.bulk import insert_rows
    from workbench.store.models import AuditEvent

    codebook = Path(__file__).resolve().parent.parent / "codebooks" / "learning-innovation.yaml"
    project = init_project("bench", base=base, coder="alice", database=database)
    load_codebook_file(project.uow(), path=codebook, actor="alice")
    add_coder(project.uow(), handle="bob")
    f = base / "interview.txt"
    f.write_text(TEXT, encoding="utf-8")
    import_file(project, path=f, title="Interview", kind="interview")
    now = datetime.now(UTC).isoformat(" ")
    rows = []
    for i in range(n_audit):
        snap = {"guid": str(uuid.UUID(int=i)), "document_id": 1, "start": 0, "end": 5}
        rows.append((now, "bob", "coding.add", "coding", snap["guid"], json.dumps(snap)))
    with project.uow() as uow:
        conn = uow.session.connection()
        for k in range(0, len(rows), 20_000):
            insert_rows(
                conn,
                AuditEvent.__table__,
                ("at", "actor", "action", "entity", "entity_id", "after"),
                rows[k : k + 20_000],
            )
    with project.engine.connect() as c:
        c.exec_driver_sql("ANALYZE")
        c.commit()
    return project


def measure(project: Any, label: str, n_audit: int, smoke: bool) -> list[dict[str, Any]]:
    from workbench.services.changes import changes_since, latest_cursor
    from workbench.services.segments import apply_code

    repeat = 5 if smoke else 50
    cursor = latest_cursor(project)
    idle = changes_since(project, cursor, document_id=1, exclude_actor="alice")
    assert idle.empty
    t_idle, s_idle = timed(
        lambda: changes_since(project, cursor, document_id=1, exclude_actor="alice"),
        repeat=repeat,
        warmup=3,
    )
    for start in range(5):
        apply_code(project, document_id=1, start=start, end=start + 20, code="tacit", coder="bob")
    found = changes_since(project, cursor, document_id=1, exclude_actor="alice")
    assert len(found.segments) == 5
    t_five, s_five = timed(
        lambda: changes_since(project, cursor, document_id=1, exclude_actor="alice"),
        repeat=repeat,
        warmup=3,
    )
    t_start, s_start = timed(lambda: latest_cursor(project), repeat=repeat, warmup=3)
    return [
        row(
            f"live poll, nothing new ({label}, {n_audit:,} audit rows)", t_idle, s_idle, "< 0.010 s"
        ),
        row(
            f"live poll, 5 codings by another coder ({label})",
            t_five,
            s_five,
            "< 0.010 s",
        ),
        row(f"live start: cursor and recent gaps ({label})", t_start, s_start, "< 0.010 s"),
    ]


def _postgres() -> str | None:
    url = os.environ.get("WORKBENCH_TEST_PG", "postgresql://postgres@127.0.0.1/postgres")
    try:
        import psycopg

        with psycopg.connect(url.replace("+psycopg", ""), connect_timeout=3):
            return url
    except Exception:
        return None


def run(smoke: bool = False) -> list[dict[str, Any]]:
    n_audit = 2_000 if smoke else 100_000
    out: list[dict[str, Any]] = []
    tmp = Path(tempfile.mkdtemp(prefix="wb-bench-live-"))
    try:
        project = build(tmp / "sqlite", n_audit, None)
        try:
            out += measure(project, "SQLite", n_audit, smoke)
        finally:
            project.close()
        admin = None if smoke else _postgres()
        if admin is not None:
            import psycopg
            from sqlalchemy.engine import make_url

            name = f"wbbench_{uuid.uuid4().hex[:10]}"
            dsn = admin.replace("+psycopg", "")
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            try:
                url = make_url(admin).set(database=name).render_as_string(hide_password=False)
                project = build(tmp / "pg", n_audit, url)
                try:
                    out += measure(project, "PostgreSQL, local", n_audit, smoke)
                finally:
                    project.close()
            finally:
                with psycopg.connect(dsn, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
