"""Cross-checks against independent implementations on random data.

Alpha is compared with the ``krippendorff`` package at all four levels with missing data.
Cohen, Fleiss, AC1, Brennan-Prediger and the percent agreements are compared with plain
loop implementations written here straight from the textbook formulas.
"""

from __future__ import annotations

import itertools
import math

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.agreement import (
    MeasurementLevel,
    PercentAgreementDefinition,
    brennan_prediger_kappa,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
)


def _random_matrix(rng: np.random.Generator) -> np.ndarray:
    n_units = int(rng.integers(2, 40))
    n_coders = int(rng.integers(2, 7))
    n_values = int(rng.integers(2, 8))
    scale = float(rng.choice([1.0, 0.5, 3.7]))
    data = rng.integers(0, n_values, size=(n_units, n_coders)).astype(float) * scale + 1.0
    data[rng.random(data.shape) < rng.uniform(0.0, 0.5)] = np.nan
    return data


@pytest.mark.parametrize("level", list(MeasurementLevel))
def test_alpha_matches_krippendorff_package(level: MeasurementLevel) -> None:
    rng = np.random.default_rng(20240611)
    compared = 0
    for _ in range(150):
        data = _random_matrix(rng)
        ours = krippendorff_alpha(data, level)
        try:
            with np.errstate(all="ignore"):
                reference = float(
                    krippendorff.alpha(reliability_data=data.T, level_of_measurement=level.value)
                )
        except ValueError:
            reference = math.nan  # the package refuses data with no pairable unit or one value
        if math.isnan(reference):
            assert ours.value is None
            assert ours.undefined_reason
            continue
        assert ours.value is not None
        assert ours.value == pytest.approx(reference, abs=1e-9)
        compared += 1
    assert compared > 100


def test_alpha_with_many_values_matches_krippendorff_package() -> None:
    # 60 categories: the sorting path of the coincidence count, not the dense one.
    rng = np.random.default_rng(7)
    data = rng.integers(0, 60, size=(300, 4)).astype(float)
    data[rng.random(data.shape) < 0.2] = np.nan
    for level in MeasurementLevel:
        reference = krippendorff.alpha(reliability_data=data.T, level_of_measurement=level.value)
        assert krippendorff_alpha(data, level).value == pytest.approx(reference, abs=1e-9)


# ---- plain reference implementations -------------------------------------------------------


def _rows(data: list[list[int | None]]) -> list[list[int]]:
    return [[v for v in row if v is not None] for row in data]


def reference_cohen(data: list[list[int | None]]) -> float | None:
    pairs = [(a, b) for a, b in data if a is not None and b is not None]
    if not pairs:
        return None
    n = len(pairs)
    categories = sorted({v for pair in pairs for v in pair})
    observed = sum(a == b for a, b in pairs) / n
    expected = sum(
        (sum(a == c for a, _ in pairs) / n) * (sum(b == c for _, b in pairs) / n)
        for c in categories
    )
    return None if expected == 1 else (observed - expected) / (1 - expected)


def reference_pa(data: list[list[int | None]]) -> float | None:
    shares = []
    for ratings in _rows(data):
        if len(ratings) >= 2:
            pairs = list(itertools.combinations(ratings, 2))
            shares.append(sum(a == b for a, b in pairs) / len(pairs))
    return sum(shares) / len(shares) if shares else None


def reference_pi(data: list[list[int | None]], categories: list[int]) -> dict[int, float]:
    rated = [ratings for ratings in _rows(data) if ratings]
    return {
        c: sum(ratings.count(c) / len(ratings) for ratings in rated) / len(rated)
        for c in categories
    }


def reference_multirater(data: list[list[int | None]], kind: str) -> float | None:
    pa = reference_pa(data)
    categories = sorted({v for ratings in _rows(data) for v in ratings})
    q = len(categories)
    if pa is None or q < 2:
        return None
    pi = reference_pi(data, categories)
    if kind == "fleiss":
        pe = sum(p * p for p in pi.values())
    elif kind == "ac1":
        pe = sum(p * (1 - p) for p in pi.values()) / (q - 1)
    else:
        pe = 1 / q
    return (pa - pe) / (1 - pe)


def reference_unanimous(data: list[list[int | None]]) -> float | None:
    rated = [ratings for ratings in _rows(data) if len(ratings) >= 2]
    return sum(len(set(r)) == 1 for r in rated) / len(rated) if rated else None


def reference_per_coder(data: list[list[int | None]]) -> float | None:
    n_coders = len(data[0])
    scores = []
    for coder in range(n_coders):
        partner_scores = []
        for partner in range(n_coders):
            if partner == coder:
                continue
            shared = [
                (row[coder], row[partner])
                for row in data
                if row[coder] is not None and row[partner] is not None
            ]
            if shared:
                partner_scores.append(sum(a == b for a, b in shared) / len(shared))
        if partner_scores:
            scores.append(sum(partner_scores) / len(partner_scores))
    return sum(scores) / len(scores) if scores else None


def _as_array(data: list[list[int | None]]) -> np.ndarray:
    return np.array(data, dtype=object)


reliability_data = st.integers(min_value=2, max_value=5).flatmap(
    lambda n_coders: st.lists(
        st.lists(
            st.one_of(st.none(), st.integers(min_value=0, max_value=3)),
            min_size=n_coders,
            max_size=n_coders,
        ),
        min_size=1,
        max_size=25,
    )
)
two_coder_data = st.lists(
    st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=2, max_size=2),
    min_size=1,
    max_size=40,
)


def _agree(ours: float | None, reference: float | None) -> bool:
    if reference is None:
        return ours is None
    return ours is not None and math.isclose(ours, reference, abs_tol=1e-12)


@settings(max_examples=100, deadline=None)
@given(two_coder_data)
def test_cohen_matches_reference(data: list[list[int | None]]) -> None:
    assert _agree(cohen_kappa(_as_array(data)).value, reference_cohen(data))


@settings(max_examples=100, deadline=None)
@given(reliability_data)
def test_multirater_coefficients_match_reference(data: list[list[int | None]]) -> None:
    array = _as_array(data)
    assert _agree(fleiss_kappa(array).value, reference_multirater(data, "fleiss"))
    assert _agree(gwet_ac1(array).value, reference_multirater(data, "ac1"))
    assert _agree(brennan_prediger_kappa(array).value, reference_multirater(data, "bp"))


@settings(max_examples=100, deadline=None)
@given(reliability_data)
def test_percent_agreements_match_reference(data: list[list[int | None]]) -> None:
    array = _as_array(data)
    pairwise = percent_agreement(array, PercentAgreementDefinition.PAIRWISE)
    unanimous = percent_agreement(array, PercentAgreementDefinition.UNANIMOUS)
    per_coder = percent_agreement(array, PercentAgreementDefinition.PER_CODER)
    assert pairwise.definition is PercentAgreementDefinition.PAIRWISE
    assert _agree(pairwise.value, reference_pa(data))
    assert _agree(unanimous.value, reference_unanimous(data))
    assert _agree(per_coder.value, reference_per_coder(data))


@settings(max_examples=100, deadline=None)
@given(reliability_data)
def test_alpha_is_invariant_to_relabelling(data: list[list[int | None]]) -> None:
    # Nominal alpha only sees equal/unequal: mapping ints to strings must not change it.
    words = _as_array([[None if v is None else f"code-{v}" for v in row] for row in data])
    first = krippendorff_alpha(_as_array(data))
    second = krippendorff_alpha(words)
    assert (first.value is None) == (second.value is None)
    if first.value is not None:
        assert second.value == pytest.approx(first.value, abs=1e-12)


def test_percent_definitions_coincide_for_two_complete_coders() -> None:
    rng = np.random.default_rng(3)
    data = rng.integers(0, 3, size=(50, 2))
    values = {
        definition: percent_agreement(data, definition).value
        for definition in PercentAgreementDefinition
    }
    assert len({round(v or 0, 12) for v in values.values()}) == 1
    assert values[PercentAgreementDefinition.PAIRWISE] == pytest.approx(
        float(np.mean(data[:, 0] == data[:, 1]))
    )


def test_per_coder_agreement_singles_out_the_deviant_coder() -> None:
    rng = np.random.default_rng(5)
    truth = rng.integers(0, 4, 200)
    data = np.column_stack([truth, truth, truth, rng.integers(0, 4, 200)])
    result = percent_agreement(data, "per_coder")
    assert result.per_coder is not None
    scores = [s for s in result.per_coder if s is not None]
    assert int(np.argmin(scores)) == 3
    assert scores[0] > scores[3] + 0.3
