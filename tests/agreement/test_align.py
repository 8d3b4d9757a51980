"""Unit alignment: coverage thresholds, merging, exclusion, brute-force equivalence, speed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.agreement import align_units, merge_spans
from workbench.agreement.errors import AgreementInputError

UNITS = [(0, 10), (10, 20), (20, 30)]


def test_any_overlap_counts_by_default() -> None:
    result = align_units(30, UNITS, [[(9, 11)], []])
    assert result.matrix.tolist() == [[1, 0], [1, 0], [0, 0]]
    assert result.share[:, 0].tolist() == [0.1, 0.1, 0.0]


def test_min_share_threshold_is_inclusive() -> None:
    spans = [[(0, 5), (10, 14)], [(20, 30)]]
    half = align_units(30, UNITS, spans, min_share=0.5)
    assert half.matrix.tolist() == [[1, 0], [0, 0], [0, 1]]
    lower = align_units(30, UNITS, spans, min_share=0.4)
    assert lower.matrix[1, 0] == 1


def test_overlapping_spans_are_merged_not_double_counted() -> None:
    result = align_units(30, UNITS, [[(0, 6), (3, 8), (7, 8)]], min_share=0.9)
    assert result.share[0, 0] == pytest.approx(0.8)
    assert result.matrix[0, 0] == 0
    starts, ends = merge_spans([(3, 8), (0, 6), (10, 12), (12, 15), (20, 20)], 30)
    assert starts.tolist() == [0, 10]
    assert ends.tolist() == [8, 15]
    starts, ends = merge_spans([(10, 12), (12, 15)], 30, merge_touching=False)
    assert starts.tolist() == [10, 12]


def test_exclude_uncoded_drops_units_nobody_coded() -> None:
    result = align_units(30, UNITS, [[(0, 2)], [(25, 26)]], exclude_uncoded=True)
    assert result.unit_index.tolist() == [0, 2]
    assert result.matrix.tolist() == [[1, 0], [0, 1]]
    assert result.n_units_total == 3


def test_character_units() -> None:
    result = align_units(6, "character", [[(1, 3)], [(2, 5)]])
    assert result.matrix.tolist() == [[0, 0], [1, 0], [1, 1], [0, 1], [0, 1], [0, 0]]


def test_bad_spans_are_input_errors() -> None:
    with pytest.raises(AgreementInputError):
        align_units(30, [(5, 5)], [[]])
    with pytest.raises(AgreementInputError):
        align_units(30, [(0, 31)], [[]])
    with pytest.raises(AgreementInputError):
        align_units(30, UNITS, [[(4, 2)]])
    with pytest.raises(AgreementInputError):
        align_units(30, UNITS, [[]], min_share=0.0)


spans_strategy = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda t: (t[0], min(t[0] + t[1], 60))),
    max_size=12,
)
units_strategy = st.lists(
    st.tuples(st.integers(0, 59), st.integers(1, 20)).map(lambda t: (t[0], min(t[0] + t[1], 60))),
    min_size=1,
    max_size=10,
)


@settings(max_examples=120, deadline=None)
@given(
    units_strategy,
    st.lists(spans_strategy, min_size=1, max_size=4),
    st.one_of(st.none(), st.sampled_from([0.25, 0.5, 1.0])),
)
def test_share_equals_brute_force_character_count(
    units: list[tuple[int, int]], coders: list[list[tuple[int, int]]], min_share: float | None
) -> None:
    result = align_units(60, units, coders, min_share=min_share)
    for row, (start, end) in enumerate(units):
        for coder, spans in enumerate(coders):
            covered = {x for s, e in spans for x in range(s, e)}
            count = sum(1 for x in range(start, end) if x in covered)
            share = count / (end - start)
            assert result.share[row, coder] == pytest.approx(share)
            expected = count > 0 if min_share is None else share >= min_share
            assert result.matrix[row, coder] == int(expected)
