"""Phase assignment agreement and matched units."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.agreement import cohen_kappa, krippendorff_alpha
from workbench.agreement.matching import match_segments
from workbench.agreement.phase_assignment import PhaseAssignment, assign_phases, phase_agreement

nan = np.nan
PHASES = [(0.0, 99.0), (100.0, 199.0), (250.0, 399.0)]  # a gap between 200 and 249
NAMES = ["imitation", "adaptation", "innovation"]


def test_dates_fall_in_phases_straddle_or_lie_outside():
    start = np.array([[10.0, 150.0], [90.0, -50.0], [210.0, 500.0], [nan, 390.0]])
    end = np.array([[20.0, 150.0], [120.0, -40.0], [215.0, 510.0], [nan, 420.0]])
    result = assign_phases(start, end, PHASES, NAMES)
    assert result.labels == (
        "before imitation",
        "imitation",
        "adaptation",
        "innovation",
        "after innovation",
    )
    # [90, 120] has 10 days in imitation and 21 in adaptation: adaptation, straddling.
    expected = np.array([[1, 2], [2, 0], [2, 4], [nan, 3]])
    np.testing.assert_array_equal(result.category, expected)
    assert result.straddles.tolist() == [
        [False, False],
        [True, False],
        [False, False],
        [False, True],
    ]


def test_phase_agreement_counts_the_same_phase_and_kappa():
    category = np.array([[1, 1], [1, 2], [2, 2], [3, 3], [3, 2], [0, 1], [2, 2], [1, 1]], float)
    labels = assign_phases(category, category, PHASES, NAMES).labels
    assignment = PhaseAssignment(category, np.zeros(category.shape, bool), labels)
    result = phase_agreement(assignment, bootstrap_replicates=200, rng=1)
    assert result.same_phase == pytest.approx(5 / 8)
    assert result.kappa.value == pytest.approx(
        cohen_kappa(category, categories=[0, 1, 2, 3, 4]).value
    )
    assert result.alpha_ordinal.value == pytest.approx(
        krippendorff_alpha(category, "ordinal", categories=[0, 1, 2, 3, 4]).value
    )
    assert result.weighted_kappa.value > result.kappa.value  # near misses count less
    assert result.table[1][2] == 1  # one event: first coder imitation, second adaptation
    assert sum(map(sum, result.table)) == 8
    assert result.same_phase_interval is not None
    assert result.bootstrap_ordinal.lower <= result.alpha_ordinal.value


def test_segments_match_one_to_one_by_overlap():
    segments = {
        "ana": [(1, 0, 100), (2, 200, 260)],
        "ben": [(10, 50, 120), (11, 90, 95), (12, 400, 420)],
        "cat": [(20, 210, 250)],
    }
    units = match_segments(segments, ["ana", "ben", "cat"])
    members = [u.members for u in units]
    # ben's 50-120 overlaps ana's first segment most; ben's 90-95 stays alone.
    assert (1, 10, None) in members
    assert (None, 11, None) in members
    assert (2, None, 20) in members
    assert (None, 12, None) in members
    assert [u.n_coders for u in units if u.members == (1, 10, None)] == [2]
