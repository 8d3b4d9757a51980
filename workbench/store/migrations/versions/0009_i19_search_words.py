"""the team server's search: stored words, a vocabulary table, faster texts

Revision ID: 0009_i19
Revises: 0008_i19
Create Date: 2026-12-07

Measured on 1,000 documents of 5,000 words (PostgreSQL 15) after migration 0008:

* A fuzzy search read every text to find the words that read like the query's
  (1.6 s and more): the server had no list of the corpus's words, as FTS5's
  vocabulary table is for SQLite. ``search_words`` is that list: one row per
  distinct word, added by a trigger whenever a document is inserted or its text
  replaced, whoever writes it. It only grows (a word whose last document went
  away stays, so two imports never wait on each other's deletions); the search
  keeps only the variants some document still has, asking the word index.
* The words of a text were computed twice (by the index expression, and again
  by anything else that wanted them): they are now a stored generated column,
  ``documents.words`` (the same words as 0008's index, positions stripped), with
  the GIN index over it and the trigger reading it.
* The trigram index over the texts served only the ``ILIKE`` fallback for a
  server without the word index, which every migrated server has; it cost more
  to keep up than the word index (7-30 s per 5M words inserted). It is dropped.
* Reading the texts that a search scans was mostly decompressing them (pglz):
  texts are now compressed with lz4 where the server has it (about twice as
  fast to read); existing texts are rewritten once to take it.

SQLite is unchanged: FTS5 and its vocabulary already serve both needs.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_i19"
down_revision = "0008_i19"
branch_labels = None
depends_on = None

OLD_FTS = "ix_documents_text_fts"
TRGM = "ix_documents_text_trgm"
WORDS_INDEX = "ix_documents_words"
VOCABULARY = "search_words"
PG_FTS_CHARS = 500_000
PG_WORDS = (
    f"strip(to_tsvector('simple'::regconfig, "
    f"regexp_replace(left(text, {PG_FTS_CHARS}), '[^[:alnum:]]+', ' ', 'g')))"
)
"""A document's words as the search reads them: runs of letters and digits, lower-cased
(the first 500,000 characters; a longer document is always scanned whole, and the
trigger adds the rest of its words to the vocabulary)."""

ADD_WORDS = f"""
CREATE OR REPLACE FUNCTION {VOCABULARY}_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- sorted, so two imports adding the same new words lock them in the same order
    INSERT INTO {VOCABULARY} (word)
    SELECT w FROM unnest(tsvector_to_array(NEW.words)) AS w ORDER BY w
    ON CONFLICT DO NOTHING;
    IF length(NEW.text) > {PG_FTS_CHARS} THEN
        INSERT INTO {VOCABULARY} (word)
        SELECT DISTINCT w FROM unnest(tsvector_to_array(strip(to_tsvector('simple'::regconfig,
            regexp_replace(substr(NEW.text, {PG_FTS_CHARS + 1}), '[^[:alnum:]]+', ' ', 'g')))))
            AS w ORDER BY w
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$
"""
TRIGGERS = (
    f"CREATE TRIGGER {VOCABULARY}_ai AFTER INSERT ON documents "
    f"FOR EACH ROW EXECUTE FUNCTION {VOCABULARY}_add()",
    f"CREATE TRIGGER {VOCABULARY}_au AFTER UPDATE OF text ON documents "
    f"FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text) EXECUTE FUNCTION {VOCABULARY}_add()",
)


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    run = conn.exec_driver_sql
    run(f"DROP INDEX IF EXISTS {TRGM}")
    run(f"DROP INDEX IF EXISTS {OLD_FTS}")
    try:
        with conn.begin_nested():
            run("ALTER TABLE documents ALTER COLUMN text SET COMPRESSION lz4")
        # Existing texts keep their old compression until written again: write them once,
        # before the words column exists, so that it is computed once per document.
        run("UPDATE documents SET text = text || ''")
    except sa.exc.DBAPIError:  # a server built without lz4: its texts stay as they are
        pass
    run(f"ALTER TABLE documents ADD COLUMN words tsvector GENERATED ALWAYS AS ({PG_WORDS}) STORED")
    run(f"CREATE INDEX {WORDS_INDEX} ON documents USING gin (words)")
    run(f"CREATE TABLE {VOCABULARY} (word text PRIMARY KEY)")
    run(ADD_WORDS)
    for statement in TRIGGERS:
        run(statement)
    run(
        f"INSERT INTO {VOCABULARY} (word) SELECT DISTINCT unnest(tsvector_to_array(words)) "
        "FROM documents ON CONFLICT DO NOTHING"
    )
    run(  # the long documents' words past the indexed part
        f"INSERT INTO {VOCABULARY} (word) SELECT DISTINCT unnest(tsvector_to_array("
        "strip(to_tsvector('simple'::regconfig, regexp_replace("
        f"substr(text, {PG_FTS_CHARS + 1}), '[^[:alnum:]]+', ' ', 'g'))))) "
        f"FROM documents WHERE length(text) > {PG_FTS_CHARS} ON CONFLICT DO NOTHING"
    )


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    run = conn.exec_driver_sql
    for name in ("ai", "au"):
        run(f"DROP TRIGGER IF EXISTS {VOCABULARY}_{name} ON documents")
    run(f"DROP FUNCTION IF EXISTS {VOCABULARY}_add()")
    run(f"DROP TABLE IF EXISTS {VOCABULARY}")
    run(f"DROP INDEX IF EXISTS {WORDS_INDEX}")
    run("ALTER TABLE documents DROP COLUMN IF EXISTS words")
    run(
        f"CREATE INDEX IF NOT EXISTS {OLD_FTS} ON documents USING gin "
        f"(to_tsvector('simple'::regconfig, "
        f"regexp_replace(left(text, {PG_FTS_CHARS}), '[^[:alnum:]]+', ' ', 'g')))"
    )
    try:
        with conn.begin_nested():
            run(f"CREATE INDEX IF NOT EXISTS {TRGM} ON documents USING gin (text gin_trgm_ops)")
    except sa.exc.DBAPIError:
        pass
