"""the team server's search: stored words, a vocabulary table, faster texts

Revision ID: 0009_i19
Revises: 0008_i19
Create Date: 2026-12-07

Measured on 1,000 documents of 5,000 words (PostgreSQL 15) after migration 0008:

* A fuzzy search read every text to find the words that read like the query's
  (1.6 s and more): the server had no list of the corpus's words, as FTS5's
  vocabulary table is for SQLite. ``search_words`` is that list: one row per
  distinct word, added by triggers whenever a document is inserted or its text
  replaced, whoever writes it (at commit, see ``MERGE_WORDS``). It only grows (a
  word whose last document went away stays, so two imports never wait on each
  other's deletions); the search keeps only the variants some document still
  has, asking the word index.
* The vocabulary needs each document's words, which 0008 computed only inside
  its index expression: they are now a stored generated column,
  ``documents.words`` (the same words, positions stripped), computed once and
  read by the GIN index and by the vocabulary's upkeep.
* The trigram index over the texts served only the ``ILIKE`` fallback for a
  server without the word index, which every migrated server has, and cost 7-30 s
  per 5M words inserted. It is dropped.
* Reading the texts that a search scans was mostly decompressing them (pglz):
  texts are now compressed with lz4 where the server has it (about twice as
  fast to read); existing texts are rewritten once to take it.

SQLite: FTS5 and its vocabulary already serve both needs, but its words had
their accents removed, so a fuzzy search for "zurich" there could never take
"zürich" as a variant, where the server (and a scan of the texts) took it. The
FTS5 table is made again keeping accents (upper and lower case are still one),
so both back ends offer the same variants.

A later migration that rebuilds the ``documents`` table in SQLite's batch mode
drops the index's triggers: it must create them again (``create_sqlite_index``).
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
vocabulary's upkeep adds the rest of its words)."""

PENDING = f"{VOCABULARY}_pending"
_DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, pg_temp"
NOTE_WORDS = f"""
CREATE OR REPLACE FUNCTION public.{VOCABULARY}_note() RETURNS trigger LANGUAGE plpgsql
{_DEFINER} AS $$
BEGIN
    INSERT INTO public.{PENDING} (document_id) VALUES (NEW.id);
    RETURN NULL;
END $$
"""
MERGE_WORDS = f"""
CREATE OR REPLACE FUNCTION public.{VOCABULARY}_merge() RETURNS trigger LANGUAGE plpgsql
{_DEFINER} AS $$
DECLARE
    ids integer[];
BEGIN
    -- The first of the transaction's deferred calls takes every document it noted;
    -- the others find none left.
    WITH taken AS (DELETE FROM public.{PENDING} RETURNING document_id)
    SELECT array_agg(document_id) INTO ids FROM taken;
    IF ids IS NULL THEN
        RETURN NULL;
    END IF;
    -- sorted, so two transactions adding the same new words lock them in the same order
    INSERT INTO public.{VOCABULARY} (word)
    SELECT DISTINCT w FROM public.documents AS d, unnest(tsvector_to_array(d.words)) AS w
    WHERE d.id = ANY(ids) ORDER BY w
    ON CONFLICT DO NOTHING;
    INSERT INTO public.{VOCABULARY} (word)
    SELECT DISTINCT w FROM public.documents AS d, unnest(tsvector_to_array(strip(to_tsvector(
        'simple'::regconfig, regexp_replace(substr(d.text, {PG_FTS_CHARS + 1}),
        '[^[:alnum:]]+', ' ', 'g'))))) AS w
    WHERE d.id = ANY(ids) AND d.length > {PG_FTS_CHARS} ORDER BY w
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$
"""
"""The vocabulary's upkeep, in two steps. Each document inserted or given a new text
is noted (one row); at commit, the words of all the documents the transaction noted
are added at once, each distinct word once: an import of 1,000 documents of 5,000
words adds 20,000 words instead of trying 2.5 million (per-document adds made the
insert half as slow again, 22.0 s against 14.3 s; at commit: 15.7 s). The functions
run as their owner: team members who may write a document need no grant on the
vocabulary (``store.team`` grants only SELECT on tables it does not name)."""
TRIGGERS = (
    f"CREATE TRIGGER {VOCABULARY}_ai AFTER INSERT ON documents "
    f"FOR EACH ROW EXECUTE FUNCTION public.{VOCABULARY}_note()",
    f"CREATE TRIGGER {VOCABULARY}_au AFTER UPDATE OF text ON documents "
    f"FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text) "
    f"EXECUTE FUNCTION public.{VOCABULARY}_note()",
    f"CREATE CONSTRAINT TRIGGER {VOCABULARY}_merge AFTER INSERT ON {PENDING} "
    f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.{VOCABULARY}_merge()",
)

FTS = "documents_fts"
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


def create_sqlite_index(conn: sa.Connection, *, remove_diacritics: int = 0) -> None:
    """The FTS5 index over ``documents.text`` and the triggers that keep it current."""
    for name in ("ai", "ad", "au"):
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {FTS}_{name}")
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS}")
    conn.exec_driver_sql(
        f"CREATE VIRTUAL TABLE {FTS} USING fts5("
        "text, content='documents', content_rowid='id', "
        f"tokenize='unicode61 remove_diacritics {remove_diacritics}')"
    )
    for statement in SQLITE_TRIGGERS:
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")


def _sqlite_index_exists(conn: sa.Connection) -> bool:
    found = conn.exec_driver_sql(
        f"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{FTS}'"
    ).first()
    return found is not None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        if _sqlite_index_exists(conn):  # else this SQLite has no FTS5: searches read the texts
            create_sqlite_index(conn)
        return
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
    run(f"CREATE TABLE {PENDING} (document_id integer NOT NULL)")
    run(NOTE_WORDS)
    run(MERGE_WORDS)
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
    if conn.dialect.name == "sqlite":
        if _sqlite_index_exists(conn):
            create_sqlite_index(conn, remove_diacritics=2)
        return
    if conn.dialect.name != "postgresql":
        return
    run = conn.exec_driver_sql
    for name in ("ai", "au"):
        run(f"DROP TRIGGER IF EXISTS {VOCABULARY}_{name} ON documents")
    run(f"DROP TABLE IF EXISTS {PENDING}")
    run(f"DROP FUNCTION IF EXISTS public.{VOCABULARY}_note()")
    run(f"DROP FUNCTION IF EXISTS public.{VOCABULARY}_merge()")
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
