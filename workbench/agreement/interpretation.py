"""Verbal bands for agreement coefficients, so reports say "substantial", not just 0.71.

Two conventions, and they are not interchangeable:

* Landis & Koch (1977, Biometrics 33:159-174) for kappa-type coefficients: below 0 poor,
  0-0.20 slight, 0.21-0.40 fair, 0.41-0.60 moderate, 0.61-0.80 substantial, 0.81-1 almost
  perfect. Bands are closed on the right (0.40 is fair).
* Krippendorff (2004, Content Analysis 2nd ed., p. 241) for alpha: alpha >= 0.800 reliable;
  0.667 <= alpha < 0.800 only tentative conclusions; below 0.667 unreliable.
"""

from __future__ import annotations

from enum import StrEnum


class InterpretationScale(StrEnum):
    LANDIS_KOCH = "landis_koch"
    KRIPPENDORFF = "krippendorff"


UNDEFINED = "undefined"

_LANDIS_KOCH = (
    (0.20, "slight"),
    (0.40, "fair"),
    (0.60, "moderate"),
    (0.80, "substantial"),
    (1.00, "almost perfect"),
)


def interpret(
    value: float | None, scale: InterpretationScale | str = InterpretationScale.LANDIS_KOCH
) -> str:
    """Short label for ``value`` on ``scale``; ``None`` (an undefined statistic) is "undefined"."""
    scale = InterpretationScale(scale)
    if value is None:
        return UNDEFINED
    if scale is InterpretationScale.KRIPPENDORFF:
        if value >= 0.800:
            return "reliable"
        if value >= 0.667:
            return "tentative"
        return "unreliable"
    if value < 0.0:
        return "poor"
    for upper, label in _LANDIS_KOCH:
        if value <= upper:
            return label
    return "almost perfect"
