"""The development set's figures hold the issue's targets (``python -m bench nlp`` prints them).

One evaluation runs for the whole module: it reads every text through the importer's
readers and the spaCy pipeline, a few seconds in all.
"""

from __future__ import annotations

import pytest

from tests.nlp.devset.evaluate import evaluate


@pytest.fixture(scope="module")
def ev():
    return evaluate()


def test_event_date_mentions(ev):
    m = ev.mentions
    assert m.offered == 0, m.misses  # no citation, reference or header offered as an event
    assert m.overall.precision >= 0.95, m.misses
    assert m.overall.recall >= 0.95, m.misses
    assert m.overall.exact_share >= 0.90, m.misses


def test_sentence_boundaries(ev):
    academic, transcript = ev.sentences["academic"], ev.sentences["transcript"]
    assert academic.tally.precision >= 0.95, academic.misses
    assert academic.tally.recall >= 0.95, academic.misses
    assert transcript.tally.precision >= 0.98, transcript.misses
    assert transcript.tally.recall >= 0.98, transcript.misses


def test_turns_in_every_layout_and_none_elsewhere(ev):
    for layout, tally in ev.turns.items():
        assert tally.recall >= 0.98, layout
        assert tally.precision >= 0.98, layout
    assert ev.false_turns == dict.fromkeys(ev.false_turns, 0)


def test_captions_without_speakers_read_as_sentences(ev):
    for c in ev.captions.values():
        assert c["turns"] == 0
        assert abs(c["sentences"] - c["gold_sentences"]) <= 1


def test_pdfs_read_as_their_running_text(ev):
    for name, r in ev.pdfs.items():
        assert r["ours_similarity"] >= 0.98, (name, r)
        assert (r["ours_tabs"], r["ours_headers"], r["ours_page_footers"]) == (0, 0, 0), name
        assert r["ours_extra_events"] == 0, name  # no date from a print header
        assert r["paragraphs_ours"] == r["paragraphs_true"], name
