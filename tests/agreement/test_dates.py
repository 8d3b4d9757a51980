"""Date agreement: shares, the median difference, and alpha with the range distance."""

from __future__ import annotations

import itertools

import krippendorff
import numpy as np
import pytest

from workbench.agreement.dates import date_agreement, range_alpha

nan = np.nan


def _brute_range_alpha(start: np.ndarray, end: np.ndarray) -> float:
    """Krippendorff's alpha from its definition, every pair of values spelt out."""

    def gap(a, b):
        return max(0.0, start_of[b] - end_of[a], start_of[a] - end_of[b]) ** 2

    start_of, end_of, unit_of = [], [], []
    for u in range(start.shape[0]):
        dated = [c for c in range(start.shape[1]) if not np.isnan(start[u, c])]
        if len(dated) < 2:
            continue
        for c in dated:
            start_of.append(start[u, c])
            end_of.append(end[u, c])
            unit_of.append(u)
    n = len(start_of)
    observed = 0.0
    for u in set(unit_of):
        members = [i for i in range(n) if unit_of[i] == u]
        observed += sum(gap(i, j) for i, j in itertools.permutations(members, 2)) / (
            len(members) - 1
        )
    expected = sum(gap(i, j) for i, j in itertools.permutations(range(n), 2))
    return 1.0 - (n - 1) * observed / expected


def _random_ranges(rng, n_units, n_coders, missing=0.2):
    start = rng.integers(0, 4000, size=(n_units, n_coders)).astype(float)
    length = rng.choice([0, 0, 29, 90, 364], size=(n_units, n_coders))
    end = start + length
    gone = rng.random((n_units, n_coders)) < missing
    start[gone] = nan
    end[gone] = nan
    return start, end


@pytest.mark.parametrize("seed", range(8))
def test_range_alpha_equals_its_definition(seed):
    rng = np.random.default_rng(seed)
    start, end = _random_ranges(rng, int(rng.integers(3, 25)), int(rng.integers(2, 5)))
    result = range_alpha(start, end)
    if result.value is None:
        return
    assert result.value == pytest.approx(_brute_range_alpha(start, end), abs=1e-9)


def test_day_precise_dates_give_interval_alpha_and_midpoints_too():
    rng = np.random.default_rng(3)
    days = rng.integers(0, 3000, size=(60, 3)).astype(float)
    days[rng.random(days.shape) < 0.15] = nan
    reference = krippendorff.alpha(reliability_data=days.T, level_of_measurement="interval")
    assert range_alpha(days, days).value == pytest.approx(reference, abs=1e-9)
    start, end = _random_ranges(rng, 60, 3)
    middle = (start + end) / 2.0
    result = date_agreement(start, end)
    reference = krippendorff.alpha(reliability_data=middle.T, level_of_measurement="interval")
    assert result.pooled.alpha_midpoint.value == pytest.approx(reference, abs=1e-9)


def test_a_coarser_date_that_contains_a_finer_one_is_not_a_disagreement():
    year_2004 = (12_419.0, 12_784.0)  # 2004-01-01 .. 2004-12-31 as day numbers
    march_2004 = (12_479.0, 12_509.0)
    start = np.array([[year_2004[0], march_2004[0]], [11_000.0, 11_000.0], [14_000, 14_500]])
    end = np.array([[year_2004[1], march_2004[1]], [11_000.0, 11_000.0], [14_000, 14_500]])
    result = date_agreement(start, end).pooled
    assert result.exact.value == pytest.approx(1 / 3)
    assert result.overlap.value == pytest.approx(2 / 3)
    assert result.nested == pytest.approx(1 / 3)
    # Without the last unit the only difference is the nested pair's precision: it costs
    # nothing under the range distance and about four months at the midpoints.
    two = date_agreement(start[:2], end[:2]).pooled
    assert two.alpha_range.value == pytest.approx(1.0)
    assert two.alpha_range.observed_disagreement == 0.0
    assert two.alpha_midpoint.value < 1.0
    assert two.alpha_midpoint.observed_disagreement > 0.0
    assert result.difference.median_days == pytest.approx(
        abs((year_2004[0] + year_2004[1]) / 2 - (march_2004[0] + march_2004[1]) / 2)
    )


def test_per_code_and_pooled_with_intervals_across_documents():
    rng = np.random.default_rng(11)
    n = 400
    truth = rng.integers(0, 3650, n).astype(float)
    noise = rng.normal(0, 30, n).round()
    start = np.column_stack((truth, truth + noise))
    end = start.copy()
    codes = rng.choice(["a", "b"], n)
    docs = rng.integers(0, 20, n)
    result = date_agreement(start, end, subjects=codes, clusters=docs)
    assert [c.subject for c in result.codes] == ["a", "b"]
    assert sum(c.n_units for c in result.codes) == result.pooled.n_units == n
    pooled = result.pooled
    for share in (pooled.exact, pooled.overlap):
        assert share.interval is not None
        assert share.interval.n_clusters == 20
    assert pooled.alpha_range.interval.lower < pooled.alpha_range.value
    assert pooled.difference.lower <= pooled.difference.median_days <= pooled.difference.upper


def test_the_alpha_interval_agrees_with_a_document_bootstrap():
    rng = np.random.default_rng(5)
    n_docs, per_doc = 30, 20
    start, docs = [], []
    for doc in range(n_docs):
        shift = rng.normal(0, 200)  # documents whose coders disagree more or less
        truth = rng.integers(0, 3650, per_doc).astype(float)
        second = truth + rng.normal(0, abs(shift), per_doc).round()
        start.append(np.column_stack((truth, second)))
        docs += [doc] * per_doc
    start = np.vstack(start)
    docs = np.array(docs)
    alpha = range_alpha(start, start, clusters=docs)
    replicates = []
    for _ in range(400):
        chosen = rng.integers(0, n_docs, n_docs)
        rows = np.concatenate([np.flatnonzero(docs == d) for d in chosen])
        replicates.append(range_alpha(start[rows], start[rows]).value)
    assert alpha.interval.standard_error == pytest.approx(np.std(replicates), rel=0.3)


def test_undated_and_impossible_input():
    start = np.array([[nan, 5.0], [nan, nan]])
    result = date_agreement(start, start).pooled
    assert result.n_units == 0
    assert result.alpha_range.value is None
    assert result.exact.value is None
    with pytest.raises(ValueError, match="ends before"):
        date_agreement(np.array([[5.0, 5.0]]), np.array([[4.0, 5.0]]))
    with pytest.raises(ValueError, match="start and its end"):
        date_agreement(np.array([[5.0, nan]]), np.array([[5.0, 5.0]]))
