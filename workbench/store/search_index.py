"""The full-text index behind a corpus search, one back end at a time.

What the search service asks of the store, whichever database holds the project:
which documents may match a query (a superset: the query's pattern decides), the
corpus's words for fuzzy mode, and the candidate texts, as fast as the back end
can hand them over.

* SQLite: the FTS5 table of migration 0008 and its vocabulary (``fts5vocab``).
* PostgreSQL: the documents' stored words and their GIN index, and the vocabulary
  table ``search_words`` (migration 0009; a server migrated only to 0008 has the
  index as an expression, a server without either reads every text).

Scanning the texts stays in Python on both: measured on 5M words (PostgreSQL 15),
running the pattern on the server (``regexp_matches``) took 1.6-1.8 s where
sending the texts and scanning them here took 0.3 s, as the server's regular
expressions are several times slower than Python's over the same text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, bindparam, or_, select, text
from sqlalchemy.exc import DBAPIError, OperationalError

from workbench.store.models import Document

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy import ColumnElement, Select
    from sqlalchemy.orm import Session

    from workbench.coding.find import Pattern

FTS = "documents_fts"
PG_FTS_CHARS = 500_000  # as migrations 0008 and 0009 index them
PG_WORDS_0008 = (
    f"to_tsvector('simple'::regconfig, "
    f"regexp_replace(left(documents.text, {PG_FTS_CHARS}), '[^[:alnum:]]+', ' ', 'g'))"
)
"""The words of a text as migration 0008 indexed them (an expression index)."""
PG_INDEXES = {
    "ix_documents_words": "documents.words",  # 0009: a stored column
    "ix_documents_text_fts": PG_WORDS_0008,
}
VOCABULARY = "search_words"


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def has_index(session: Session) -> bool:
    """Whether this project has the full-text index (an older SQLite may lack FTS5)."""
    if dialect(session) == "sqlite":
        found = session.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :n"), {"n": FTS}
        ).first()
        return found is not None
    if dialect(session) == "postgresql":
        found = session.execute(
            text(
                "SELECT 1 FROM pg_indexes WHERE indexname IN "
                "('ix_documents_words', 'ix_documents_text_fts', 'ix_documents_text_trgm')"
            )
        ).first()
        return found is not None
    return False


def _pg_words(session: Session) -> str | None:
    """The SQL of a document's indexed words on this server, or None without the index."""
    query = text("SELECT indexname FROM pg_indexes WHERE indexname IN :names").bindparams(
        bindparam("names", expanding=True)
    )
    names = session.scalars(query, {"names": list(PG_INDEXES)}).all()
    for name, words in PG_INDEXES.items():
        if name in names:
            return words
    return None


def _ts_term(word: str) -> str:
    """A query word as ``to_tsquery`` terms: its letter-and-digit runs, each a prefix."""
    parts = [p for p in re.split(r"[\W_]+", word.casefold()) if p]
    return " & ".join(f"{p}:*" for p in parts)


def _fts_term(word: str) -> str:
    return '"' + word.replace('"', '""') + '"*'


def index_condition(session: Session, pattern: Pattern) -> ColumnElement[bool] | None:
    """A condition on ``Document.id`` that keeps a superset of the matching documents."""
    if not pattern.words or not has_index(session):
        return None
    if dialect(session) == "sqlite":
        if pattern.mode == "exact":  # the words as a phrase, the last one a prefix
            match = '"' + " ".join(g[0] for g in pattern.words).replace('"', '""') + '"*'
        else:
            match = " AND ".join(
                "(" + " OR ".join(_fts_term(w) for w in group) + ")" for group in pattern.words
            )
        ids = select(text("rowid")).select_from(text(FTS)).where(text(f"{FTS} MATCH :match"))
        return Document.id.in_(ids.params(match=match))

    words = _pg_words(session)
    if words is not None:
        groups = []
        for group in pattern.words:
            terms = [t for t in (_ts_term(w) for w in group) if t]
            if not terms:
                return None
            groups.append("(" + " | ".join(f"({t})" for t in terms) + ")")
        query = " & ".join(groups)
        # Two index-friendly halves (an OR would make the server compute every text's words):
        # the documents whose words match, and those too long to be indexed whole.
        matched = select(Document.id).where(
            text(f"{words} @@ to_tsquery('simple', :tsq)").bindparams(tsq=query)
        )
        longer = select(Document.id).where(Document.length > PG_FTS_CHARS)
        return Document.id.in_(matched.union(longer))

    def like(word: str) -> ColumnElement[bool]:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return Document.text.ilike(f"%{escaped}%", escape="\\")

    return and_(*(or_(*(like(w) for w in group)) for group in pattern.words))


def prefer_index(session: Session) -> None:
    """Make this read-only PostgreSQL transaction use the word index it was given.

    The planner prices reading a text's words like reading a number, and so prefers
    reading every row to the index (7-10 s at 5M words): seq scans are priced out.
    That inflates every cost past the threshold for compiling the query (JIT), which
    then took 0.5 s of a 0.55 s search for a rare word: JIT is off as well.
    """
    if dialect(session) == "postgresql":
        session.execute(text("SET LOCAL enable_seqscan = off"))
        session.execute(text("SET LOCAL jit = off"))


def _word_lengths(words: list[str]) -> tuple[int, int]:
    """The lengths of vocabulary words worth comparing with ``words`` (fuzzy ratio >= 80)."""
    lengths = {len(w) for w in words}
    return min(lengths) - max(2, min(lengths) // 4), max(lengths) + 4


def vocabulary(session: Session, words: list[str]) -> list[str] | None:
    """Candidate words for fuzzy variants from the index's own vocabulary.

    None when this back end has none (an SQLite without FTS5, a server before 0009):
    the caller then reads the texts' words. Only words whose length is near a query
    word's are worth comparing; the vocabulary gives them without reading a text.
    """
    lo, hi = _word_lengths(words)
    if dialect(session) == "sqlite" and has_index(session):
        try:
            with session.begin_nested():
                session.execute(
                    text(
                        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{FTS}_vocab "
                        f"USING fts5vocab(main, {FTS}, 'row')"
                    )
                )
                rows = session.execute(
                    text(
                        f"SELECT term FROM temp.{FTS}_vocab WHERE length(term) BETWEEN :lo AND :hi"
                    ),
                    {"lo": lo, "hi": hi},
                )
                return [r[0] for r in rows]
        except OperationalError:
            return None
    if dialect(session) == "postgresql" and _pg_vocabulary(session):
        try:
            with session.begin_nested():
                rows = session.execute(
                    text(f"SELECT word FROM {VOCABULARY} WHERE length(word) BETWEEN :lo AND :hi"),
                    {"lo": lo, "hi": hi},
                )
                return [r[0] for r in rows]
        except DBAPIError:  # a team member before ``team init`` granted the new table
            return None
    return None


def _pg_vocabulary(session: Session) -> bool:
    found = session.execute(
        text("SELECT 1 FROM pg_tables WHERE tablename = :t"), {"t": VOCABULARY}
    ).first()
    return found is not None


def stale_words(session: Session, words: list[str]) -> set[str]:
    """Those of ``words`` (from the vocabulary) that no document has any more.

    The server's vocabulary only grows (a revision or deletion leaves its old words),
    so the variants a fuzzy search takes from it are checked against the word index.
    """
    if not words or dialect(session) != "postgresql" or not _pg_vocabulary(session):
        return set()
    pg_words = _pg_words(session)
    if pg_words is None:
        return set()
    # Vocabulary words are runs of letters and digits: quoted, each is one exact lexeme.
    rows = session.execute(
        text(
            "SELECT w FROM unnest(CAST(:words AS text[])) AS w WHERE NOT EXISTS ("
            f"SELECT 1 FROM documents WHERE {pg_words} @@ CAST('''' || w || '''' AS tsquery))"
        ),
        {"words": [w for w in words if "'" not in w and "\\" not in w]},
    )
    return {r[0] for r in rows}


def texts(session: Session, query: Select[Any]) -> Iterator[Any]:
    """The rows of ``query`` (the candidate documents and their texts), as they arrive.

    On PostgreSQL the rows are streamed: scanning a text overlaps the server reading
    and sending the next ones (a quarter to a third off a search that reads every text).
    """
    if dialect(session) == "postgresql":
        raw = session.connection().connection.driver_connection
        stream = getattr(raw.cursor(), "stream", None) if raw is not None else None
        if stream is not None:
            compiled = query.compile(
                dialect=session.get_bind().dialect, compile_kwargs={"render_postcompile": True}
            )
            yield from stream(str(compiled), compiled.params)
            return
    yield from session.execute(query)
