"""Inter-coder agreement: pure functions from plain data to frozen results.

Input is a units x coders reliability matrix (NaN or None for a missing rating) or, for the
span-based tools, character offsets. Nothing here touches storage or the UI; only the
standard library and numpy are used at run time. Undefined statistics (no variation, no
pairable units) are results with ``value=None`` and an ``undefined_reason``, never errors.
"""

from __future__ import annotations

from workbench.agreement.align import AlignedUnitsResult, align_units, merge_spans
from workbench.agreement.alpha import krippendorff_alpha
from workbench.agreement.bootstrap import bootstrap_alpha
from workbench.agreement.by_code import POOLING, DocumentCodings, agreement_by_code
from workbench.agreement.distance import MeasurementLevel
from workbench.agreement.errors import AgreementInputError
from workbench.agreement.gwet import gwet_ac1, gwet_ac2
from workbench.agreement.interpretation import InterpretationScale, interpret
from workbench.agreement.intervals import IntervalResult
from workbench.agreement.kappa import (
    brennan_prediger_kappa,
    cohen_kappa,
    conger_kappa,
    fleiss_kappa,
    scott_pi,
)
from workbench.agreement.percent_agreement import PercentAgreementDefinition, percent_agreement
from workbench.agreement.ratings import EncodedRatings, encode_ratings
from workbench.agreement.regions import CodedSpan, DisagreementRegion, disagreement_regions
from workbench.agreement.result import (
    AgreementReportResult,
    AlphaResult,
    BootstrapResult,
    CodeAgreementResult,
    CoefficientResult,
    GroupAgreementResult,
    PercentAgreementResult,
    StatisticsResult,
    UnitizedAlphaResult,
    UnitizedFamilyResult,
)
from workbench.agreement.summary import agreement_statistics
from workbench.agreement.synthetic import synthetic_ratings
from workbench.agreement.unitized import (
    binary_unitized_alpha,
    coding_unitized_alpha,
    domain_unitized_alpha,
    unitized_alpha,
    unitized_alpha_family,
    value_unitized_alphas,
)
from workbench.agreement.weights import WEIGHTS, agreement_weights

__all__ = [
    "POOLING",
    "WEIGHTS",
    "AgreementInputError",
    "AgreementReportResult",
    "AlignedUnitsResult",
    "AlphaResult",
    "BootstrapResult",
    "CodeAgreementResult",
    "CodedSpan",
    "CoefficientResult",
    "DisagreementRegion",
    "DocumentCodings",
    "EncodedRatings",
    "GroupAgreementResult",
    "InterpretationScale",
    "IntervalResult",
    "MeasurementLevel",
    "PercentAgreementDefinition",
    "PercentAgreementResult",
    "StatisticsResult",
    "UnitizedAlphaResult",
    "UnitizedFamilyResult",
    "agreement_by_code",
    "agreement_statistics",
    "agreement_weights",
    "align_units",
    "binary_unitized_alpha",
    "bootstrap_alpha",
    "brennan_prediger_kappa",
    "coding_unitized_alpha",
    "cohen_kappa",
    "conger_kappa",
    "disagreement_regions",
    "domain_unitized_alpha",
    "encode_ratings",
    "fleiss_kappa",
    "gwet_ac1",
    "gwet_ac2",
    "interpret",
    "krippendorff_alpha",
    "merge_spans",
    "percent_agreement",
    "scott_pi",
    "synthetic_ratings",
    "unitized_alpha",
    "unitized_alpha_family",
    "value_unitized_alphas",
]
