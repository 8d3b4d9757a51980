"""Statistics that cannot be computed return value=None with a reason; they never raise."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.agreement import (
    MeasurementLevel,
    bootstrap_alpha,
    brennan_prediger_kappa,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
)
from workbench.agreement.errors import AgreementInputError

ALL_SAME = np.full((20, 3), 2.0)


@pytest.mark.parametrize("level", list(MeasurementLevel))
def test_alpha_undefined_when_every_value_is_the_same(level: MeasurementLevel) -> None:
    result = krippendorff_alpha(ALL_SAME, level)
    assert result.value is None
    assert result.observed_disagreement is None
    assert result.undefined_reason is not None
    assert "expected disagreement is 0" in result.undefined_reason


def test_alpha_undefined_for_repeated_non_representable_float() -> None:
    # 0.1 is not exact in binary: a naive mean-centred De would come out tiny, not 0.
    result = krippendorff_alpha(np.full((7, 3), 0.1), "interval")
    assert result.value is None


def test_alpha_undefined_without_pairable_units() -> None:
    data = np.array([[1.0, np.nan], [np.nan, 2.0], [np.nan, np.nan]])
    result = krippendorff_alpha(data)
    assert result.value is None
    assert result.n_units == 0
    assert result.undefined_reason == "no unit was rated by two or more coders"


def test_kappas_undefined_when_every_rating_is_the_same() -> None:
    for result in (cohen_kappa(ALL_SAME[:, :2]), fleiss_kappa(ALL_SAME)):
        assert result.value is None
        assert result.undefined_reason is not None
        assert result.observed_agreement == 1.0


def test_ac1_and_brennan_prediger_stay_defined_when_the_category_set_has_two_values() -> None:
    # Chance agreement of AC1 and BP is below 1 even without variation: both equal pa = 1.
    data = np.zeros((10, 3))
    assert gwet_ac1(data, categories=[0, 1]).value == 1.0
    assert brennan_prediger_kappa(data, categories=[0, 1]).value == 1.0
    # With only the one observed category, chance agreement cannot be defined.
    assert gwet_ac1(data).value is None
    assert brennan_prediger_kappa(data).undefined_reason is not None


def test_everything_undefined_on_empty_data() -> None:
    empty = np.zeros((0, 3))
    assert krippendorff_alpha(empty).value is None
    assert fleiss_kappa(empty).value is None
    assert gwet_ac1(empty, categories=[0, 1]).value is None
    assert percent_agreement(empty).value is None
    assert bootstrap_alpha(empty).lower is None


def test_bootstrap_undefined_when_alpha_is() -> None:
    result = bootstrap_alpha(ALL_SAME, rng=1)
    assert result.alpha is None
    assert result.q is None
    assert result.undefined_reason is not None


def test_malformed_input_is_an_input_error() -> None:
    with pytest.raises(AgreementInputError):
        krippendorff_alpha(np.zeros(5))
    with pytest.raises(AgreementInputError):
        cohen_kappa(np.zeros((4, 3)))
    with pytest.raises(AgreementInputError):
        krippendorff_alpha(np.array([["a", "b"], ["c", "a"]], dtype=object), "interval")
    with pytest.raises(AgreementInputError):
        krippendorff_alpha([[1, 2], [3, 4]], categories=[1, 2, 3])


def test_the_undefined_reason_names_the_value_as_a_reader_writes_it() -> None:
    from workbench.agreement import agreement_statistics

    stats = agreement_statistics(np.ones((5, 2)))
    reason = stats.krippendorff_alpha.undefined_reason
    assert reason is not None
    assert "every pairable value is 1:" in reason
    assert "np." not in reason
    words = krippendorff_alpha(np.array([["tacit", "tacit"], ["tacit", "tacit"]], dtype=object))
    assert "every pairable value is 'tacit'" in (words.undefined_reason or "")
