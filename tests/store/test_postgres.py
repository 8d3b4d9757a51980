"""The same migrations and invariants on a real PostgreSQL server (team mode)."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from workbench.store.db import current_revision, head_revision, make_engine, prepare_schema
from workbench.store.models import Base

pytestmark = pytest.mark.postgres


def test_migrations_build_the_models_on_postgres(pg_url):
    engine = make_engine(pg_url)
    try:
        prepare_schema(engine)
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            ctx = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    # the search's words, index and vocabulary (0008, 0009) are the server's own
                    "include_name": lambda name, _kind, _parent: (
                        name
                        not in (
                            "ix_documents_text_trgm",
                            "ix_documents_text_fts",
                            "ix_documents_words",
                            "words",
                            "search_words",
                            "search_words_pending",
                        )
                    ),
                },
            )
            assert compare_metadata(ctx, Base.metadata) == []
        with engine.begin() as conn:
            conn.execute(
                text("INSERT INTO audit_log (at, action, entity) VALUES (now(), 'x', 'y')")
            )
        for statement in ("UPDATE audit_log SET actor = 'm'", "DELETE FROM audit_log"):
            with engine.begin() as conn, pytest.raises(DBAPIError, match="append-only"):
                conn.execute(text(statement))
    finally:
        engine.dispose()


def test_services_run_on_postgres(pg_url, tmp_path):
    from tests.conftest import LEARNING
    from workbench.services.codebook import load_codebook_file
    from workbench.services.codings import add_coding, list_codings
    from workbench.services.documents import import_file
    from workbench.services.project import init_project

    project = init_project("team", base=tmp_path, database=pg_url, coder="alice")
    try:
        load_codebook_file(project.uow(), path=LEARNING, actor="alice")
        doc = tmp_path / "d.txt"
        doc.write_text("We adapted the idea to our own context in 2003.\n")
        import_file(project, path=doc, title="D", date="2004")
        add_coding(
            project.uow(),
            document="D",
            code="adaptation",
            coder="alice",
            quote="adapted the idea",
            event_date="2003",
        )
        [coding] = list_codings(project.uow())
        assert (coding.quote, coding.event_date) == ("adapted the idea", "2003")
    finally:
        project.close()
