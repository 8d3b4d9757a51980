from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.errors import InputError
from workbench.core.span import Span, merge_spans

# Small coordinates so that brute force over covered positions stays cheap and
# so that overlapping, touching and nested spans are all common.
spans = st.builds(
    lambda start, length: Span(start, start + length),
    st.integers(0, 40),
    st.integers(1, 12),
)
span_lists = st.lists(spans, max_size=12)


def positions(span: Span) -> set[int]:
    return set(range(span.start, span.end))


def covered(span_list: list[Span]) -> set[int]:
    return set().union(*(positions(s) for s in span_list))


@settings(max_examples=200)
@given(spans, spans)
def test_overlaps_is_symmetric_and_means_a_shared_position(a, b):
    assert a.overlaps(b) == b.overlaps(a)
    assert a.overlaps(b) == bool(positions(a) & positions(b))


@given(spans)
def test_a_span_overlaps_itself(a):
    assert a.overlaps(a)


@settings(max_examples=200)
@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_a_valid_span_keeps_its_bounds_and_length(start, length):
    span = Span(start, start + length)
    assert (span.start, span.end, len(span)) == (start, start + length, length)


bad_bounds = st.one_of(
    st.tuples(st.integers(max_value=-1), st.integers()),
    st.integers(min_value=0).flatmap(
        lambda start: st.tuples(st.just(start), st.integers(max_value=start))
    ),
)


@settings(max_examples=200)
@given(bad_bounds)
def test_a_negative_start_or_an_empty_or_reversed_span_is_an_input_error(bounds):
    start, end = bounds
    with pytest.raises(InputError) as info:
        Span(start, end)
    assert "\n" not in str(info.value)


@settings(max_examples=200)
@given(spans, st.integers(-5, 60))
def test_check_within_refuses_exactly_the_spans_that_run_past_the_end(span, length):
    if span.end > length:
        with pytest.raises(InputError, match="runs past the end"):
            span.check_within(length)
    else:
        span.check_within(length)


@settings(max_examples=200)
@given(span_lists)
def test_merged_spans_are_sorted_disjoint_and_not_touching(span_list):
    merged = merge_spans(span_list)
    assert all(isinstance(s, Span) for s in merged)
    for prev, nxt in pairwise(merged):
        assert nxt.start > prev.end


@settings(max_examples=200)
@given(span_lists)
def test_merged_spans_cover_exactly_the_union_of_the_input(span_list):
    assert covered(merge_spans(span_list)) == covered(span_list)


@settings(max_examples=200)
@given(span_lists)
def test_merging_twice_changes_nothing(span_list):
    merged = merge_spans(span_list)
    assert merge_spans(merged) == merged


@settings(max_examples=200)
@given(span_lists.flatmap(lambda ss: st.tuples(st.just(ss), st.permutations(ss))))
def test_merging_does_not_depend_on_input_order(lists):
    original, shuffled = lists
    assert merge_spans(shuffled) == merge_spans(original)


@given(span_lists)
def test_merging_leaves_its_argument_alone(span_list):
    before = list(span_list)
    merge_spans(span_list)
    assert span_list == before


def test_merging_nothing_gives_nothing():
    assert merge_spans([]) == []
