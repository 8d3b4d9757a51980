"""Continuities and discontinuities of themes across a frontier.

For each theme: share before and after, and the log share-ratio ``r = log(p_after /
p_before)``. Its variance is the **source-level sandwich** (cluster-robust linearisation
of the two ratio estimators ``p = Σ_s c_s / Σ_s n_s``)::

    z_s = (c_as - p_a n_as) / (N_a p_a) - (c_bs - p_b n_bs) / (N_b p_b)
    Var(r) = S / (S - 1) Σ_s z_s²

over the S sources with material on either side. It accounts for codes clustering within
sources, is theme-specific (a quasi-likelihood φ would be one number for all themes), and
includes the covariance created by sources that speak to both sides. It is floored at the
binomial variance ``(1-p_a)/(N_a p_a) + (1-p_b)/(N_b p_b)``: clustering can only add
variance, so a smaller sandwich (likely with few sources) is noise. Inference uses
Student's t with the *effective* number of sources as degrees of freedom: a sandwich
over S sources of very unequal size has far fewer than S - 1 degrees of freedom (one long
interview is one observation, however many codes it holds). The Satterthwaite-type
count ``(Σ a_s)² / Σ a_s²`` with ``a_s = (n_as / N_a)² + (n_bs / N_b)²``, the variance a
source contributes when its codes move together, depends only on the design (not on
the theme) and is capped at S - 1. With t at S - 1 the theme-change tests flagged a
change at a fifth of null frontiers under strong clustering. When a
theme has zero weight on one side both shares get the Haldane-Anscombe correction
``(C + ½) / (N + 1)`` so that the ratio and its variance stay finite.

Classes, with presence threshold π, margin δ (log scale) and level α:

* **absent**        — share < π on both sides (not tested).
* **continuous**    — equivalence shown: TOST p < α after Benjamini-Hochberg over the
  themes at this frontier, i.e. the (1 - 2α) CI of r lies inside (-δ, δ). "No significant
  change" is never enough.
* **emergent**      — significant increase (Holm) from near nothing: share before < π, or
  below 2π and below a fifth of the share after (a gradual frontier or coarse dates smear
  a little of the new theme into the phase before; that residue does not make it
  "intensified").
* **intensified**   — significant increase (Holm), present before.
* **disappearing**  — significant decrease (Holm) to near nothing (the mirror rule).
* **attenuated**    — significant decrease, still present after.
* **inconclusive**  — neither equivalence nor difference shown.

Why two different multiplicity rules. A claim of *change* at a frontier is read as
"this frontier moved these themes": a false one invents discontinuity, and a reader
scans the whole list for any; family-wise control (Holm) fits, and is what keeps the
rate of any false change at a null frontier at α. A claim of *continuity* is a list of
separate findings ("audit persists", "peer exchange persists"), each written up on its
own; what the reader needs bounded is the share of such claims that are wrong — the
false discovery rate. Holm over 12-18 themes asks that *no* theme be wrongly called
continuous, which made continuity unreachable at real sizes (0 of 160 planted
continuous themes at ~2,300 codings); BH bounds the expected share of wrong continuity
claims at α (proven for independent and positively dependent tests; the benchmark
checks it on compositional data, where the dependence is mildly negative).

Equivalence is checked first: a significant but tiny change inside the margin is a
continuity, which is what the margin says.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from workbench.bracketing.distributions import benjamini_hochberg, holm, t_ppf, t_sf
from workbench.bracketing.result import ContinuityResult, ThemeChangeResult

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.bracketing.binning import IntervalTable

__all__ = ["continuity", "persisting_themes", "theme_changes"]


NEAR_NOTHING = 5.0


def _near_nothing(share: float, other: float, presence: float) -> bool:
    """Below the presence threshold, or below twice it and a fifth of the other side."""
    return share < presence or (share < 2 * presence and share < other / NEAR_NOTHING)


def _effective_df(n_b: np.ndarray, n_a: np.ndarray, total_b: float, total_a: float) -> float:
    """Effective number of sources minus one (design-based, see the module notes)."""
    s = n_b.size
    if s < 2:
        return math.inf
    a = (n_b / total_b if total_b > 0 else 0.0) ** 2 + (n_a / total_a if total_a > 0 else 0.0) ** 2
    a = np.asarray(a, dtype=float)
    denom = float((a * a).sum())
    effective = float(a.sum()) ** 2 / denom if denom > 0 else float(s)
    return max(1.0, min(float(s - 1), effective - 1.0))


def theme_changes(
    before: np.ndarray,
    after: np.ndarray,
    themes: Sequence[str],
    *,
    alpha: float,
    presence: float,
    margin: float,
) -> tuple[ThemeChangeResult, ...]:
    """Classify every theme across one frontier from source-by-theme matrices."""
    n_b, n_a = before.sum(axis=1), after.sum(axis=1)
    total_b, total_a = float(n_b.sum()), float(n_a.sum())
    c_b, c_a = before.sum(axis=0), after.sum(axis=0)
    share_b = c_b / total_b if total_b > 0 else np.zeros_like(c_b)
    share_a = c_a / total_a if total_a > 0 else np.zeros_like(c_a)
    active = (n_b + n_a) > 0
    s = int(active.sum())
    df = _effective_df(n_b[active], n_a[active], total_b, total_a)
    both_sides = total_b > 0 and total_a > 0
    tested = [
        t
        for t in range(len(themes))
        if both_sides and not (share_b[t] < presence and share_a[t] < presence)
    ]
    stats: dict[int, tuple[float, float, float, float]] = {}
    for t in tested:
        zero = c_b[t] <= 0 or c_a[t] <= 0
        pb = (c_b[t] + 0.5) / (total_b + 1.0) if zero else share_b[t]
        pa = (c_a[t] + 0.5) / (total_a + 1.0) if zero else share_a[t]
        r = math.log(pa / pb)
        z = (after[active, t] - pa * n_a[active]) / (total_a * pa) - (
            before[active, t] - pb * n_b[active]
        ) / (total_b * pb)
        sandwich = s / (s - 1) * float((z * z).sum()) if s >= 2 else 0.0
        binomial = (1 - pa) / (total_a * pa) + (1 - pb) / (total_b * pb)
        se = math.sqrt(max(sandwich, binomial))
        if se > 0:
            p = min(1.0, 2.0 * t_sf(abs(r) / se, df))
            p_eq = max(t_sf((r + margin) / se, df), t_sf((margin - r) / se, df))
        else:  # the theme is all there is on both sides (shares of 1): no change, exactly
            p, p_eq = 1.0, 0.0
        stats[t] = (r, se, p, p_eq)
    p_holm = dict(zip(tested, holm([stats[t][2] for t in tested]), strict=True))
    p_eq_holm = dict(zip(tested, benjamini_hochberg([stats[t][3] for t in tested]), strict=True))
    q_ci = t_ppf(1.0 - alpha / 2.0, df)
    q_eq = t_ppf(1.0 - alpha, df)
    out = []
    for t, theme in enumerate(themes):
        common = {
            "theme": theme,
            "weight_before": float(c_b[t]),
            "weight_after": float(c_a[t]),
            "share_before": float(share_b[t]),
            "share_after": float(share_a[t]),
        }
        if t not in stats:
            klass = "absent" if both_sides else "inconclusive"
            out.append(
                ThemeChangeResult(
                    **common,
                    log_ratio=None,
                    se=None,
                    df=None,
                    ci_low=None,
                    ci_high=None,
                    eq_ci_low=None,
                    eq_ci_high=None,
                    p_value=None,
                    p_holm=None,
                    p_equivalence=None,
                    p_equivalence_holm=None,
                    classification=klass,
                )
            )
            continue
        r, se, p, p_eq = stats[t]
        if p_eq_holm[t] < alpha:
            klass = "continuous"
        elif p_holm[t] < alpha and r > 0:
            near_nothing = _near_nothing(share_b[t], share_a[t], presence)
            klass = "emergent" if near_nothing else "intensified"
        elif p_holm[t] < alpha:
            near_nothing = _near_nothing(share_a[t], share_b[t], presence)
            klass = "disappearing" if near_nothing else "attenuated"
        else:
            klass = "inconclusive"
        out.append(
            ThemeChangeResult(
                **common,
                log_ratio=r,
                se=se,
                df=df,
                ci_low=r - q_ci * se,
                ci_high=r + q_ci * se,
                eq_ci_low=r - q_eq * se,
                eq_ci_high=r + q_eq * se,
                p_value=p,
                p_holm=p_holm[t],
                p_equivalence=p_eq,
                p_equivalence_holm=p_eq_holm[t],
                classification=klass,
            )
        )
    return tuple(out)


def _carriers(left: dict[int, float], right: dict[int, float]) -> list[int]:
    both = [k for k in left if k in right]
    return sorted(both, key=lambda k: (-min(left[k], right[k]), k))


def continuity(
    table: IntervalTable,
    g_before: int,
    g_after: int,
    *,
    themes: Sequence[str],
    sources: Sequence[str],
    cases: Sequence[str],
    alpha: float,
    presence: float,
    margin: float,
    max_listed: int,
) -> ContinuityResult:
    """Theme classes, bridging themes and the sources/cases carrying material across."""
    _, (before, after) = table.dense([g_before, g_after])
    changes = theme_changes(before, after, themes, alpha=alpha, presence=presence, margin=margin)
    bridging = tuple(
        c.theme for c in changes if c.share_before >= presence and c.share_after >= presence
    )
    carrier_sources = _carriers(table.source_weights(g_before), table.source_weights(g_after))
    carrier_cases = _carriers(table.case_weights(g_before), table.case_weights(g_after))
    return ContinuityResult(
        themes=changes,
        bridging_themes=bridging,
        n_carrier_sources=len(carrier_sources),
        carrier_sources=tuple(sources[i] for i in carrier_sources[:max_listed]),
        n_carrier_cases=len(carrier_cases),
        carrier_cases=tuple(cases[i] for i in carrier_cases[:max_listed]),
    )


def persisting_themes(
    totals: np.ndarray, themes: Sequence[str], presence: float
) -> tuple[str, ...]:
    """Themes at or above the presence threshold in every phase."""
    n = totals.sum(axis=1, keepdims=True)
    if totals.shape[0] == 0 or (n <= 0).any():
        return ()
    shares = totals / n
    return tuple(themes[t] for t in range(len(themes)) if (shares[:, t] >= presence).all())
