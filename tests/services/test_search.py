"""Corpus search: the index narrows, the pattern decides; filters; coding every hit, one undo."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.coding.find import compile_query, find_all, snippet
from workbench.core.errors import InputError
from workbench.services.codings import list_codings
from workbench.services.history import history_state, redo, undo
from workbench.services.reading import list_document_rows
from workbench.services.search import SearchFilters, code_hits, search
from workbench.services.segments import apply_code
from workbench.store.search_index import has_index


@pytest.fixture
def doc(coded_project) -> int:
    return list_document_rows(coded_project, coder="alice")[0].id


def test_index_exists_and_finds_words_from_their_start(coded_project):
    with coded_project.reader() as uow:
        assert has_index(uow.session)
    result = search(coded_project, query="adapt")
    assert result.indexed
    assert [h.match for h in result.hits] == ["adapting"]
    assert search(coded_project, query="dapting").total == 0  # words match from their start
    hit = result.hits[0]
    assert hit.speaker == "R1"
    assert hit.before.startswith("…") or hit.before.startswith("R1")
    assert "context with a peer" in hit.after


def test_phrases_span_punctuation_and_line_breaks(coded_project):
    assert search(coded_project, query="open day").total == 1
    assert search(coded_project, query="did. Interviewer").total == 1
    assert search(coded_project, query="open night").total == 0


def test_imports_and_revisions_keep_the_index_current(coded_project, tmp_path):
    from workbench.services.documents import import_file
    from workbench.services.revisions import revise_document

    f = tmp_path / "memo.txt"
    f.write_text("A showcase of tacit routines.\n", encoding="utf-8")
    import_file(coded_project, path=f, title="Memo", kind="fieldnote")
    assert search(coded_project, query="showcase").documents == 1
    f.write_text("A conference of explicit routines.\n", encoding="utf-8")
    revise_document(coded_project, document="Memo", path=f, actor="alice")
    assert search(coded_project, query="showcase").total == 0
    assert search(coded_project, query="conference").total == 1


def test_regex_and_fuzzy_modes(coded_project):
    assert [h.match for h in search(coded_project, query=r"\b20\d\d\b", mode="regex").hits] == [
        "2000",
        "2003",
    ]
    fuzzy = search(coded_project, query="adaptting", mode="fuzzy")
    assert [h.match for h in fuzzy.hits] == ["adapting"]
    assert fuzzy.notes
    assert "adapting" in fuzzy.notes[0]
    with pytest.raises(InputError, match="bad regular expression"):
        search(coded_project, query="(", mode="regex")
    with pytest.raises(InputError, match="empty"):
        search(coded_project, query="   ")


def test_filters(coded_project, doc):
    assert search(coded_project, query="scheme", filters=SearchFilters(kind="document")).total == 0
    assert search(coded_project, query="scheme", filters=SearchFilters(kind="interview")).total == 1
    interviewer = SearchFilters(speaker="interviewer")
    assert search(coded_project, query="2000", filters=interviewer).total == 0
    assert search(coded_project, query="scheme", filters=interviewer).total == 1
    assert search(coded_project, query="scheme", filters=SearchFilters(case="Northbridge")).total
    with pytest.raises(InputError, match="no case"):
        search(coded_project, query="scheme", filters=SearchFilters(case="Nowhere"))
    assert search(coded_project, query="scheme", filters=SearchFilters(date="2006")).total == 1
    assert search(coded_project, query="scheme", filters=SearchFilters(date="1990")).total == 0
    apply_code(coded_project, document_id=doc, start=110, end=180, code="tacit", coder="alice")
    inside = search(coded_project, query="2003", filters=SearchFilters(code="tacit"))
    outside = search(coded_project, query="2000", filters=SearchFilters(code="tacit"))
    assert (inside.total, outside.total) == (1, 0)
    assert inside.hits[0].codes == ("Tacit knowledge",)


def test_limit_says_how_many_there_are(coded_project):
    result = search(coded_project, query="r1", limit=1)
    assert (len(result.hits), result.total, result.truncated) == (1, 2, True)
    assert "first 1" in result.notes[-1]


def test_code_all_hits_is_one_undoable_action(coded_project):
    hits = search(coded_project, query="interviewer").hits
    assert len(hits) == 2
    done = code_hits(
        coded_project,
        hits=[(h.document_id, h.start, h.end) for h in hits],
        code="explicit",
        coder="alice",
    )
    assert (done.added, done.already) == (2, 0)
    assert len(list_codings(coded_project.uow())) == 2
    assert history_state(coded_project, actor="alice").undo == "code 2 hits as Explicit knowledge"
    again = code_hits(
        coded_project,
        hits=[(h.document_id, h.start, h.end) for h in hits],
        code="explicit",
        coder="alice",
    )
    assert (again.added, again.already) == (0, 2)
    result = undo(coded_project, actor="alice")
    assert result.documents == (hits[0].document_id,)
    assert list_codings(coded_project.uow()) == []
    redo(coded_project, actor="alice")
    assert len(list_codings(coded_project.uow())) == 2
    undo(coded_project, actor="alice")
    assert undo(coded_project, actor="alice") is None  # the batch was one step


# ------------------------------------------------------------------ the pattern, against re


WORDS = st.lists(
    st.sampled_from(["learn", "learning", "scheme", "peer", "Peer", "day"]), min_size=1
)


@settings(max_examples=60, deadline=None)
@given(words=WORDS, gaps=st.lists(st.sampled_from([" ", "\n", "-", ", ", "  "]), min_size=6))
def test_exact_mode_agrees_with_a_plain_regular_expression(words, gaps):
    body = "".join(w + gaps[i % len(gaps)] for i, w in enumerate(words * 2))
    query = " ".join(words[:2])
    expected = [
        m.span()
        for m in re.finditer(
            r"(?<!\w)" + r"[\W_]+".join(map(re.escape, query.split())) + r"\w*",
            body,
            re.IGNORECASE,
        )
    ]
    assert list(find_all(compile_query(query), body)) == expected


@settings(max_examples=80, deadline=None)
@given(
    words=st.lists(st.sampled_from(["peer", "xpeer", "peerpeer", "day", "_peer", "é"]), min_size=1),
    gaps=st.lists(st.sampled_from([" ", "-", "\n", "😀", "_"]), min_size=3),
    query=st.sampled_from(["peer", "peer peer", "peer day", "day peer"]),
)
def test_matches_refused_inside_a_word_do_not_hide_later_ones(words, gaps, query):
    """A match starting inside a word is refused and the search starts again one on."""
    body = "".join(w + gaps[i % len(gaps)] for i, w in enumerate(words * 2))
    expected = [
        m.span()
        for m in re.finditer(
            r"(?<!\w)" + r"[\W_]+".join(map(re.escape, query.split())) + r"\w*", body.lower()
        )
    ]
    assert list(find_all(compile_query(query), body)) == expected


def test_snippet_marks_cut_text():
    text = "one two three four five six seven eight nine ten eleven twelve"
    before, match, after = snippet(text, text.index("six"), text.index("six") + 3, width=12)
    assert (match, before[0], after[-1]) == ("six", "…", "…")
    assert snippet("a\n\nword here", 3, 7, width=20) == ("a ", "word", " here")


@pytest.mark.postgres
def test_search_on_the_team_server_uses_its_word_index(pg_url, tmp_path):
    from tests.conftest import LEARNING
    from workbench.services.codebook import load_codebook_file
    from workbench.services.documents import import_file
    from workbench.services.project import init_project

    project = init_project("team", base=tmp_path, coder="alice", database=pg_url)
    try:
        load_codebook_file(project.uow(), path=LEARNING, actor="alice")
        f = tmp_path / "i.txt"
        f.write_text("R1: In 2000 we copied what they did. By 2003 we adapted 50%_of it.\n")
        import_file(project, path=f, title="I", kind="interview")
        result = search(project, query="adapt")
        assert result.indexed
        assert [h.match for h in result.hits] == ["adapted"]
        assert search(project, query="50%_of").total == 1  # LIKE's wildcards are escaped
        assert search(project, query="copyed", mode="fuzzy").total == 1
        assert search(project, query=r"20\d\d", mode="regex").total == 2
        hits = [(h.document_id, h.start, h.end) for h in result.hits]
        assert code_hits(project, hits=hits, code="tacit", coder="alice").added == 1
        undo(project, actor="alice")
        assert list_codings(project.uow()) == []
    finally:
        project.close()


@settings(max_examples=60, deadline=None)
@given(
    body=st.text(alphabet="aAbB -\n", max_size=60),
    query=st.sampled_from(["a", "ab", "[ab]+ a", "b\\W+a"]),
)
def test_regex_mode_ignores_case_like_re_does(body, query):
    expected = [
        m.span()
        for m in re.finditer(query, body, re.IGNORECASE | re.MULTILINE)
        if m.end() > m.start()
    ]
    assert list(find_all(compile_query(query, "regex"), body)) == expected


def test_a_blank_span_is_not_coded(coded_project, doc):
    from workbench.services.segments import apply_code

    text = list_document_rows(coded_project, coder="alice")[0]
    assert text.id == doc
    with pytest.raises(InputError, match="only spaces or line breaks"):
        apply_code(coded_project, document_id=doc, start=51, end=52, code="tacit", coder="alice")
    assert list_codings(coded_project.uow()) == []


def test_blind_mode_lists_only_the_coders_own_codes_at_a_hit(coded_project, doc):
    from workbench.services.segments import apply_code

    apply_code(coded_project, document_id=doc, start=110, end=180, code="tacit", coder="bob")
    seen = search(coded_project, query="2003").hits[0].codes
    blind = search(coded_project, query="2003", filters=SearchFilters(shown_coder="alice"))
    assert (seen, blind.hits[0].codes) == (("Tacit knowledge",), ())


def test_new_bounds_of_only_spaces_are_refused(coded_project, doc):
    from workbench.services.segments import apply_code, update_segment

    seg = apply_code(coded_project, document_id=doc, start=5, end=15, code="tacit", coder="alice")
    with pytest.raises(InputError, match="only spaces or line breaks"):
        update_segment(coded_project, coding_id=seg.id, coder="alice", start=51, end=52)
