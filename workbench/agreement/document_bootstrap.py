"""Intervals for the alphas that are not computed on a units x coders matrix.

|u-alpha (2016), u-alpha (1995/2004) and multi-valued alpha are computed on a continuum
(the documents laid end to end) or on sets of values, so neither Gwet's linearised
variance nor the unit bootstrap of ``workbench.agreement.bootstrap`` applies as it
stands. They get the same kind of interval as alpha: a bootstrap that draws whole documents
with replacement and recomputes the coefficient (observed *and* expected disagreement) on
each replicate, read at Hesterberg's expanded percentile levels (few documents make plain
percentiles too narrow). Documents are the independent pieces: the sentences of
one interview are coded in one sitting. Multi-valued alpha, whose units are sentences,
draws units instead when asked to treat them as independent.

Recomputing from scratch on 1,000 replicates would cost 1,000 full passes. Each
coefficient is instead split into parts that add up over documents:

* |u-alpha: the 2 x 2 observed coincidences and the stretch sums S of each document
  (``workbench.agreement.unitized.binary_parts``); a replicate's are the weighted sums.
* u-alpha (1995/2004): the observed sum of squared differences, the unit terms and, for
  the expected disagreement, each unit placed in every gap: a documents x documents matrix
  H, summed as w' H w for the replicate's document weights w.
* mv-alpha: per document the observed sum, the sets' cardinalities and the values' counts
  (``workbench.agreement.multivalued.multi_valued_parts``).

A replicate's value is exactly the coefficient of the drawn documents: for |u-alpha and
mv-alpha laid end to end, for u-alpha (1995/2004) with each document keeping its own gaps
(``classic_unitized_alpha_documents``, which the point estimate uses too). The tests
check replicates against the direct computation on repeated documents, and the bench
measures the coverage of the three intervals on simulated studies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import TYPE_CHECKING

import numpy as np

from workbench.agreement.intervals import DEFAULT_CONFIDENCE, IntervalResult, check_confidence
from workbench.agreement.multivalued import (
    MultiValuedParts,
    multi_valued_alpha_from_parts,
    multi_valued_parts,
)
from workbench.agreement.unitized import binary_alpha_from_parts, binary_parts
from workbench.agreement.unitized_classic import classic_alpha_from_parts, classic_parts
from workbench.core.studentt import t_ppf

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence

    Segments = Mapping[str, Sequence[tuple[int, int, Hashable]]]

# Replicates are drawn in blocks so that block x documents stays below this many weights.
_BLOCK_CELLS = 1 << 22
ONE_DOCUMENT = "one document: the interval resamples documents, so there is none"


@dataclass(frozen=True)
class ContinuumIntervals:
    """Per code, the interval (or why none) of |u-alpha and of u-alpha (1995/2004)."""

    binary: dict[str, tuple[IntervalResult | None, str | None]]
    classic: dict[str, tuple[IntervalResult | None, str | None]]


def replicate_weights(
    n_groups: int, n_replicates: int, rng: np.random.Generator
) -> Iterator[np.ndarray]:
    """Blocks of replicates x groups: how often each group is drawn (n_groups draws each)."""
    block = max(1, min(n_replicates, _BLOCK_CELLS // max(n_groups, 1)))
    done = 0
    while done < n_replicates:
        size = min(block, n_replicates - done)
        drawn = rng.integers(0, n_groups, size=(size, n_groups))
        drawn += (np.arange(size) * n_groups)[:, None]
        counts = np.bincount(drawn.ravel(), minlength=size * n_groups)
        yield counts.reshape(size, n_groups).astype(np.float64)
        done += size


def percentile_interval(
    statistic: Callable[[np.ndarray], np.ndarray],
    n_groups: int,
    *,
    n_replicates: int,
    rng: np.random.Generator,
    confidence: float = DEFAULT_CONFIDENCE,
    what: str = "documents",
    adjust: str = "expanded",
) -> tuple[IntervalResult | None, str | None]:
    """Bootstrap interval of ``statistic`` (weights -> values, NaN where undefined) over
    ``n_replicates`` draws of ``n_groups`` groups with replacement.

    ``adjust="expanded"`` (the default) reads the replicates at Hesterberg's (2015, "What
    teachers should know about the bootstrap") expanded percentile levels, those of a
    t(G - 1) interval widened by sqrt(G / (G - 1)): with 20 documents the plain percentile
    interval is too narrow (it held the population value in 89.5-94.5% of simulated
    studies, the expanded one in 92-96%; BENCHMARKS.md). ``adjust="percentile"`` gives
    the plain one.
    """
    check_confidence(confidence)
    if adjust not in ("expanded", "percentile"):
        raise ValueError(f"adjust must be 'expanded' or 'percentile', not {adjust!r}")
    if n_groups < 2:
        return None, f"fewer than two {what}: no interval"
    values = np.concatenate([statistic(w) for w in replicate_weights(n_groups, n_replicates, rng)])
    defined = values[~np.isnan(values)]
    if defined.size < max(2, n_replicates // 2):
        return None, (
            f"alpha was undefined in {values.size - defined.size} of {values.size} "
            "replicates: no interval"
        )
    tail = (1.0 - confidence) / 2.0
    levels = (tail, 1.0 - tail)
    how = "percentile bootstrap"
    if adjust == "expanded":
        # Hesterberg's expanded percentile: the levels of a t(G - 1) interval scaled by
        # sqrt(G / (G - 1)), which undoes the bootstrap's narrowness with few groups.
        z = math.sqrt(n_groups / (n_groups - 1)) * t_ppf(1.0 - tail, n_groups - 1)
        levels = (_NORMAL.cdf(-z), _NORMAL.cdf(z))
        how = "expanded percentile bootstrap"
    lower, upper = np.quantile(defined, levels)
    skipped = values.size - defined.size
    note = f", {skipped} undefined replicates left out" if skipped else ""
    return (
        IntervalResult(
            lower=float(lower),
            upper=float(min(upper, 1.0)),
            confidence=confidence,
            method=f"{how} over {n_groups} {what} ({n_replicates} replicates{note})",
            n_clusters=n_groups,
        ),
        None,
    )


_NORMAL = NormalDist()


def continuum_intervals(
    documents: Sequence[tuple[int, Segments]],
    codes: Sequence[str],
    *,
    n_replicates: int,
    rng: np.random.Generator | int | None = None,
    confidence: float = DEFAULT_CONFIDENCE,
) -> ContinuumIntervals:
    """Document-bootstrap intervals of |u-alpha and u-alpha (1995/2004) per code, for the
    ``documents`` (length, each coder's (start, end, code) segments) laid end to end."""
    generator = np.random.default_rng(rng)
    pieces = [(length, segments) for length, segments in documents if length > 0]
    binary: dict[str, tuple[IntervalResult | None, str | None]] = {}
    classic: dict[str, tuple[IntervalResult | None, str | None]] = {}
    if len(pieces) < 2:
        for code in codes:
            binary[code] = classic[code] = (None, ONE_DOCUMENT)
        return ContinuumIntervals(binary, classic)
    per_document = [classic_parts(length, segments, codes) for length, segments in pieces]
    for index, code in enumerate(codes):
        parts = [binary_parts(length, segments, code) for length, segments in pieces]
        clash = next((p for p in parts if isinstance(p, str)), None)
        if clash is not None:
            binary[code] = (None, clash)
        else:
            observed = np.stack([p[0] for p in parts if not isinstance(p, str)])
            self_pairs = np.stack([p[1] for p in parts if not isinstance(p, str)])

            def binary_statistic(
                w: np.ndarray, o: np.ndarray = observed, s: np.ndarray = self_pairs
            ) -> np.ndarray:
                return binary_alpha_from_parts(
                    np.einsum("rd,dij->rij", w, o), np.einsum("rd,di->ri", w, s)
                )

            binary[code] = percentile_interval(
                binary_statistic,
                len(pieces),
                n_replicates=n_replicates,
                rng=generator,
                confidence=confidence,
            )
        category = [doc[index] for doc in per_document]
        classic[code] = percentile_interval(
            lambda w, c=category: classic_alpha_from_parts(w, c)[0],  # type: ignore[misc]
            len(pieces),
            n_replicates=n_replicates,
            rng=generator,
            confidence=confidence,
        )
    return ContinuumIntervals(binary, classic)


def multi_valued_interval(
    data: Sequence[Sequence[object]],
    groups: Sequence[int] | None,
    *,
    n_replicates: int,
    rng: np.random.Generator | int | None = None,
    confidence: float = DEFAULT_CONFIDENCE,
) -> tuple[IntervalResult | None, str | None]:
    """Bootstrap interval of mv-alpha drawing whole groups (documents), or units when
    ``groups`` is None."""
    generator = np.random.default_rng(rng)
    if groups is None:
        labels = np.arange(len(data))
        what = "units"
    else:
        labels = np.unique(np.asarray(groups), return_inverse=True)[1].ravel()
        what = "documents"
    n_groups = int(labels.max()) + 1 if len(labels) else 0
    parts: MultiValuedParts = multi_valued_parts(data, labels.tolist(), n_groups)
    return percentile_interval(
        lambda w: multi_valued_alpha_from_parts(w, parts),
        n_groups,
        n_replicates=n_replicates,
        rng=generator,
        confidence=confidence,
        what=what,
    )
