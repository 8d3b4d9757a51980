"""Parameters of a bracketing run, recorded verbatim in the manifest.

Every threshold that changes a conclusion (presence threshold, equivalence margin, alpha,
minimum phase length, tolerance) lives here, so a result can always say under which
choices a theme was called "continuous" or a frontier "supported".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from workbench.core.errors import InputError

__all__ = [
    "BIN_UNITS",
    "COST_KINDS",
    "COUNT_UNITS",
    "DOUBLE_CODING",
    "RESAMPLE_UNITS",
    "SEARCH_MODES",
    "BracketParams",
]

BIN_UNITS = ("day", "month", "quarter", "half", "year")
COUNT_UNITS = ("application", "presence")
COST_KINDS = ("multinomial", "poisson")
SEARCH_MODES = ("auto", "dp", "pelt")
DOUBLE_CODING = ("average", "all")
RESAMPLE_UNITS = ("source", "case")


@dataclass(frozen=True, slots=True)
class BracketParams:
    """Choices of a run.

    Lengths are given in calendar units (``min_phase_length`` of 6 ``"month"``) and turned
    into bins with the nominal length of a bin, so one setting means the same across bin
    units. ``dp_max_bins`` bounds the exact DP of the pooled proposal;
    ``secondary_max_bins`` bounds the searches repeated many times (bootstrap replicates,
    per-case views), which beyond it run coarse-to-fine so that a long daily grid stays
    linear. ``equivalence_margin`` is on the natural-log share-ratio scale: the default
    ``log(2)`` calls a theme continuous only if its share is shown neither to double nor
    to halve. A factor 1.5 asks for standard errors of the log share-ratio near 0.2, which
    studies of ~2,000 codings from ~70 sources do not have once clustering by source is
    counted: continuity then could never be shown (0 of 160 planted continuous themes).
    Researchers who need a tighter statement set the margin and see more "inconclusive".

    ``bootstrap`` is the number of source resamples behind every uncertainty (K choice,
    support, likely intervals, JSD intervals, p-values); it is on by default because a
    figure that ignores clustering within sources is not worth showing. ``bootstrap=0``
    switches inference off: the figures then say "not computed". ``double_coding``
    "average" weighs each coder's codings in a source coded by m coders by 1/m (a passage
    coded twice counts once); "all" counts every coding. ``resample`` is the independent
    unit of the resamples: "source" (default) or "case" (whole cases with all their
    sources; sources without a case stay units of their own) for studies where sources
    within a case echo each other; with few cases the figures get wide, as they should.
    """

    bin_unit: str = "month"
    count_unit: str = "application"
    cost: str = "multinomial"
    search: str = "auto"
    dp_max_bins: int = 5000
    secondary_max_bins: int = 400
    k_max: int = 8
    min_phase_length: float = 6.0
    min_phase_unit: str = "month"
    tolerance_length: float = 6.0
    tolerance_unit: str = "month"
    bootstrap: int = 200
    seed: int = 0
    alpha: float = 0.05
    profile_level: float = 0.95
    support_threshold: float = 0.7
    presence_threshold: float = 0.02
    equivalence_margin: float = math.log(2.0)
    n_dominant: int = 5
    n_exemplars: int = 3
    max_listed: int = 25
    min_case_events: int = 30
    max_cases: int = 50
    max_profile_points: int = 2000
    double_coding: str = "average"
    resample: str = "source"

    def __post_init__(self) -> None:
        checks = (
            (self.bin_unit in BIN_UNITS, f"bin_unit must be one of {BIN_UNITS}"),
            (self.min_phase_unit in BIN_UNITS, f"min_phase_unit must be one of {BIN_UNITS}"),
            (self.tolerance_unit in BIN_UNITS, f"tolerance_unit must be one of {BIN_UNITS}"),
            (self.count_unit in COUNT_UNITS, f"count_unit must be one of {COUNT_UNITS}"),
            (self.cost in COST_KINDS, f"cost must be one of {COST_KINDS}"),
            (self.search in SEARCH_MODES, f"search must be one of {SEARCH_MODES}"),
            (self.k_max >= 1, "k_max must be >= 1"),
            (self.dp_max_bins >= 10, "dp_max_bins must be >= 10"),
            (self.secondary_max_bins >= 10, "secondary_max_bins must be >= 10"),
            (self.min_phase_length > 0, "min_phase_length must be > 0"),
            (self.tolerance_length >= 0, "tolerance_length must be >= 0"),
            (self.bootstrap >= 0, "bootstrap must be >= 0"),
            (0 < self.alpha < 0.5, "alpha must be in (0, 0.5)"),
            (0 < self.profile_level < 1, "profile_level must be in (0, 1)"),
            (0 < self.support_threshold <= 1, "support_threshold must be in (0, 1]"),
            (0 <= self.presence_threshold < 1, "presence_threshold must be in [0, 1)"),
            (self.equivalence_margin > 0, "equivalence_margin must be > 0"),
            (self.double_coding in DOUBLE_CODING, f"double_coding must be one of {DOUBLE_CODING}"),
            (self.resample in RESAMPLE_UNITS, f"resample must be one of {RESAMPLE_UNITS}"),
        )
        for ok, message in checks:
            if not ok:
                raise InputError(message)
