"""Optimal matching, transition-rate costs and path types on worked examples.

Distances are checked three ways: small sequences worked by hand, the vectorised matrix
against the plain dynamic programme, and the plain programme against an exhaustive search
over every alignment (hypothesis). Clustering is checked against scipy.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.bracketing.sequences import (
    cut_tree,
    default_indel,
    linkage,
    om_distance,
    om_matrix,
    path_types,
    silhouette,
    spells,
    substitution_costs,
    transition_rates,
)

CONST = substitution_costs([], 3, "constant")  # 2 off the diagonal


def _seq(text: str) -> list[int]:
    return ["ABC".index(c) for c in text]


@pytest.mark.parametrize(
    ("a", "b", "indel", "expected"),
    [
        # identical
        ("AABB", "AABB", 1.0, 0.0),
        # one frontier one bin later: one substitution (2) = one indel pair (1 + 1)
        ("AABB", "AAAB", 1.0, 2.0),
        # two bins later: two substitutions, or delete two A and insert two B
        ("AABBBB", "AAAABB", 1.0, 4.0),
        # with indel 1.5 substitutions are cheaper than indel pairs (2 < 3)
        ("AABBBB", "AAAABB", 1.5, 4.0),
        # with indel 0.5 an indel pair (1) beats a substitution (2): 2 bins -> 2
        ("AABBBB", "AAAABB", 0.5, 2.0),
        # a skipped phase: ABC vs AC of different lengths, delete B
        ("ABC", "AC", 1.0, 1.0),
        # nothing in common, equal lengths: min(3 subs = 6, 3 + 3 indels = 6)
        ("AAA", "BBB", 1.0, 6.0),
        # empty against three bins: three deletions
        ("", "ABC", 1.0, 3.0),
    ],
)
def test_worked_om_distances(a, b, indel, expected):
    assert om_distance(_seq(a), _seq(b), CONST, indel) == pytest.approx(expected)
    matrix = om_matrix([_seq(a), _seq(b)], CONST, indel)
    assert matrix[0, 1] == pytest.approx(expected)
    assert matrix[1, 0] == pytest.approx(expected)


def test_normalised_variants():
    seqs = [_seq("AABBBB"), _seq("AAAABB"), _seq("ABC")]
    raw = om_matrix(seqs, CONST, 1.0)
    by_length = om_matrix(seqs, CONST, 1.0, "maxlength")
    by_max = om_matrix(seqs, CONST, 1.0, "maxdist")
    assert by_length[0, 1] == pytest.approx(raw[0, 1] / 6)
    # maxdist of lengths 6 and 3: 3 indels + 3 substitutions of 2 = 9
    assert by_max[0, 2] == pytest.approx(raw[0, 2] / 9)
    assert np.all((by_max >= 0) & (by_max <= 1))


def test_transition_rates_and_trate_costs_by_hand():
    # AAB, ABB, ABC: transitions A->A 1, A->B 3, B->B 1, B->C 1
    seqs = [_seq("AAB"), _seq("ABB"), _seq("ABC")]
    rates = transition_rates(seqs, 3)
    assert rates[0].tolist() == pytest.approx([0.25, 0.75, 0.0])
    assert rates[1].tolist() == pytest.approx([0.0, 0.5, 0.5])
    assert rates[2].tolist() == [0.0, 0.0, 0.0]
    costs = substitution_costs(seqs, 3, "trate")
    # TraMineR: 2 - P(j|i) - P(i|j)
    assert costs[0, 1] == pytest.approx(2 - 0.75 - 0.0)
    assert costs[1, 2] == pytest.approx(2 - 0.5 - 0.0)
    assert costs[0, 2] == pytest.approx(2.0)
    assert np.all(np.diag(costs) == 0)
    assert default_indel(costs) == pytest.approx(1.0)


def _brute(a: tuple[int, ...], b: tuple[int, ...], sub: np.ndarray, indel: float) -> float:
    """Every alignment tried: at each step delete a's head, insert b's head, or pair them."""

    @functools.cache
    def go(i: int, j: int) -> float:
        if i == len(a) and j == len(b):
            return 0.0
        options = []
        if i < len(a):
            options.append(indel + go(i + 1, j))
        if j < len(b):
            options.append(indel + go(i, j + 1))
        if i < len(a) and j < len(b):
            options.append(float(sub[a[i], b[j]]) + go(i + 1, j + 1))
        return min(options)

    return go(0, 0)


sequences_st = st.lists(st.integers(0, 2), min_size=0, max_size=7)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(sequences_st, min_size=2, max_size=5),
    st.sampled_from(["constant", "trate"]),
    st.sampled_from([0.5, 1.0, 1.5, None]),
)
def test_matrix_equals_exhaustive_alignment(seqs, method, indel):
    sub = substitution_costs(seqs, 3, method)
    gap = default_indel(sub) if indel is None else indel
    matrix = om_matrix(seqs, sub, gap)
    for i in range(len(seqs)):
        for j in range(len(seqs)):
            expected = 0.0 if i == j else _brute(tuple(seqs[i]), tuple(seqs[j]), sub, gap)
            assert matrix[i, j] == pytest.approx(expected)
            assert om_distance(seqs[i], seqs[j], sub, gap) == pytest.approx(expected)


@settings(max_examples=30, deadline=None)
@given(st.integers(3, 12), st.integers(0, 10_000), st.sampled_from(["ward", "average"]))
def test_linkage_matches_scipy(n, seed, method):
    from scipy.cluster.hierarchy import fcluster
    from scipy.cluster.hierarchy import linkage as scipy_linkage
    from scipy.spatial.distance import squareform

    rng = np.random.default_rng(seed)
    points = rng.normal(size=(n, 2))
    dist = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    ours = linkage(dist, method)
    theirs = scipy_linkage(squareform(dist, checks=False), method=method)
    assert ours[:, 2] == pytest.approx(theirs[:, 2])
    for k in range(1, n + 1):
        a = cut_tree(ours, n, k)
        b = fcluster(theirs, k, criterion="maxclust")
        # same partition, whatever the numbering
        pairs = {(int(x), int(y)) for x, y in zip(a, b, strict=True)}
        assert len(pairs) == len(set(a)) == len(set(b.tolist()))


def test_silhouette_by_hand():
    dist = np.array([[0, 1, 4, 5], [1, 0, 4, 5], [4, 4, 0, 1], [5, 5, 1, 0]], dtype=float)
    labels = np.array([0, 0, 1, 1])
    widths = silhouette(dist, labels)
    # member 0: a = 1, b = mean(4, 5) = 4.5 -> 1 - 1/4.5
    assert widths[0] == pytest.approx(1 - 1 / 4.5)
    # member 3: a = 1, b = mean(5, 5) = 5 -> 0.8
    assert widths[3] == pytest.approx(0.8)


def test_path_types_recover_planted_groups():
    on_time = ["A" * 10 + "B" * 10 + "C" * 10] * 4
    late = ["A" * 16 + "B" * 10 + "C" * 4] * 3
    skip = ["A" * 10 + "B" * 20] * 3
    texts = [*on_time, *late, *skip]
    # small jitter so the cases are not identical
    texts[1] = "A" * 11 + "B" * 9 + "C" * 10
    texts[5] = "A" * 15 + "B" * 11 + "C" * 4
    names = [f"c{i}" for i in range(len(texts))]
    result = path_types(names, [_seq(t) for t in texts], ["A", "B", "C"])
    assert len(result.types) == 3
    groups = {frozenset(t.members) for t in result.types}
    assert groups == {
        frozenset(names[:4]),
        frozenset(names[4:7]),
        frozenset(names[7:]),
    }
    medoids = {t.medoid_path for t in result.types}
    assert "A (10) > B (10) > C (10)" in medoids
    assert result.note == ""


def test_path_types_say_when_there_is_no_structure():
    texts = ["A" * 10 + "B" * 10] * 5
    result = path_types([f"c{i}" for i in range(5)], [_seq(t) for t in texts], ["A", "B"])
    assert len(result.types) == 1
    assert "same sequence" in result.note


def test_spells():
    assert spells(_seq("AAB"), "ABC") == "A (2) > B (1)"
    assert spells([], "ABC") == "empty"


@pytest.mark.parametrize("n", [0, 1, 2])
def test_too_few_cases_are_one_type_or_none_and_say_so(n):
    result = path_types([f"c{i}" for i in range(n)], [_seq("AAB")] * n, ["A", "B"])
    assert len(result.types) == (1 if n else 0)
    assert "too few to group" in result.note
    assert result.to_dict()["cases"] == [f"c{i}" for i in range(n)]


def test_types_closer_than_the_gap_are_one_type():
    # two groups one bin apart: distinct at a gap of 1 bin, one path at a gap of 2
    texts = ["A" * 10 + "B" * 10] * 4 + ["A" * 11 + "B" * 9] * 4
    seqs = [_seq(t) for t in texts]
    names = [f"c{i}" for i in range(8)]
    assert len(path_types(names, seqs, ["A", "B"], min_gap_bins=1).types) == 2
    merged = path_types(names, seqs, ["A", "B"], min_gap_bins=2)
    assert len(merged.types) == 1
    assert "differ by at least 2" in merged.note


@settings(max_examples=60, deadline=None)
@given(st.lists(sequences_st, min_size=2, max_size=6), st.sampled_from(["constant", "trate"]))
def test_normalised_distances_are_symmetric_and_within_bounds(seqs, method):
    sub = substitution_costs(seqs, 3, method)
    gap = default_indel(sub)
    raw = om_matrix(seqs, sub, gap)
    for norm in ("maxdist", "maxlength"):
        d = om_matrix(seqs, sub, gap, norm)
        assert np.allclose(d, d.T)
        assert np.all(np.diag(d) == 0)
        assert np.all(d >= 0)
        if norm == "maxdist":
            assert np.all(d <= 1 + 1e-12)
    # raw distances are a metric when the costs are (constant costs are)
    if method == "constant":
        n = len(seqs)
        for i in range(n):
            for j in range(n):
                for k in range(n):
                    assert raw[i, k] <= raw[i, j] + raw[j, k] + 1e-9
