"""Re-anchoring spans onto a revised text: worked cases and properties."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.coding.reanchor import FUZZY, LOST, MIN_SCORE, MOVED, SAME, reanchor
from workbench.core.span import Span

TRANSCRIPT = (
    "Interviewer: When did you first hear of the scheme?\n"
    "R1: In 2000. We went to an open day and copied what they did.\n"
    "Interviewer: And later?\n"
    "R1: By 2003 we were adapting ideas to our own context with a peer council.\n"
)


def span_of(text: str, quote: str) -> Span:
    start = text.index(quote)
    return Span(start, start + len(quote))


def test_unchanged_text_keeps_every_span():
    spans = [span_of(TRANSCRIPT, "open day"), span_of(TRANSCRIPT, "peer council")]
    assert [(a.span, a.how) for a in reanchor(TRANSCRIPT, TRANSCRIPT, spans)] == [
        (s, SAME) for s in spans
    ]


def test_a_restored_passage_moves_what_follows_it_and_nothing_before():
    new = TRANSCRIPT.replace("And later?\n", "And later?\nR1: [inaudible] well, yes.\n")
    before, after = span_of(TRANSCRIPT, "open day"), span_of(TRANSCRIPT, "peer council")
    a, b = reanchor(TRANSCRIPT, new, [before, after])
    assert (a.how, a.span) == (SAME, before)
    assert b.how == MOVED
    assert new[b.span.start : b.span.end] == "peer council"


def test_an_edited_passage_is_found_approximately():
    old_quote = "We went to an open day and copied what they did."
    new = TRANSCRIPT.replace("an open day", "an open-day event")
    [a] = reanchor(TRANSCRIPT, new, [span_of(TRANSCRIPT, old_quote)])
    assert a.how == FUZZY
    assert a.score >= MIN_SCORE
    edited = "We went to an open-day event and copied what they did."
    assert new[a.span.start : a.span.end] == edited


def test_a_deleted_passage_is_lost():
    gone = "By 2003 we were adapting ideas to our own context with a peer council."
    new = TRANSCRIPT.replace(gone, "(passage withdrawn at the respondent's request)")
    [a] = reanchor(TRANSCRIPT, new, [span_of(TRANSCRIPT, gone)])
    assert (a.how, a.span, a.score) == (LOST, None, 0.0)


def test_a_repeated_quote_follows_its_own_occurrence():
    old = "yes. we agreed.\nno.\nyes. we agreed.\n"
    new = "yes. we agreed.\nno, not then.\nyes. we agreed.\n"
    second = Span(old.rindex("yes"), old.rindex("yes") + 3)
    [a] = reanchor(old, new, [second])
    assert a.span == Span(new.rindex("yes"), new.rindex("yes") + 3)
    assert a.how == MOVED


# -- properties ---------------------------------------------------------------------

TEXT = st.text(alphabet=st.sampled_from("abc de\nf."), min_size=1, max_size=200)


@st.composite
def text_and_spans(draw, text=TEXT):
    t = draw(text)
    spans = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(t) - 1))
        end = draw(st.integers(start + 1, len(t)))
        spans.append(Span(start, end))
    return t, spans


@settings(max_examples=200, deadline=None)
@given(text_and_spans())
def test_identity(case):
    text, spans = case
    assert [(a.span, a.how) for a in reanchor(text, text, spans)] == [(s, SAME) for s in spans]


@settings(max_examples=300, deadline=None)
@given(text_and_spans(), st.data(), st.text(alphabet="abc de\nfXY.", min_size=1, max_size=60))
def test_an_insertion_outside_a_span_keeps_its_quote_exactly(case, data, inserted):
    old, spans = case
    k = data.draw(st.integers(0, len(old)))
    new = old[:k] + inserted + old[k:]
    for a in reanchor(old, new, spans):
        quote = old[a.old.start : a.old.end]
        if a.old.end <= k or a.old.start >= k:
            assert a.how in (SAME, MOVED), a
            assert new[a.span.start : a.span.end] == quote
            if a.old.end <= k and a.how == SAME:
                assert a.span == a.old


@settings(max_examples=300, deadline=None)
@given(text_and_spans(), st.data())
def test_a_deletion_elsewhere_keeps_a_spans_quote_exactly(case, data):
    old, spans = case
    i = data.draw(st.integers(0, len(old) - 1))
    j = data.draw(st.integers(i + 1, len(old)))
    new = old[:i] + old[j:]
    for a in reanchor(old, new, spans):
        if a.old.end <= i or a.old.start >= j:
            assert a.how in (SAME, MOVED), a
            assert new[a.span.start : a.span.end] == old[a.old.start : a.old.end]


@settings(max_examples=300, deadline=None)
@given(text_and_spans(), TEXT)
def test_every_anchor_is_a_valid_span_of_the_new_text_and_says_how_sure_it_is(case, new):
    old, spans = case
    anchors = reanchor(old, new, spans)
    assert [a.old for a in anchors] == spans
    for a in anchors:
        quote = old[a.old.start : a.old.end]
        if a.how == LOST:
            assert a.span is None
            continue
        assert 0 <= a.span.start < a.span.end <= len(new)
        if a.how in (SAME, MOVED):
            assert new[a.span.start : a.span.end] == quote
            assert a.score == 100.0
            assert (a.how == SAME) == (a.span == a.old)
        else:
            assert a.how == FUZZY
            assert a.score >= MIN_SCORE


@settings(max_examples=200, deadline=None)
@given(text_and_spans(), st.data(), st.text(alphabet="XYZ", min_size=1, max_size=30))
def test_insert_then_remove_returns_every_span_home(case, data, inserted):
    old, spans = case
    k = data.draw(st.integers(0, len(old)))
    new = old[:k] + inserted + old[k:]
    kept = [s for s in spans if s.end <= k or s.start >= k]
    there = reanchor(old, new, kept)
    back = reanchor(new, old, [a.span for a in there])
    for a, b in zip(there, back, strict=True):
        assert old[b.span.start : b.span.end] == old[a.old.start : a.old.end]


@settings(max_examples=200, deadline=None)
@given(text_and_spans(st.text(alphabet="abc de\n.", min_size=1, max_size=200)))
def test_a_passage_replaced_by_unrelated_text_is_lost(case):
    old, spans = case
    marked = [s for s in spans if len(s) >= 3]
    for s in marked:
        new = old[: s.start] + "Z" * len(s) + old[s.end :]
        [a] = reanchor(old, new, [s])
        quote = old[s.start : s.end]
        if quote.strip() and quote not in new:
            assert a.how == LOST or new[a.span.start : a.span.end] != "Z" * len(s), a


def test_a_deleted_question_is_not_mistaken_for_the_next_one():
    old = "Interviewer: When?\nR1: We copied the open day idea.\nInterviewer: Why?\n"
    new = "Interviewer: When was it?\nR1: We copied the open day idea.\n"
    [a] = reanchor(old, new, [span_of(old, "Interviewer: Why?")])
    assert a.how == LOST
