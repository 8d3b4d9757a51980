"""Frozen result records returned by every statistic in the package.

Results are plain data so that reports, the CLI and tests can read them without knowing how
they were computed. A statistic that cannot be computed on the data at hand (no pairable
units, no variation) is still a result: ``value`` is ``None`` and ``undefined_reason`` says
why, so a report over fifty codes never dies on the one code nobody used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Hashable

    from workbench.agreement.distance import MeasurementLevel
    from workbench.agreement.intervals import IntervalResult
    from workbench.agreement.multivalued import MultiValuedAlphaResult
    from workbench.agreement.percent_agreement import PercentAgreementDefinition


@dataclass(frozen=True)
class PercentAgreementResult:
    """Raw agreement under one named definition (see ``PercentAgreementDefinition``).

    ``per_coder`` is filled only for the per-coder definition: each coder's mean agreement
    with every other coder, in column order (``None`` for a coder who shares no unit).
    """

    definition: PercentAgreementDefinition
    value: float | None
    n_units: int
    n_coders: int
    undefined_reason: str | None = None
    per_coder: tuple[float | None, ...] | None = None
    interval: IntervalResult | None = None
    interval_reason: str | None = None


@dataclass(frozen=True)
class CoefficientResult:
    """A chance-corrected coefficient of the form (pa - pe) / (1 - pe).

    ``coefficient`` names it ("cohen_kappa", "scott_pi", "fleiss_kappa", "conger_kappa",
    "gwet_ac1", "gwet_ac2", "brennan_prediger"); ``observed_agreement`` and
    ``expected_agreement`` are pa and pe so a reader can see *why* a kappa is low (the kappa
    paradoxes). ``interval`` is its confidence interval (``interval_reason`` says why there
    is none).
    """

    coefficient: str
    value: float | None
    observed_agreement: float | None
    expected_agreement: float | None
    n_units: int
    n_coders: int
    n_categories: int
    undefined_reason: str | None = None
    interval: IntervalResult | None = None
    interval_reason: str | None = None


@dataclass(frozen=True)
class AlphaResult:
    """Krippendorff's alpha with the disagreements it was computed from.

    ``observed_disagreement`` and ``expected_disagreement`` are normalised per pairable value
    (Do = sum o_ck d_ck / n, De = sum n_c n_k d_ck / (n (n - 1))), so alpha = 1 - Do / De.
    ``n_units`` counts units with two or more values (the only ones alpha can use).
    """

    level: MeasurementLevel
    value: float | None
    observed_disagreement: float | None
    expected_disagreement: float | None
    n_units: int
    n_pairable_values: int
    n_coders: int
    n_values: int
    undefined_reason: str | None = None


@dataclass(frozen=True)
class BootstrapResult:
    """A bootstrap distribution of alpha, summarised (see ``workbench.agreement.bootstrap``).

    ``method`` is "units" (units, or whole documents when clustered, drawn with
    replacement) or "krippendorff" (Hayes & Krippendorff's 2007 resampling of pairs of
    values). ``q`` is the share of replicates below ``alpha_min``: the probability that the
    data's reliability fails to reach that minimum. ``n_draws`` is what one replicate
    draws: units or documents, or M pairs of values. ``n_clusters`` is the number of
    independent pieces resampled; ``n_undefined`` counts replicates without variation
    (alpha 0/0), which are left out of the interval.
    """

    level: MeasurementLevel
    alpha: float | None
    lower: float | None
    upper: float | None
    confidence: float
    n_replicates: int
    n_draws: int
    alpha_min: float
    q: float | None
    undefined_reason: str | None = None
    method: str = "units"
    n_clusters: int | None = None
    n_undefined: int = 0
    clustered: bool = False

    def describe(self) -> str:
        """The procedure in words, for the notes under a table."""
        if self.method == "krippendorff":
            return (
                f"Krippendorff's bootstrap (KALPHA: {self.n_draws} pairs of values per "
                f"replicate, {self.n_replicates} replicates)"
            )
        what = "documents" if self.clustered else "units"
        text = (
            f"percentile bootstrap over {self.n_clusters} {what} ({self.n_replicates} replicates)"
        )
        if self.n_undefined:
            text += f"; {self.n_undefined} replicates without variation left out"
        return text


@dataclass(frozen=True)
class StatisticsResult:
    """Every statistic for one units x coders matrix of presence/absence ratings.

    ``bootstrap`` is alpha's interval (present when replicates were asked for); every
    other coefficient carries its own ``interval``.
    """

    n_units: int
    n_coders: int
    prevalence: float | None
    percent_agreement: PercentAgreementResult
    krippendorff_alpha: AlphaResult
    cohen_kappa: CoefficientResult
    fleiss_kappa: CoefficientResult
    gwet_ac1: CoefficientResult
    brennan_prediger: CoefficientResult
    conger_kappa: CoefficientResult
    scott_pi: CoefficientResult
    bootstrap: BootstrapResult | None = None


@dataclass(frozen=True)
class CodeAgreementResult:
    """Agreement on whether one code applies to each unit."""

    code: str
    statistics: StatisticsResult


@dataclass(frozen=True)
class GroupAgreementResult:
    """Per-code and pooled agreement over the units of one group (e.g. one date bin)."""

    group: Hashable
    codes: tuple[CodeAgreementResult, ...]
    pooled: StatisticsResult


@dataclass(frozen=True)
class AgreementReportResult:
    """Per-code, pooled and per-group agreement over a set of documents.

    ``pooling`` states in words how the pooled figures were formed, so a report can print it
    next to the numbers.
    """

    coders: tuple[str, ...]
    codes: tuple[CodeAgreementResult, ...]
    pooled: StatisticsResult
    pooling: str
    min_share: float | None
    exclude_uncoded: bool
    groups: tuple[GroupAgreementResult, ...] = ()
    multi_valued: tuple[MultiValuedAlphaResult, ...] = ()


@dataclass(frozen=True)
class UnitizedAlphaResult:
    """One member of Krippendorff's 2016 unitized alpha family on a character continuum.

    ``coefficient`` is one of "u-alpha", "|u-alpha", "cu-alpha", "(k)u-alpha",
    "Cu-alpha"; ``subject`` is the code or semantic domain it was computed for (``None`` when
    computed over everything). ``coverage`` is, for cu- and (k)u-alpha, the share of the
    coded matter that intersects another coder's coded matter: the part of the data the
    coefficient actually speaks about.
    """

    coefficient: str
    subject: str | None
    value: float | None
    observed_disagreement: float | None
    expected_disagreement: float | None
    n_coders: int
    length: int
    coverage: float | None = None
    undefined_reason: str | None = None
    interval: IntervalResult | None = None
    interval_reason: str | None = None


@dataclass(frozen=True)
class UnitizedFamilyResult:
    """The coefficients ATLAS.ti reports for coded text, computed on one continuum.

    Binary alphas come per code and per semantic domain; cu-alpha per domain; (k)u-alpha per
    code within its domain; Cu-alpha once across domains.
    """

    length: int
    coders: tuple[str, ...]
    binary_by_code: tuple[UnitizedAlphaResult, ...]
    binary_by_domain: tuple[UnitizedAlphaResult, ...]
    cu_by_domain: tuple[UnitizedAlphaResult, ...]
    value_by_code: tuple[UnitizedAlphaResult, ...]
    cu_across_domains: UnitizedAlphaResult
