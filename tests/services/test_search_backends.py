"""The same search, the same hits: the embedded store and the team server agree.

Each back end narrows the documents with its own index (FTS5; PostgreSQL's stored
words) and takes fuzzy variants from its own vocabulary; what comes back must be
what the query's pattern finds reading every text, on both. The corpus mixes
accents, emoji and other characters outside the Basic Multilingual Plane before
hits (offsets count code points), punctuation inside phrases, underscores, digits,
speakers, cases, kinds and dates.
"""

from __future__ import annotations

import pytest

from tests.conftest import LEARNING
from workbench.coding.find import WORD, compile_query, find_all
from workbench.services.search import SearchFilters, search
from workbench.services.segments import apply_code

TEXTS = {
    "A interview": (
        "interview",
        "Northbridge",
        "2004-03",
        "Interviewer: Tell me about the peer visit.\n"
        "R1: The peer-visit in 2003 was a showcase 🎉 of adapted practice; "
        "peer\n\nvisits followed. Mentoring_scheme notes, mentoring and MENTORING.\n",
    ),
    "B paper": (
        "document",
        "Southgate",
        "2010",
        "Café crème and the naïve Über-council: a CAFÉ showcase.\n"
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𓂀 before: peer visit, Peer Visit; showcased; showcases; 😀😀 mentoring.\n"
        "Zürich council, zurich Council, ZÜRICH. Straße and strasse. ﬁnance finance.\n",
    ),
    "C notes": (
        "fieldnote",
        None,
        None,
        "Notes 2005: showcse (a misspelling), shwcase, show case.\n"
        "İstanbul istanbul; ΟΔΟΣ οδος; 50%_of council_member councils.\n",
    ),
}

QUERIES = [
    ("peer visit", "exact"),
    ("showcase", "exact"),
    ("show", "exact"),
    ("mentoring", "exact"),
    ("mentoring_scheme", "exact"),
    ("café", "exact"),
    ("cafe", "exact"),
    ("über council", "exact"),
    ("zürich", "exact"),
    ("straße", "exact"),
    ("finance", "exact"),
    ("istanbul", "exact"),
    ("οδος", "exact"),
    ("council", "exact"),
    ("50%_of", "exact"),
    ("2003", "exact"),
    ("showcase", "fuzzy"),
    ("peer visits", "fuzzy"),
    ("zurich", "fuzzy"),
    ("mentorng", "fuzzy"),
    (r"peer\W+visit", "regex"),
    (r"[😀🎉]", "regex"),
    ("Council", "regex"),
]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def corpus(request, tmp_path):
    """A project on each back end holding ``TEXTS``, and its texts by title."""
    from workbench.services.codebook import load_codebook_file
    from workbench.services.documents import import_file
    from workbench.services.project import init_project

    url = request.getfixturevalue("pg_url") if request.param == "postgresql" else None
    project = init_project("study", base=tmp_path, coder="alice", database=url)
    load_codebook_file(project.uow(), path=LEARNING, actor="alice")
    texts = {}
    for title, (kind, case, date, body) in TEXTS.items():
        f = tmp_path / f"{title}.txt"
        f.write_text(body, encoding="utf-8")
        import_file(project, path=f, title=title, kind=kind, case=case, date=date)
        texts[title] = f.read_text(encoding="utf-8")
    yield project, texts
    project.close()


def _expected(texts: dict[str, str], query: str, mode: str) -> list[tuple[str, int, int, str]]:
    """Every hit of the pattern over every text, the corpus's words as the vocabulary."""
    words = sorted({w.casefold() for body in texts.values() for w in WORD.findall(body)})
    pattern = compile_query(query, mode, vocabulary=words)
    return [
        (title, a, b, body[a:b])
        for title, body in sorted(texts.items())
        for a, b in find_all(pattern, body)
    ]


def _found(corpus, query: str, mode: str, **filters) -> list[tuple[str, int, int, str]]:
    project, texts = corpus
    result = search(project, query=query, mode=mode, filters=SearchFilters(**filters), limit=None)
    assert result.total == len(result.hits)
    return [(h.document, h.start, h.end, texts[h.document][h.start : h.end]) for h in result.hits]


@pytest.mark.parametrize(("query", "mode"), QUERIES)
def test_hits_are_those_of_the_pattern_over_every_text(corpus, query, mode):
    assert _found(corpus, query, mode) == _expected(corpus[1], query, mode)


def test_offsets_count_code_points_after_characters_outside_the_bmp(corpus):
    project, texts = corpus
    hits = search(project, query="mentoring", filters=SearchFilters(document="B paper")).hits
    assert [texts["B paper"][h.start : h.end] for h in hits] == ["mentoring"]
    assert hits[0].before.endswith("😀😀 ")


def test_filters_give_the_same_hits(corpus):
    project, texts = corpus
    everywhere = _expected(texts, "council", "exact")
    in_paper = [h for h in everywhere if h[0] == "B paper"]
    assert _found(corpus, "council", "exact", kind="document") == in_paper
    assert _found(corpus, "council", "exact", case="Southgate") == in_paper
    assert _found(corpus, "council", "exact", date="2010") == in_paper
    paper = search(project, query="council", filters=SearchFilters(document="B paper")).hits
    a, b = paper[1].start - 5, paper[2].end
    apply_code(
        project, document_id=paper[0].document_id, start=a, end=b, code="tacit", coder="alice"
    )
    coded = [h for h in in_paper if h[1] < b and a < h[2]]
    assert len(coded) == 2
    assert _found(corpus, "council", "exact", code="tacit") == coded
    assert _found(corpus, "council", "exact", code="tacit", coder="alice") == coded
    first = texts["A interview"].index("peer")
    assert _found(corpus, "peer", "exact", speaker="interviewer") == [
        ("A interview", first, first + 4, "peer")
    ]


def test_limit_counts_every_hit_and_shows_the_first(corpus):
    project, texts = corpus
    everything = _expected(texts, "council", "exact")
    result = search(project, query="council", limit=2)
    assert result.total == len(everything) > 2
    assert [(h.document, h.start, h.end, h.match) for h in result.hits] == everything[:2]
    assert result.documents == len({h[0] for h in everything})


def test_fuzzy_variants_follow_revisions(corpus, tmp_path):
    from workbench.services.revisions import revise_document

    project, texts = corpus
    assert "showcse" in search(project, query="showcase", mode="fuzzy").notes[0]
    f = tmp_path / "C notes.txt"
    f.write_text("Notes 2005: nothing misspelt here.\n", encoding="utf-8")
    revise_document(project, document="C notes", path=f, actor="alice")
    result = search(project, query="showcase", mode="fuzzy")
    assert not any("showcse" in note for note in result.notes)
    texts["C notes"] = f.read_text(encoding="utf-8")
    assert _found(corpus, "showcase", "fuzzy") == _expected(texts, "showcase", "fuzzy")


def test_a_project_upgraded_from_the_previous_index_searches_alike(corpus):
    """Migration 0009 rebuilds the index over documents already stored (and back down)."""
    from alembic import command

    from workbench.store.db import alembic_config, upgrade

    project, texts = corpus
    before = [_found(corpus, q, m) for q, m in QUERIES]
    with project.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0008_i19")
    assert _found(corpus, "showcase", "exact") == _expected(texts, "showcase", "exact")
    upgrade(project.engine)
    assert [_found(corpus, q, m) for q, m in QUERIES] == before
    if project.engine.dialect.name == "postgresql":
        with project.engine.connect() as conn:
            words = set(conn.exec_driver_sql("SELECT word FROM search_words").scalars())
        assert {"showcse", "zürich", "mentoring_scheme"} - words == {"mentoring_scheme"}
        assert {"mentoring", "scheme"} <= words
