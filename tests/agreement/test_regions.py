from __future__ import annotations

import pytest

from workbench.agreement import (
    AgreementInputError,
    CodedSpan,
    align_units,
    disagreement_regions,
)

SENTENCES = [(0, 10), (10, 20), (20, 30), (30, 40)]


def span(id_, coder, start, end, code="x"):
    return CodedSpan(id_, coder, start, end, code)


def test_agreeing_coders_have_no_regions():
    segs = [span(1, "a", 0, 8), span(2, "b", 2, 10)]
    assert disagreement_regions(40, SENTENCES, segs, ["a", "b"]) == []


def test_a_segment_over_three_sentences_is_one_decision():
    segs = [span(1, "a", 5, 35)]
    [r] = disagreement_regions(40, SENTENCES, segs, ["a", "b"])
    assert r.units == ((0, 10), (10, 20), (20, 30), (30, 40))
    assert (r.start, r.end, r.codes, r.segments) == (0, 40, ("x",), (1,))


def test_different_codes_on_one_sentence_are_one_decision_between_them():
    segs = [span(1, "a", 10, 20, "imitation"), span(2, "b", 12, 18, "tacit")]
    [r] = disagreement_regions(40, SENTENCES, segs, ["a", "b"])
    assert r.codes == ("imitation", "tacit")
    assert r.segments == (1, 2)
    assert r.units == ((10, 20),)


def test_the_other_coders_cut_of_the_same_passage_joins_the_region():
    # a coded sentence 1, b sentences 1-2: sentence 1 agrees, sentence 2 is disputed,
    # and a's segment belongs to the decision (take a's cut or b's).
    segs = [span(1, "a", 0, 10), span(2, "b", 0, 20)]
    [r] = disagreement_regions(40, SENTENCES, segs, ["a", "b"])
    assert r.units == ((10, 20),)
    assert r.segments == (1, 2)
    assert (r.start, r.end) == (0, 20)


def test_separate_passages_are_separate_regions_in_text_order():
    segs = [span(1, "a", 30, 40), span(2, "b", 0, 5), span(3, "c", 0, 5)]
    regions = disagreement_regions(40, SENTENCES, segs, ["a", "b"])
    assert [(r.start, r.end, r.segments) for r in regions] == [(0, 10, (2,)), (30, 40, (1,))]


def test_disputed_units_match_the_statistics_alignment():
    segs = [span(1, "a", 3, 14), span(2, "b", 25, 27), span(3, "a", 26, 39)]
    regions = disagreement_regions(40, SENTENCES, segs, ["a", "b"], min_share=0.5)
    aligned = align_units(40, SENTENCES, [[(3, 14), (26, 39)], [(25, 27)]], min_share=0.5)
    differ = {
        SENTENCES[int(u)]
        for row, u in zip(aligned.matrix, aligned.unit_index, strict=True)
        if row.min() != row.max()
    }
    assert {u for r in regions for u in r.units} == differ


def test_character_units_cut_at_segment_boundaries():
    segs = [span(1, "a", 0, 10), span(2, "b", 5, 15), span(3, "a", 30, 32)]
    regions = disagreement_regions(40, "character", segs, ["a", "b"])
    assert [(r.start, r.end, r.units, r.segments) for r in regions] == [
        (0, 15, ((0, 5), (10, 15)), (1, 2)),
        (30, 32, ((30, 32),), (3,)),
    ]


def test_needs_two_coders():
    with pytest.raises(AgreementInputError, match="at least two coders"):
        disagreement_regions(40, SENTENCES, [], ["a"])
