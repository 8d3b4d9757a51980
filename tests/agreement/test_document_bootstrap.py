"""Intervals for |u-alpha, u-alpha (1995/2004) and mv-alpha by resampling documents.

Each replicate adds up per-document parts instead of recomputing; these tests check that
a replicate is exactly the coefficient computed directly on the drawn documents, and that
the intervals behave (hold the point estimate, hold the population value on simulated
studies; the bench measures coverage over 400 studies).
"""

from __future__ import annotations

import numpy as np
import pytest

# Krippendorff & Craggs (2016), Table 3 (mv-alpha 0.2865907, as the mvalpha package prints)
# and Krippendorff's (2004) unitizing example.
from tests.agreement.test_multivalued import TABLE_3
from tests.agreement.test_unitized_classic import TEXTBOOK
from workbench.agreement.document_bootstrap import (
    ONE_DOCUMENT,
    continuum_intervals,
    multi_valued_interval,
)
from workbench.agreement.multivalued import (
    multi_valued_alpha,
    multi_valued_alpha_from_parts,
    multi_valued_parts,
)
from workbench.agreement.synthetic import synthetic_continuum, synthetic_sets
from workbench.agreement.unitized import (
    binary_alpha_from_parts,
    binary_parts,
    binary_unitized_alpha,
)
from workbench.agreement.unitized_classic import (
    classic_alpha_from_parts,
    classic_parts,
    classic_unitized_alpha,
    classic_unitized_alpha_documents,
)


def _laid_end_to_end(docs, weights):
    offset = 0
    continuum: dict[str, list[tuple[int, int, str]]] = {c: [] for c in docs[0][1]}
    for (length, segments), times in zip(docs, weights, strict=True):
        for _ in range(int(times)):
            for coder, spans in segments.items():
                continuum[coder].extend((a + offset, b + offset, x) for a, b, x in spans)
            offset += length
    return offset, continuum


def _framed(seed: int, n: int = 6):
    """Documents whose every coder has a unit at the very start and end: laid end to end,
    no gap runs across a document's end, so the direct u-alpha (1995/2004) applies."""
    rng = np.random.default_rng(seed)
    docs = []
    for _ in range(n):
        length = int(rng.integers(120, 300))
        segments = {}
        for coder in ("a", "b", "c"):
            spans = [
                (0, int(rng.integers(2, 8)), "x"),
                (length - int(rng.integers(2, 8)), length, "x"),
            ]
            pos = 12
            while pos < length - 40:
                size = int(rng.integers(3, 20))
                if rng.random() < 0.6:
                    spans.append((pos, pos + size, "x"))
                pos += size + int(rng.integers(1, 25))
            segments[coder] = spans
        docs.append((length, segments))
    return docs


@pytest.mark.parametrize("seed", range(5))
def test_a_binary_replicate_is_binary_u_alpha_on_the_drawn_documents(seed):
    docs = synthetic_continuum(6, n_coders=3, seed=seed)
    weights = np.random.default_rng(seed).integers(0, 3, len(docs))
    weights[0] = max(weights[0], 1)
    parts = [binary_parts(length, segments, "x") for length, segments in docs]
    observed = sum(w * p[0] for w, p in zip(weights, parts, strict=True))
    self_pairs = sum(w * p[1] for w, p in zip(weights, parts, strict=True))
    direct = binary_unitized_alpha(*_laid_end_to_end(docs, weights), codes=["x"]).value
    assert binary_alpha_from_parts(observed, self_pairs) == pytest.approx(direct, abs=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_a_classic_replicate_is_u_alpha_on_the_drawn_documents(seed):
    docs = _framed(seed)
    weights = np.random.default_rng(100 + seed).integers(0, 3, len(docs)).astype(float)
    weights[0] = max(weights[0], 1)
    parts = [classic_parts(length, segments, ["x"])[0] for length, segments in docs]
    value, observed, expected = classic_alpha_from_parts(weights[None, :], parts)
    direct = classic_unitized_alpha(*_laid_end_to_end(docs, weights), categories=["x"])
    assert value[0] == pytest.approx(direct.overall.value, abs=1e-12)
    assert observed[0] == pytest.approx(direct.overall.observed_disagreement, abs=1e-15)
    assert expected[0] == pytest.approx(direct.overall.expected_disagreement, abs=1e-15)


def test_one_document_gives_the_textbook_figures():
    shifted = {c: [(a - 150, b - 150, x) for a, b, x in s] for c, s in TEXTBOOK.items()}
    c, k = classic_unitized_alpha_documents([(300, shifted)], ["c", "k"])
    assert round(c.value, 4) == 0.7286
    assert k.value == 1.0


def test_classic_u_alpha_over_documents_does_not_depend_on_their_order():
    docs = synthetic_continuum(5, seed=4)
    forward = classic_unitized_alpha_documents(docs, ["x"])[0].value
    backward = classic_unitized_alpha_documents(docs[::-1], ["x"])[0].value
    assert forward == pytest.approx(backward, abs=1e-14)


@pytest.mark.parametrize("seed", range(5))
def test_an_mv_replicate_is_mv_alpha_on_the_drawn_units(seed):
    data, owners = synthetic_sets(7, units_per_document=6, n_coders=3, seed=seed)
    rng = np.random.default_rng(seed)
    for row in data:  # some missing ratings
        if rng.random() < 0.2:
            row[int(rng.integers(0, 3))] = None
    parts = multi_valued_parts(data, owners, 7)
    weights = rng.integers(0, 3, 7)
    weights[0] = max(weights[0], 1)
    drawn = [row for row, d in zip(data, owners, strict=True) for _ in range(weights[d])]
    direct = multi_valued_alpha(drawn).value
    assert multi_valued_alpha_from_parts(weights[None, :], parts)[0] == pytest.approx(
        direct, abs=1e-12
    )


def test_mv_parts_reproduce_table_3():
    parts = multi_valued_parts(TABLE_3, list(range(len(TABLE_3))), len(TABLE_3))
    value = multi_valued_alpha_from_parts(np.ones((1, len(TABLE_3))), parts)[0]
    assert round(float(value), 7) == 0.2865907


def test_intervals_hold_the_point_estimate_and_say_how_they_were_made():
    docs = synthetic_continuum(15, seed=3)
    found = continuum_intervals(docs, ["x"], n_replicates=300, rng=1)
    binary, why = found.binary["x"]
    assert why is None
    assert binary is not None
    point = binary_unitized_alpha(*_laid_end_to_end(docs, [1] * 15), codes=["x"]).value
    assert binary.lower < point < binary.upper
    assert "15 documents" in binary.method
    classic, _ = found.classic["x"]
    assert classic is not None
    assert classic.lower < classic_unitized_alpha_documents(docs, ["x"])[0].value < classic.upper


def test_one_document_has_no_interval_and_says_why():
    found = continuum_intervals(synthetic_continuum(1), ["x"], n_replicates=50)
    assert found.binary["x"] == (None, ONE_DOCUMENT)
    data, owners = synthetic_sets(1)
    interval, why = multi_valued_interval(data, owners, n_replicates=50)
    assert interval is None
    assert "fewer than two documents" in why
    interval, why = multi_valued_interval(data, None, n_replicates=50)  # units independent
    assert interval is not None
    assert "units" in interval.method


def test_the_intervals_hold_the_population_value_on_simulated_studies():
    """A small version of the bench's coverage study (400 studies there)."""
    population = synthetic_continuum(600, seed=1)
    truth_binary = binary_unitized_alpha(
        *_laid_end_to_end(population, [1] * 600), codes=["x"]
    ).value
    truth_classic = classic_unitized_alpha_documents(population, ["x"])[0].value
    sets, _ = synthetic_sets(600, seed=2)
    truth_mv = multi_valued_alpha(sets).value
    hits = {"binary": 0, "classic": 0, "mv": 0}
    studies = 30
    for study in range(studies):
        docs = synthetic_continuum(20, seed=500 + study)
        found = continuum_intervals(docs, ["x"], n_replicates=200, rng=study)
        sample, groups = synthetic_sets(20, seed=900 + study)
        mv, _ = multi_valued_interval(sample, groups, n_replicates=200, rng=study)
        for key, interval, truth in (
            ("binary", found.binary["x"][0], truth_binary),
            ("classic", found.classic["x"][0], truth_classic),
            ("mv", mv, truth_mv),
        ):
            assert interval is not None
            hits[key] += interval.lower <= truth <= interval.upper
    assert all(h >= 0.8 * studies for h in hits.values()), hits
