"""a full-text index of the documents' texts, kept up to date by the database itself

Revision ID: 0008_i19
Revises: 0007_i18
Create Date: 2026-12-07

Searching a project read every document's text. The index makes a corpus search
answer in a fraction of a second at millions of words:

* SQLite: an FTS5 table over ``documents.text`` (external content, so the text is
  stored once), with triggers that index a document when it is imported, revised
  (its text replaced) or deleted. Whoever writes a document (import, revision, a
  REFI-QDA import, a script) keeps the index current without knowing it exists.
* PostgreSQL: a full-text index over the documents' words (``to_tsvector`` of the
  text with every run of non-letters, non-digits made a space, so its words are
  the search's words; the first 500,000 characters of a document, longer ones are
  always read), and, where the server has ``pg_trgm``, a trigram index that serves
  ``ILIKE '%word%'`` for the rest. The server keeps both current itself.

Where the server lacks the extension (or this SQLite lacks FTS5), no index is made
and a search reads the texts instead: slower, never wrong. The search service
says which way it went (``SearchResult.indexed``).

A later migration that rebuilds the ``documents`` table in SQLite's batch mode
drops its triggers: it must create them again (``create_sqlite_index`` below).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_i19"
down_revision = "0007_i18"
branch_labels = None
depends_on = None

FTS = "documents_fts"
TRGM = "ix_documents_text_trgm"
PG_FTS = "ix_documents_text_fts"
PG_FTS_CHARS = 500_000
PG_WORDS = (
    f"to_tsvector('simple'::regconfig, "
    f"regexp_replace(left(text, {PG_FTS_CHARS}), '[^[:alnum:]]+', ' ', 'g'))"
)
"""The indexed expression; ``services.search`` queries this very expression."""

SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER {FTS}_ai AFTER INSERT ON documents BEGIN
        INSERT INTO {FTS}(rowid, text) VALUES (new.id, new.text);
    END""",
    f"""CREATE TRIGGER {FTS}_ad AFTER DELETE ON documents BEGIN
        INSERT INTO {FTS}({FTS}, rowid, text) VALUES ('delete', old.id, old.text);
    END""",
    f"""CREATE TRIGGER {FTS}_au AFTER UPDATE OF text ON documents BEGIN
        INSERT INTO {FTS}({FTS}, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO {FTS}(rowid, text) VALUES (new.id, new.text);
    END""",
)


def create_sqlite_index(conn: sa.Connection) -> None:
    conn.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5("
        "text, content='documents', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    for name in ("ai", "ad", "au"):
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {FTS}_{name}")
    for statement in SQLITE_TRIGGERS:
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        try:
            with conn.begin_nested():
                create_sqlite_index(conn)
        except sa.exc.OperationalError:  # no FTS5 in this SQLite: searches read the texts
            pass
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {PG_FTS} ON documents USING gin ({PG_WORDS})")
        try:
            with conn.begin_nested():
                conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                conn.exec_driver_sql(
                    f"CREATE INDEX IF NOT EXISTS {TRGM} ON documents USING gin (text gin_trgm_ops)"
                )
        except sa.exc.DBAPIError:  # no rights to the extension: searches read the texts
            pass


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for name in ("ai", "ad", "au"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {FTS}_{name}")
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS}")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {TRGM}")
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {PG_FTS}")
