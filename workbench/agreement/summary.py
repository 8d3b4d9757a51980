"""Every statistic for one presence/absence matrix, computed from a single encoding.

The per-code driver calls this once per code, per group and for the pooled matrix, so the
matrix is encoded once with the fixed category set (0, 1): a code nobody applied still has
two possible categories, which Gwet's AC1 and Brennan-Prediger need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from workbench.agreement.alpha import krippendorff_alpha
from workbench.agreement.bootstrap import bootstrap_alpha
from workbench.agreement.gwet import gwet_ac1
from workbench.agreement.kappa import brennan_prediger_kappa, cohen_kappa, fleiss_kappa
from workbench.agreement.percent_agreement import PercentAgreementDefinition, percent_agreement
from workbench.agreement.ratings import encode_ratings
from workbench.agreement.result import CoefficientResult, StatisticsResult

if TYPE_CHECKING:
    from collections.abc import Hashable, Sequence

PRESENCE = (0, 1)


def agreement_statistics(
    data: Any,
    *,
    categories: Sequence[Hashable] = PRESENCE,
    percent_definition: PercentAgreementDefinition | str = PercentAgreementDefinition.PAIRWISE,
    bootstrap_replicates: int = 0,
    alpha_min: float = 0.667,
    rng: np.random.Generator | int | None = None,
) -> StatisticsResult:
    """Percent agreement, nominal alpha, Cohen (2 coders), Fleiss, AC1 and Brennan-Prediger.

    ``bootstrap_replicates > 0`` adds the Hayes & Krippendorff bootstrap of alpha.
    """
    encoded = encode_ratings(data, categories)
    rated = encoded.codes >= 0
    prevalence = None
    if rated.any() and encoded.n_categories:
        # Share of ratings in the last category: "coded" for the presence categories (0, 1).
        prevalence = float(np.mean(encoded.codes[rated] == encoded.n_categories - 1))
    if encoded.n_coders == 2:
        cohen = cohen_kappa(encoded)
    else:
        cohen = CoefficientResult(
            "cohen_kappa",
            None,
            None,
            None,
            encoded.n_units,
            encoded.n_coders,
            encoded.n_categories,
            undefined_reason=f"Cohen's kappa needs exactly two coders, not {encoded.n_coders}",
        )
    bootstrap = None
    if bootstrap_replicates > 0:
        bootstrap = bootstrap_alpha(
            encoded, n_replicates=bootstrap_replicates, alpha_min=alpha_min, rng=rng
        )
    return StatisticsResult(
        n_units=encoded.n_units,
        n_coders=encoded.n_coders,
        prevalence=prevalence,
        percent_agreement=percent_agreement(encoded, percent_definition),
        krippendorff_alpha=krippendorff_alpha(encoded),
        cohen_kappa=cohen,
        fleiss_kappa=fleiss_kappa(encoded),
        gwet_ac1=gwet_ac1(encoded),
        brennan_prediger=brennan_prediger_kappa(encoded),
        bootstrap=bootstrap,
    )
