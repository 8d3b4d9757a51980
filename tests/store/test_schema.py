from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from workbench.store.db import make_engine, prepare_schema
from workbench.store.models import AuditEvent, Base, Code, Coder, Coding, Document


@pytest.fixture
def engine(tmp_path):
    e = make_engine(f"sqlite:///{tmp_path / 'w.db'}")
    prepare_schema(e)
    yield e
    e.dispose()


def test_migrations_build_exactly_the_models(engine):
    with engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                # the full-text index (migration 0008) is the database's own, not a model
                "include_name": lambda name, kind, _parent: (
                    not (name or "").startswith("documents_fts")
                ),
            },
        )
        assert compare_metadata(ctx, Base.metadata) == []


def test_sqlite_pragmas(engine):
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def _seed(session):
    coder = Coder(handle="alice")
    code = Code(guid="tacit", codebook="t", name="Tacit knowledge")
    doc = Document(title="d", text="hello world", sha256="x", length=11)
    session.add_all([coder, code, doc])
    session.flush()
    return coder, code, doc


def test_models_round_trip_with_json_and_dates(engine):
    from datetime import date

    from sqlalchemy.orm import Session

    with Session(engine) as s, s.begin():
        coder, code, doc = _seed(s)
        code.keywords = ["tacit", "know-how"]
        s.add(
            Coding(
                document_id=doc.id,
                start=0,
                end=5,
                code_id=code.id,
                coder_id=coder.id,
                event_start=date(2004, 1, 1),
                event_end=date(2004, 12, 31),
                event_precision="year",
            )
        )
    with Session(engine) as s:
        c = s.scalars(select(Coding)).one()
        assert (c.start, c.end, c.event_start.year, c.origin) == (0, 5, 2004, "manual")
        assert s.scalars(select(Code)).one().keywords == ["tacit", "know-how"]
        assert c.created_at.tzinfo is not None


@pytest.mark.parametrize(
    ("start", "end"),
    [(-1, 3), (5, 5), (6, 2)],
)
def test_empty_or_negative_spans_are_refused_by_the_database(engine, start, end):
    from sqlalchemy.orm import Session

    with Session(engine) as s, s.begin():
        coder, code, doc = _seed(s)
        s.add(Coding(document_id=doc.id, start=start, end=end, code_id=code.id, coder_id=coder.id))
        with pytest.raises(IntegrityError):
            s.flush()


def test_foreign_keys_are_enforced(engine):
    from sqlalchemy.orm import Session

    with Session(engine) as s, s.begin():
        s.add(Coding(document_id=999, start=0, end=1, code_id=999, coder_id=999))
        with pytest.raises(IntegrityError):
            s.flush()


def test_audit_log_is_append_only(engine):
    from sqlalchemy.orm import Session

    with Session(engine) as s, s.begin():
        s.add(AuditEvent(actor="alice", action="x", entity="coding", entity_id="1"))
    for statement in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"):
        with engine.connect() as conn, pytest.raises(IntegrityError, match="append-only"):
            conn.execute(text(statement))
    with Session(engine) as s:
        assert s.scalars(select(AuditEvent.actor)).all() == ["alice"]
