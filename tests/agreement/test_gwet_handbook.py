"""Gwet's (2014) Handbook examples: every coefficient, weighted, with its interval.

Expected figures are those Gwet's irrCAC package prints for the Handbook's data sets (its
test-suite and documentation carry them to three decimals): pa, pe, the coefficient, its
standard error and its 95% t interval (upper end capped at 1). Data sets, as published
with irrCAC: ``raw4raters`` (Handbook p. 120, 4 raters x 12 units, values 1-5, missing
ratings), ``raw5observers`` (p. 125, 5 observers x 15 units, values 0-3), ``g1g2``,
``gender`` and ``ben_gerry`` (letter categories), and the two-rater contingency tables
``cont3x3abstractors`` (100 pregnancies) and ``cont4x4diagnosis`` (223 patients).
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.agreement.test_published_examples import GWET_2014_P120 as RAW4RATERS
from workbench.agreement import (
    AgreementInputError,
    agreement_weights,
    brennan_prediger_kappa,
    cohen_kappa,
    conger_kappa,
    fleiss_kappa,
    gwet_ac1,
    gwet_ac2,
    scott_pi,
)

nan = np.nan
N = None

RAW5OBSERVERS = np.array(
    [
        [1, 1, 2, nan, 0, 0, 1, 1, 2, 2, nan, 0, 1, 3, 1],
        [1, 1, 3, 0, 0, 0, 0, nan, 2, 1, 1, 0, 2, 3, 1],
        [2, 0, 3, 0, 0, 0, 2, 2, 2, 1, 0, 0, 2, 2, 1],
        [nan, 1, 3, nan, nan, nan, nan, 0, nan, 1, 0, 0, 2, 2, nan],
        [2, nan, nan, 0, 0, 0, 1, nan, 2, nan, nan, nan, nan, 3, 1],
    ]
).T
G1G2 = np.array(
    [
        ["a", "b", "c", "c", "b", "a", "d", "a", "b", N, N, N, "b", "b"],
        ["a", "b", "c", "c", "b", "b", "d", "a", "b", "e", N, N, "b", "a"],
        [N, "c", "c", "c", "b", "c", "d", "b", "b", "e", "a", "c", "c", "c"],
        ["a", "b", "c", "c", "b", "d", "d", "a", "b", "e", "a", N, "b", "b"],
    ],
    dtype=object,
).T
GENDER = np.array(
    [
        ["a", "a", "a", "a", "a", "b", "b", "b", "c", "a", "a", "a", "a", "a", "b"],
        ["a", "a", "a", "a", "b", "a", "b", "c", "c", "a", "a", "a", "a", "b", "a"],
        ["a", "b", "b", "c", "a", "a", "b", "b", "c", "a", "b", "b", "c", "a", "a"],
        ["c", "c", "c", "c", "a", "a", "b", "b", "c", "c", "c", "c", "c", "a", "a"],
    ],
    dtype=object,
).T
BEN_GERRY = np.array(
    [
        ["a", "a", "b", "b", "d", "c", "c", "c", "e", "d", "d", "a"],
        ["b", "a", "b", "b", "b", "c", "c", "c", "e", N, "d", "d"],
    ],
    dtype=object,
).T


def _from_table(table: list[list[int]]) -> np.ndarray:
    """Raw ratings (categories 1..q) from a two-rater contingency table."""
    return (
        np.array(
            [[a, b] for a, row in enumerate(table) for b, c in enumerate(row) for _ in range(c)]
        )
        + 1
    )


ABSTRACTORS = _from_table([[13, 0, 0], [0, 20, 7], [0, 4, 56]])
DIAGNOSIS = _from_table([[40, 4, 4, 17], [6, 25, 2, 13], [4, 1, 21, 12], [15, 5, 9, 45]])

CUSTOM = np.array(
    [
        [1.00, 0.75, 0.50, 0.25, 0.00],
        [0.00, 1.00, 0.75, 0.50, 0.25],
        [0.25, 0.00, 1.00, 0.75, 0.50],
        [0.50, 0.25, 0.00, 1.00, 0.75],
        [0.75, 0.50, 0.25, 0.00, 1.00],
    ]
)


def _check(result, value, *, pa=None, pe=None, se=None, lower=None, upper=None) -> None:
    assert result.value is not None
    assert round(result.value, 3) == value
    if pa is not None:
        assert round(result.observed_agreement, 3) == pa
    if pe is not None:
        assert round(result.expected_agreement, 3) == pe
    interval = result.interval
    assert interval is not None
    if se is not None:
        assert round(interval.standard_error, 3) == se
    if lower is not None:
        assert round(interval.lower, 3) == lower
    if upper is not None:
        assert round(interval.upper, 3) == upper


# (weights, pa, pe, coefficient, se, lower); every upper end is capped at 1.
CONGER_RAW4RATERS = [
    ("identity", 0.818, 0.233, 0.763, 0.149, 0.435),
    ("linear", 0.939, 0.675, 0.814, 0.145, 0.494),
    ("quadratic", 0.975, 0.827, 0.858, 0.144, 0.541),
    ("ordinal", 0.968, 0.796, 0.844, 0.144, 0.526),
    ("radical", 0.897, 0.515, 0.788, 0.146, 0.466),
    ("ratio", 0.954, 0.756, 0.812, 0.149, 0.485),
    ("circular", 0.902, 0.499, 0.805, 0.147, 0.481),
    ("bipolar", 0.968, 0.796, 0.845, 0.142, 0.532),
    ("custom", 0.886, 0.521, 0.763, 0.149, 0.435),
]
AC_RAW4RATERS = [
    ("identity", 0.818, 0.190, 0.775, 0.143, 0.461),
    ("linear", 0.939, 0.571, 0.859, 0.117, 0.600),
    ("quadratic", 0.975, 0.714, 0.914, 0.104, 0.685),
    ("ordinal", 0.968, 0.685, 0.899, 0.107, 0.664),
    ("radical", 0.897, 0.430, 0.820, 0.128, 0.537),
    ("ratio", 0.954, 0.678, 0.857, 0.122, 0.589),
    ("circular", 0.902, 0.426, 0.830, 0.133, 0.538),
    ("bipolar", 0.968, 0.682, 0.900, 0.106, 0.667),
]
FLEISS_RAW4RATERS = [
    ("identity", 0.818, 0.239, 0.761, 0.153, 0.424),
    ("linear", 0.939, 0.667, 0.818, 0.149, 0.491),
    ("quadratic", 0.975, 0.818, 0.865, 0.146, 0.544),
    ("ordinal", 0.968, 0.788, 0.850, 0.147, 0.527),
    ("radical", 0.897, 0.511, 0.790, 0.150, 0.460),
    ("ratio", 0.954, 0.743, 0.821, 0.152, 0.486),
    ("circular", 0.902, 0.494, 0.807, 0.149, 0.479),
    ("bipolar", 0.968, 0.785, 0.853, 0.145, 0.535),
]


def _weights(name: str):
    return CUSTOM if name == "custom" else name


@pytest.mark.parametrize(("weights", "pa", "pe", "value", "se", "lower"), CONGER_RAW4RATERS)
def test_conger_kappa_raw4raters(weights, pa, pe, value, se, lower):
    result = conger_kappa(RAW4RATERS, weights=_weights(weights))
    _check(result, value, pa=pa, pe=pe, se=se, lower=lower, upper=1.0)


@pytest.mark.parametrize(("weights", "pa", "pe", "value", "se", "lower"), AC_RAW4RATERS)
def test_gwet_ac1_and_ac2_raw4raters(weights, pa, pe, value, se, lower):
    result = gwet_ac2(RAW4RATERS, weights=weights)
    assert result.coefficient == ("gwet_ac1" if weights == "identity" else "gwet_ac2")
    _check(result, value, pa=pa, pe=pe, se=se, lower=lower, upper=1.0)


@pytest.mark.parametrize(("weights", "pa", "pe", "value", "se", "lower"), FLEISS_RAW4RATERS)
def test_fleiss_kappa_raw4raters(weights, pa, pe, value, se, lower):
    result = fleiss_kappa(RAW4RATERS, weights=weights)
    _check(result, value, pa=pa, pe=pe, se=se, lower=lower, upper=1.0)


# data, (Conger: pa, pe, value, se, lower, upper), (AC1: pe, value, se, lower, upper),
# (Fleiss: pe, value, se, lower, upper)
RAW_SETS = [
    (
        RAW5OBSERVERS,
        (0.616, 0.276, 0.469, 0.117, 0.219, 0.719),
        (0.236, 0.497, 0.122, 0.235, 0.758),
        (0.291, 0.458, 0.120, 0.199, 0.716),
    ),
    (
        G1G2,
        (0.744, 0.249, 0.659, 0.146, 0.343, 0.974),
        (0.187, 0.685, 0.134, 0.396, 0.973),
        (0.252, 0.657, 0.150, 0.333, 0.981),
    ),
    (
        GENDER,
        (0.456, 0.347, 0.166, 0.121, -0.094, 0.426),
        (0.312, 0.208, 0.091, 0.014, 0.403),
        (0.375, 0.129, 0.141, -0.172, 0.430),
    ),
    (
        BEN_GERRY,
        (0.727, 0.205, 0.657, 0.179, 0.262, 1.0),
        (0.194, 0.661, 0.184, 0.257, 1.0),
        (0.222, 0.649, 0.191, 0.228, 1.0),
    ),
]


@pytest.mark.parametrize(("data", "conger", "ac1", "fleiss"), RAW_SETS)
def test_raw_data_sets_with_missing_ratings(data, conger, ac1, fleiss):
    pa, pe, value, se, lower, upper = conger
    _check(conger_kappa(data), value, pa=pa, pe=pe, se=se, lower=lower, upper=upper)
    pe, value, se, lower, upper = ac1
    _check(gwet_ac1(data), value, pa=pa, pe=pe, se=se, lower=lower, upper=upper)
    pe, value, se, lower, upper = fleiss
    _check(fleiss_kappa(data), value, pa=pa, pe=pe, se=se, lower=lower, upper=upper)


# weights: (Cohen value, lower, upper), (Scott value, se, lower, upper)
ABSTRACTOR_TABLE = [
    ("identity", (0.796, 0.680, 0.913), (0.796, 0.059, 0.679, 0.913)),
    ("linear", (0.843, 0.748, 0.938), (0.843, 0.048, 0.748, 0.938)),
    ("quadratic", (0.892, 0.822, 0.962), (0.892, 0.035, 0.822, 0.962)),
    ("ordinal", (0.872, 0.791, 0.953), (0.872, 0.041, 0.791, 0.953)),
    ("radical", (0.819, 0.712, 0.925), (0.819, 0.054, 0.712, 0.925)),
    ("ratio", (0.927, 0.876, 0.977), (0.927, 0.025, 0.876, 0.977)),
    ("circular", (0.796, 0.680, 0.913), (0.796, 0.059, 0.679, 0.913)),
    ("bipolar", (0.872, 0.791, 0.953), (0.872, 0.041, 0.791, 0.953)),
]
# weights: (Cohen value, se, lower, upper), (Scott value, se, lower, upper)
DIAGNOSIS_TABLE = [
    ("identity", (0.432, 0.046, 0.341, 0.522), (0.430, 0.046, 0.339, 0.521)),
    ("linear", (0.407, 0.053, 0.302, 0.512), (0.406, 0.054, 0.300, 0.511)),
    ("quadratic", (0.383, 0.066, 0.254, 0.513), (0.382, 0.066, 0.252, 0.512)),
    ("ordinal", (0.390, 0.062, 0.269, 0.512), (0.389, 0.062, 0.267, 0.511)),
    ("radical", (0.419, 0.048, 0.324, 0.515), (0.418, 0.049, 0.322, 0.514)),
    ("ratio", (0.413, 0.063, 0.288, 0.538), (0.412, 0.063, 0.287, 0.538)),
    ("circular", (0.446, 0.049, 0.350, 0.542), (0.444, 0.049, 0.347, 0.541)),
    ("bipolar", (0.387, 0.061, 0.267, 0.507), (0.386, 0.061, 0.265, 0.506)),
]


@pytest.mark.parametrize(("weights", "cohen", "scott"), ABSTRACTOR_TABLE)
def test_weighted_cohen_and_scott_abstractors(weights, cohen, scott):
    value, lower, upper = cohen
    _check(cohen_kappa(ABSTRACTORS, weights=weights), value, lower=lower, upper=upper)
    value, se, lower, upper = scott
    _check(scott_pi(ABSTRACTORS, weights=weights), value, se=se, lower=lower, upper=upper)


@pytest.mark.parametrize(("weights", "cohen", "scott"), DIAGNOSIS_TABLE)
def test_weighted_cohen_and_scott_diagnosis(weights, cohen, scott):
    value, se, lower, upper = cohen
    _check(cohen_kappa(DIAGNOSIS, weights=weights), value, se=se, lower=lower, upper=upper)
    value, se, lower, upper = scott
    _check(scott_pi(DIAGNOSIS, weights=weights), value, se=se, lower=lower, upper=upper)


def test_two_rater_ac1_and_ac2_on_the_abstractor_table():
    # irrCAC documentation: AC1 0.84933 (pe 0.26992), AC2 quadratic 0.94024 (pe 0.53985,
    # interval 0.90468 to 0.97579).
    ac1 = gwet_ac1(ABSTRACTORS)
    assert round(ac1.value, 5) == 0.84933
    assert round(ac1.expected_agreement, 5) == 0.26992
    ac2 = gwet_ac2(ABSTRACTORS, weights="quadratic")
    assert round(ac2.value, 5) == 0.94024
    assert round(ac2.expected_agreement, 5) == 0.53985
    assert round(ac2.interval.lower, 3) == 0.905
    assert round(ac2.interval.upper, 3) == 0.976


def test_brennan_prediger_interval_raw4raters():
    result = brennan_prediger_kappa(RAW4RATERS)
    assert round(result.value, 3) == 0.773
    assert result.interval is not None
    assert result.interval.lower < result.value < result.interval.upper


def test_conger_equals_cohen_and_fleiss_equals_scott_with_two_complete_coders():
    rng = np.random.default_rng(3)
    data = rng.integers(0, 4, size=(60, 2))
    assert conger_kappa(data).value == pytest.approx(cohen_kappa(data).value, abs=1e-12)
    assert fleiss_kappa(data).value == pytest.approx(scott_pi(data).value, abs=1e-12)
    for weights in ("linear", "quadratic"):
        assert conger_kappa(data, weights=weights).value == pytest.approx(
            cohen_kappa(data, weights=weights).value, abs=1e-12
        )


def test_weights_are_checked():
    labels = np.array([1.0, 2.0, 3.0])
    assert np.allclose(agreement_weights("linear", labels)[0], [1.0, 0.5, 0.0])
    assert np.allclose(agreement_weights("quadratic", labels)[0], [1.0, 0.75, 0.0])
    with pytest.raises(AgreementInputError, match="3 x 3"):
        agreement_weights(np.eye(2), labels)
    with pytest.raises(AgreementInputError, match="diagonal"):
        agreement_weights(np.zeros((3, 3)), labels)
    with pytest.raises(AgreementInputError, match="unknown weights"):
        agreement_weights("cubic", labels)
