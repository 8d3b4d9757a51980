"""Agreement on phase assignment: do the coders' dates put an event in the same phase?

A lead about to trust a bracketing needs to know that its phases are not an artefact of
one coder's dating. Each coder's date for a matched unit places it in a phase of the
scheme; categories are ordered: before the first phase, each phase in turn, after the
last. A date range that spans a frontier goes to the phase holding most of its days (ties:
the earlier) and is counted as straddling; a range that falls in a gap between phases goes
to the nearer phase. On the units x coders matrix of categories:

* the share of coder pairs that place the event in the same phase (pairwise, with its
  interval), which is what "the coders' dates put it in the same phase" means;
* Cohen's (two coders) or Conger's kappa, and linearly weighted kappa (a neighbouring
  phase is a smaller disagreement than a distant one);
* Krippendorff's alpha, nominal and ordinal, with the document bootstrap;
* for two coders, the phase-by-phase table of where each coder put the events.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from workbench.agreement.alpha import krippendorff_alpha
from workbench.agreement.bootstrap import bootstrap_alpha
from workbench.agreement.errors import AgreementInputError
from workbench.agreement.family import (
    conger_from_table,
    fleiss_from_table,
    percent_interval_for,
    rating_table,
)
from workbench.agreement.intervals import DEFAULT_CONFIDENCE
from workbench.agreement.kappa import cohen_kappa
from workbench.agreement.percent_agreement import percent_agreement

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.agreement.intervals import IntervalResult
    from workbench.agreement.result import AlphaResult, BootstrapResult, CoefficientResult


@dataclass(frozen=True)
class PhaseAssignment:
    """Each dating's category (NaN: undated) and whether its range spans a frontier."""

    category: np.ndarray
    straddles: np.ndarray
    labels: tuple[str, ...]  # "before <first>", the phases, "after <last>"


@dataclass(frozen=True)
class PhaseAgreementResult:
    """Agreement on which phase the coders' dates put matched events in."""

    labels: tuple[str, ...]
    n_units: int
    same_phase: float | None
    same_phase_interval: IntervalResult | None
    kappa: CoefficientResult
    weighted_kappa: CoefficientResult
    fleiss_kappa: CoefficientResult
    alpha_nominal: AlphaResult
    alpha_ordinal: AlphaResult
    bootstrap_nominal: BootstrapResult | None
    bootstrap_ordinal: BootstrapResult | None
    straddling: float | None
    table: tuple[tuple[int, ...], ...] | None = None  # rows: first coder, columns: second


def assign_phases(
    starts: Any, ends: Any, phases: Sequence[tuple[float, float]], names: Sequence[str]
) -> PhaseAssignment:
    """Categories for inclusive day ranges against phases given as inclusive day ranges."""
    if len(phases) != len(names) or not phases:
        raise AgreementInputError("a scheme needs at least one phase, each with a name")
    bounds = np.asarray(phases, dtype=np.float64)
    order = np.argsort(bounds[:, 0], kind="stable")
    bounds = bounds[order]
    labels = [names[i] for i in order]
    start = np.asarray(starts, dtype=np.float64)
    end = np.asarray(ends, dtype=np.float64)
    shape = start.shape
    s, e = start.ravel(), end.ravel()
    dated = ~np.isnan(s)
    # Days of each dating inside each phase.
    inside = np.clip(
        np.minimum(e[:, None], bounds[None, :, 1]) - np.maximum(s[:, None], bounds[None, :, 0]) + 1,
        0.0,
        None,
    )
    inside[~dated] = 0.0
    best = np.argmax(inside, axis=1)
    any_inside = inside.max(axis=1) > 0
    straddles = (np.count_nonzero(inside > 0, axis=1) > 1) | (
        any_inside & ((s < bounds[0, 0]) | (e > bounds[-1, 1]))
    )
    middle = (s + e) / 2.0
    distance = np.maximum(
        np.maximum(bounds[None, :, 0] - middle[:, None], middle[:, None] - bounds[None, :, 1]), 0.0
    )
    nearest = np.argmin(distance, axis=1)
    category = np.where(any_inside, best + 1, nearest + 1).astype(np.float64)
    category[~any_inside & (e < bounds[0, 0])] = 0
    category[~any_inside & (s > bounds[-1, 1])] = len(labels) + 1
    category[~dated] = np.nan
    straddles &= dated
    return PhaseAssignment(
        category.reshape(shape),
        straddles.reshape(shape),
        (f"before {labels[0]}", *labels, f"after {labels[-1]}"),
    )


def phase_agreement(
    assignment: PhaseAssignment,
    *,
    clusters: Any = None,
    bootstrap_replicates: int = 1000,
    rng: np.random.Generator | int | None = None,
    confidence: float = DEFAULT_CONFIDENCE,
) -> PhaseAgreementResult:
    """Every statistic of agreement on the phase categories (see the module docstring)."""
    categories = list(range(len(assignment.labels)))
    data = assignment.category
    if data.ndim != 2:
        raise AgreementInputError("phase assignment needs a units x coders matrix")
    options = {"clusters": clusters, "confidence": confidence}
    table = rating_table(data, categories)
    percent = percent_agreement(table.encoded)
    interval, _ = percent_interval_for(table, **options)
    n_coders = data.shape[1]
    if n_coders == 2:
        kappa = cohen_kappa(table.encoded, **options)
        weighted = cohen_kappa(table.encoded, weights="linear", **options)
    else:
        kappa = conger_from_table(table, **options)
        weighted = conger_from_table(rating_table(data, categories, "linear"), **options)
    generator = np.random.default_rng(rng)
    boot_nominal = boot_ordinal = None
    if bootstrap_replicates > 0:
        boot_nominal = bootstrap_alpha(
            table.encoded, n_replicates=bootstrap_replicates, rng=generator, clusters=clusters
        )
        boot_ordinal = bootstrap_alpha(
            table.encoded,
            "ordinal",
            n_replicates=bootstrap_replicates,
            rng=generator,
            clusters=clusters,
            categories=categories,
        )
    both = ~np.isnan(data).any(axis=1)
    contingency = None
    if n_coders == 2:
        size = len(categories)
        pairs = data[both].astype(np.int64)
        counts = np.bincount(pairs[:, 0] * size + pairs[:, 1], minlength=size * size)
        contingency = tuple(tuple(int(x) for x in row) for row in counts.reshape(size, size))
    dated = ~np.isnan(data)
    straddling = float(assignment.straddles[dated].mean()) if dated.any() else None
    return PhaseAgreementResult(
        labels=assignment.labels,
        n_units=table.n_pairable,
        same_phase=percent.value,
        same_phase_interval=interval,
        kappa=kappa,
        weighted_kappa=weighted,
        fleiss_kappa=fleiss_from_table(table, **options),
        alpha_nominal=krippendorff_alpha(table.encoded),
        alpha_ordinal=krippendorff_alpha(table.encoded, "ordinal", categories=categories),
        bootstrap_nominal=boot_nominal,
        bootstrap_ordinal=boot_ordinal,
        straddling=straddling,
        table=contingency,
    )
