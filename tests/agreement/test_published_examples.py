"""Published worked examples, reproduced to the precision their sources print."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.agreement import (
    MeasurementLevel,
    brennan_prediger_kappa,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
)

nan = np.nan

# Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
# Communication, University of Pennsylvania (repository.upenn.edu/asc_papers/43), section C:
# 4 observers (A-D) x 12 units, values 1-5, missing values. Rows here are units.
KRIPPENDORFF_2011 = np.array(
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
        [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    ]
).T


@pytest.mark.parametrize(
    ("level", "published"),
    [
        # Krippendorff (2011), section C: alpha_nominal = .743, alpha_ordinal = .815,
        # alpha_interval = .849, alpha_ratio = .797.
        (MeasurementLevel.NOMINAL, 0.743),
        (MeasurementLevel.ORDINAL, 0.815),
        (MeasurementLevel.INTERVAL, 0.849),
        (MeasurementLevel.RATIO, 0.797),
    ],
)
def test_krippendorff_2011_reliability_data(level: MeasurementLevel, published: float) -> None:
    result = krippendorff_alpha(KRIPPENDORFF_2011, level)
    assert result.value is not None
    assert round(result.value, 3) == published
    # Units 1-11 carry 2+ values; unit 12 (a single value) is not pairable; n.. = 40.
    assert result.n_units == 11
    assert result.n_pairable_values == 40


def test_krippendorff_2011_nominal_with_string_labels() -> None:
    # Same data with words as values: nominal alpha must not depend on the labels.
    words = {1.0: "a", 2.0: "b", 3.0: "c", 4.0: "d", 5.0: "e"}
    labelled = np.array(
        [[None if np.isnan(v) else words[v] for v in row] for row in KRIPPENDORFF_2011],
        dtype=object,
    )
    result = krippendorff_alpha(labelled)
    assert result.value is not None
    assert round(result.value, 3) == 0.743
    ordinal = krippendorff_alpha(labelled, "ordinal", categories=["a", "b", "c", "d", "e"])
    assert ordinal.value is not None
    assert round(ordinal.value, 3) == 0.815


# Wikipedia, "Fleiss' kappa", worked example: 14 raters assign 10 subjects to 5 categories
# (table of n_ij counts); the page gives P-bar = 0.378, P-bar_e = 0.213, kappa = 0.210.
# This is the Wikipedia example, not Fleiss (1971); Fleiss' own data follow below.
WIKIPEDIA_FLEISS_COUNTS = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def _raw_from_counts(counts: list[list[int]]) -> np.ndarray:
    return np.array([np.repeat(np.arange(len(row)), row) for row in counts])


def test_fleiss_kappa_wikipedia_example() -> None:
    result = fleiss_kappa(_raw_from_counts(WIKIPEDIA_FLEISS_COUNTS))
    assert result.value is not None
    assert round(result.observed_agreement or 0, 3) == 0.378
    assert round(result.expected_agreement or 0, 3) == 0.213
    assert round(result.value, 3) == 0.210


# Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological
# Bulletin 76(5):378-382: 6 psychiatrists x 30 patients, 5 diagnoses; Fleiss reports
# kappa = .430. Fleiss prints only the counts per category; the raw layout below is the one
# distributed as `diagnoses` with R's irr package (kappam.fleiss gives 0.4302445).
FLEISS_1971_DIAGNOSES = np.array(
    [
        [4, 4, 4, 4, 4, 4],
        [2, 2, 2, 5, 5, 5],
        [2, 3, 3, 3, 3, 5],
        [5, 5, 5, 5, 5, 5],
        [2, 2, 2, 4, 4, 4],
        [1, 1, 3, 3, 3, 3],
        [3, 3, 3, 3, 5, 5],
        [1, 1, 3, 3, 3, 4],
        [1, 1, 4, 4, 4, 4],
        [5, 5, 5, 5, 5, 5],
        [1, 4, 4, 4, 4, 4],
        [1, 2, 4, 4, 4, 4],
        [2, 2, 2, 3, 3, 3],
        [1, 4, 4, 4, 4, 4],
        [2, 2, 4, 4, 4, 5],
        [3, 3, 3, 3, 3, 5],
        [1, 1, 1, 4, 5, 5],
        [1, 1, 1, 1, 1, 2],
        [2, 2, 4, 4, 4, 4],
        [1, 3, 3, 5, 5, 5],
        [5, 5, 5, 5, 5, 5],
        [2, 4, 4, 4, 4, 4],
        [2, 2, 4, 5, 5, 5],
        [1, 1, 4, 4, 4, 4],
        [1, 4, 4, 4, 4, 5],
        [2, 2, 2, 2, 2, 4],
        [1, 1, 1, 1, 5, 5],
        [2, 2, 4, 4, 4, 4],
        [1, 3, 3, 3, 3, 3],
        [5, 5, 5, 5, 5, 5],
    ]
)


def test_fleiss_1971_psychiatric_diagnoses() -> None:
    # The category totals Fleiss tabulates (26, 26, 30, 55, 43) confirm the transcription.
    totals = np.bincount(FLEISS_1971_DIAGNOSES.ravel())[1:].tolist()
    assert totals == [26, 26, 30, 55, 43]
    result = fleiss_kappa(FLEISS_1971_DIAGNOSES)
    assert result.value is not None
    assert round(result.value, 3) == 0.430
    assert result.value == pytest.approx(0.4302445, abs=5e-8)


def _two_coder_table(table: list[list[int]]) -> np.ndarray:
    rows = [
        [first, second]
        for first, row in enumerate(table)
        for second, count in enumerate(row)
        for _ in range(count)
    ]
    return np.array(rows)


@pytest.mark.parametrize(
    ("table", "observed", "expected", "kappa"),
    [
        # Wikipedia, "Cohen's kappa", simple example: 50 grant applications, Yes/Yes 20,
        # Yes/No 5, No/Yes 10, No/No 15: p_o = 0.7, p_e = 0.5, kappa = 0.4.
        ([[20, 5], [10, 15]], 0.7, 0.5, 0.4),
        # Wikipedia, "Cohen's kappa", same-percentage-different-kappa examples:
        # [[45, 15], [25, 15]] gives kappa 0.1304 and [[25, 35], [5, 35]] gives 0.2593.
        ([[45, 15], [25, 15]], 0.6, 0.54, 0.1304),
        ([[25, 35], [5, 35]], 0.6, 0.46, 0.2593),
    ],
)
def test_cohen_kappa_wikipedia_examples(
    table: list[list[int]], observed: float, expected: float, kappa: float
) -> None:
    result = cohen_kappa(_two_coder_table(table))
    assert result.value is not None
    assert result.observed_agreement == pytest.approx(observed)
    assert result.expected_agreement == pytest.approx(expected)
    assert round(result.value, 4) == kappa


# Gwet, K. L. (2014). Handbook of Inter-Rater Reliability, 4th ed., Advanced Analytics,
# p. 120: 4 raters x 12 units, 5 categories, missing ratings (the Krippendorff 2011 layout,
# with unit 12's single rating given to rater 3). Gwet's irrCAC package prints for it:
# AC1 0.77544 (pa 0.81818, pe 0.19032), Fleiss' kappa 0.76117 (pe 0.23872),
# Brennan-Prediger 0.773 (pe 0.200). Each value was re-derived by hand from the table.
GWET_2014_P120 = np.array(
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, nan],
        [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 3],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    ]
).T


def test_gwet_ac1_handbook_example() -> None:
    result = gwet_ac1(GWET_2014_P120)
    assert result.value is not None
    assert round(result.observed_agreement or 0, 5) == 0.81818
    assert round(result.expected_agreement or 0, 5) == 0.19032
    assert round(result.value, 5) == 0.77544


def test_fleiss_generalised_kappa_handbook_example() -> None:
    result = fleiss_kappa(GWET_2014_P120)
    assert result.value is not None
    assert round(result.expected_agreement or 0, 5) == 0.23872
    assert round(result.value, 5) == 0.76117


def test_brennan_prediger_handbook_example() -> None:
    result = brennan_prediger_kappa(GWET_2014_P120)
    assert result.value is not None
    assert result.expected_agreement == pytest.approx(0.2)
    assert round(result.value, 3) == 0.773
    # By hand: pa = 9/11 (units 1-11; unit 6 contributes 0, unit 2 contributes 1/2, unit 8
    # contributes 1/2), so BP = (9/11 - 1/5) / (4/5).
    assert result.value == pytest.approx((9 / 11 - 0.2) / 0.8)


def test_pairwise_percent_agreement_is_the_pa_of_the_handbook_example() -> None:
    result = percent_agreement(GWET_2014_P120)
    assert result.value == pytest.approx(9 / 11)
