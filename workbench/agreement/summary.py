"""Every statistic for one presence/absence matrix, computed from a single encoding.

The per-code driver calls this once per code, per group and for the pooled matrix, so the
matrix is encoded once with the fixed category set (0, 1): a code nobody applied still has
two possible categories, which Gwet's AC1 and Brennan-Prediger need.

Every statistic comes with an interval: the kappa family and percent agreement from
Gwet's linearised variances, alpha from the bootstrap (``bootstrap_replicates``). With
``clusters`` (each unit's document) both are computed across documents, not units.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import numpy as np

from workbench.agreement.alpha import krippendorff_alpha
from workbench.agreement.bootstrap import UNITS, bootstrap_alpha
from workbench.agreement.family import (
    brennan_prediger_from_table,
    conger_from_table,
    fleiss_from_table,
    gwet_from_table,
    percent_interval_for,
    rating_table,
)
from workbench.agreement.intervals import DEFAULT_CONFIDENCE
from workbench.agreement.kappa import cohen_kappa, scott_pi
from workbench.agreement.percent_agreement import PercentAgreementDefinition, percent_agreement
from workbench.agreement.result import CoefficientResult, StatisticsResult

if TYPE_CHECKING:
    from collections.abc import Hashable, Sequence

PRESENCE = (0, 1)


def _two_coders_only(name: str, label: str, table: Any) -> CoefficientResult:
    encoded = table.encoded
    return CoefficientResult(
        name,
        None,
        None,
        None,
        encoded.n_units,
        encoded.n_coders,
        encoded.n_categories,
        undefined_reason=f"{label} needs exactly two coders, not {encoded.n_coders}",
    )


def agreement_statistics(
    data: Any,
    *,
    categories: Sequence[Hashable] = PRESENCE,
    percent_definition: PercentAgreementDefinition | str = PercentAgreementDefinition.PAIRWISE,
    bootstrap_replicates: int = 0,
    alpha_min: float = 0.667,
    rng: np.random.Generator | int | None = None,
    clusters: Any = None,
    bootstrap_method: str = UNITS,
    confidence: float = DEFAULT_CONFIDENCE,
) -> StatisticsResult:
    """Percent agreement, nominal alpha, Cohen and Scott (2 coders), Fleiss, Conger, AC1
    and Brennan-Prediger, each with its interval (alpha's when ``bootstrap_replicates``)."""
    table = rating_table(data, categories)
    encoded = table.encoded
    rated = encoded.codes >= 0
    prevalence = None
    if rated.any() and encoded.n_categories:
        # Share of ratings in the last category: "coded" for the presence categories (0, 1).
        prevalence = float(np.mean(encoded.codes[rated] == encoded.n_categories - 1))
    options = {"clusters": clusters, "confidence": confidence}
    if encoded.n_coders == 2:
        cohen = cohen_kappa(encoded, **options)
        scott = scott_pi(encoded, **options)
    else:
        cohen = _two_coders_only("cohen_kappa", "Cohen's kappa", table)
        scott = _two_coders_only("scott_pi", "Scott's pi", table)
    bootstrap = None
    if bootstrap_replicates > 0:
        bootstrap = bootstrap_alpha(
            encoded,
            n_replicates=bootstrap_replicates,
            alpha_min=alpha_min,
            rng=rng,
            confidence=confidence,
            method=bootstrap_method,
            clusters=clusters if bootstrap_method == UNITS else None,
        )
    percent = percent_agreement(encoded, percent_definition)
    if percent.definition is PercentAgreementDefinition.PAIRWISE and percent.value is not None:
        interval, why = percent_interval_for(table, **options)
        percent = dataclasses.replace(percent, interval=interval, interval_reason=why)
    return StatisticsResult(
        n_units=encoded.n_units,
        n_coders=encoded.n_coders,
        prevalence=prevalence,
        percent_agreement=percent,
        krippendorff_alpha=krippendorff_alpha(encoded),
        cohen_kappa=cohen,
        fleiss_kappa=fleiss_from_table(table, **options),
        gwet_ac1=gwet_from_table(table, **options),
        brennan_prediger=brennan_prediger_from_table(table, **options),
        conger_kappa=conger_from_table(table, **options),
        scott_pi=scott,
        bootstrap=bootstrap,
    )
