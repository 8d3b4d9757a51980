"""Verbal bands for coefficients."""

from __future__ import annotations

import pytest

from workbench.agreement import InterpretationScale, interpret


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (-0.1, "poor"),
        (0.0, "slight"),
        (0.20, "slight"),
        (0.21, "fair"),
        (0.40, "fair"),
        (0.55, "moderate"),
        (0.61, "substantial"),
        (0.80, "substantial"),
        (0.81, "almost perfect"),
        (1.0, "almost perfect"),
        (None, "undefined"),
    ],
)
def test_landis_koch_bands(value: float | None, label: str) -> None:
    assert interpret(value) == label


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (0.9, "reliable"),
        (0.800, "reliable"),
        (0.7, "tentative"),
        (0.667, "tentative"),
        (0.6669, "unreliable"),
        (None, "undefined"),
    ],
)
def test_krippendorff_bands(value: float | None, label: str) -> None:
    assert interpret(value, InterpretationScale.KRIPPENDORFF) == label
    assert interpret(value, "krippendorff") == label
