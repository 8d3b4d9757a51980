"""At the benchmark's scale the values still equal the ``krippendorff`` package's (1e-9).

Timing lives in ``bench/bench_agreement.py``; here only the values are checked.
"""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest

from workbench.agreement import align_units, krippendorff_alpha, synthetic_ratings


@pytest.mark.parametrize(("n_units", "n_values"), [(20_000, 2), (20_000, 5), (2_000, 50)])
def test_nominal_alpha_equals_the_reference_at_scale(n_units, n_values):
    data = synthetic_ratings(n_units, 10, n_values, seed=n_values)
    ours = krippendorff_alpha(data, "nominal").value
    ref = krippendorff.alpha(reliability_data=data.T, level_of_measurement="nominal")
    assert ours == pytest.approx(ref, abs=1e-9)


def test_alignment_at_scale_matches_a_per_character_count():
    rng = np.random.default_rng(0)
    length = 20_000
    cuts = np.sort(rng.choice(np.arange(1, length), 99, replace=False))
    bounds = np.concatenate(([0], cuts, [length]))
    units = np.column_stack((bounds[:-1], bounds[1:]))
    coders = []
    for _ in range(5):
        starts = rng.integers(0, length - 500, 100)
        coders.append(np.column_stack((starts, starts + rng.integers(1, 500, 100))))
    result = align_units(length, units, coders, min_share=0.5)
    for c, spans in enumerate(coders):
        covered = np.zeros(length, bool)
        for s, e in spans:
            covered[s:e] = True
        for u, (s, e) in enumerate(units):
            expected = covered[s:e].mean() >= 0.5
            assert bool(result.matrix[u, c]) == expected
