"""Continuities and discontinuities of themes across a frontier.

Each theme's share ratio ``R = p_after / p_before`` across the frontier, its interval
and its two tests (change; equivalence within the margin) come from ``share_ratio``:
a combination of the pooled and the within-source (Mantel-Haenszel) ratio, one
score-type pivot for the interval and both tests, a source-level design effect for
clustering, moderated across the themes of the frontier, and Student's t on the
effective degrees of freedom. This module turns those into classes and controls the
error of the claims. ``share_before`` and ``share_after`` are the pooled shares (what
the phase holds); ``log_ratio`` is the log of the combined estimate, which can differ a
little from the log of their ratio; ``se`` is its delta-method standard error at the
estimate, for reference only (the interval is not ``±q se``). Classes, with presence
threshold π, margin δ (log scale) and level α:


* **absent**        — share < π on both sides (not tested).
* **continuous**    — equivalence shown: TOST p < α after the two-stage false discovery
  rate procedure over the themes at this frontier, i.e. the (1 - 2α) CI of r lies inside
  (-δ, δ) at the adjusted level. "No significant change" is never enough.
* **emergent**      — significant increase (false discovery rate, see below) from near
  nothing: share before < π, or below 2π and below a fifth of the share after (a
  gradual frontier or coarse dates smear a little of the new theme into the phase
  before; that residue does not make it "intensified").
* **intensified**   — significant increase, present before.
* **disappearing**  — significant decrease to near nothing (the mirror rule).
* **attenuated**    — significant decrease, still present after.
* **inconclusive**  — neither equivalence nor difference shown.

**What error each verdict controls, and why.** Both kinds of claim are lists of separate
findings about one frontier ("audit persists", "peer exchange intensifies"), each written
up on its own; what a reader needs bounded is the share of such claims that are wrong,
the false discovery rate, not the chance that a list of a dozen themes holds no error at
all (family-wise control, e.g. Holm, which asks each of 12 themes for p < 0.004 and made
continuity unreachable at real sizes: 0 of 160 planted continuous themes at ~2,300
codings).

* *Change* claims: Benjamini-Hochberg at α over the tested themes. At a frontier where
  nothing changed every claim is false, and the false discovery rate *is* the
  family-wise rate: the chance that a frontier "moves" any theme when it moves none stays
  at α (the Simes bound; the benchmark checks it at null frontiers under clustering).
  At a real frontier it bounds the expected share of themes wrongly said to change.
  Holm's stronger guarantee (no false change even among themes next to real changes)
  is not what the reader of a frontier asks; with 10-15 tested themes it asks the first
  change for p < α / m, and at ~2,000 codings it left many planted changes of a factor
  2 or more inconclusive.
* *Continuity* claims: the two-stage procedure of Benjamini, Krieger and Yekutieli
  (2006), which controls the false discovery rate at α like Benjamini-Hochberg but first
  estimates how many themes are *not* continuous (BH at α / (1 + α); m₀ = m minus its
  rejections) and then runs BH at ``α / (1 + α) · m / m₀``. At a frontier about half the
  tested themes change, and BH, which acts as if all might be non-continuous, then spends
  half its level on hypotheses that are clearly false. The stored adjusted value is
  compared with α. (The result fields ``p_holm`` and ``p_equivalence_holm`` hold these
  adjusted values; the names are kept for the JSON format.)

Equivalence is checked first: a significant but tiny change inside the margin is a
continuity, which is what the margin says. The margin (``BracketParams.equivalence_margin``,
a factor 2 by default) is what "continues" means: neither doubling nor halving. A change
whose whole-phase ratio is diluted below the margin (a gradual transition or year-dated
codes mix the two phases) is therefore "continuous"; a researcher who calls a factor
1.5 a change sets that margin. Testing the change first instead would turn the small,
significant drifts of stable themes in large corpora (10,000 codings) into "intensified"
or "attenuated" (2-6% of the planted continuous themes there) and show false changes at
null frontiers that equivalence now answers.
"""

from __future__ import annotations

import dataclasses
import math
from typing import TYPE_CHECKING

import numpy as np

from workbench.bracketing.distributions import benjamini_hochberg, t_ppf, t_sf
from workbench.bracketing.result import ContinuityResult, ThemeChangeResult
from workbench.bracketing.share_ratio import (
    df_of,
    estimate,
    moderate_design_effects,
    paired_weight,
    pivot,
    source_variances,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.bracketing.binning import IntervalTable

__all__ = ["continuity", "persisting_themes", "theme_changes", "two_stage_fdr"]


NEAR_NOTHING = 5.0


def _near_nothing(share: float, other: float, presence: float) -> bool:
    """Below the presence threshold, or below twice it and a fifth of the other side."""
    return share < presence or (share < 2 * presence and share < other / NEAR_NOTHING)


def two_stage_fdr(p_values: Sequence[float], alpha: float) -> list[float]:
    """Benjamini-Krieger-Yekutieli adjusted values: a hypothesis is rejected when < ``alpha``.

    Stage one runs Benjamini-Hochberg at ``q = alpha / (1 + alpha)``; its r₁ rejections
    give the estimate ``m₀ = m - r₁`` of the true hypotheses; stage two runs BH at
    ``q · m / m₀``. The value returned is the BH-adjusted p times ``(1 + alpha) m₀ / m``,
    so that comparing it with ``alpha`` is the stage-two decision, and never less than
    the hypothesis's own p: stage two can run BH above ``alpha`` (when m₀ is small), and
    a theme is never called continuous unless its own interval lies inside the margin
    (the interval shown must agree with the verdict). That only removes claims. The
    value depends on ``alpha`` (through r₁) and is meant for that comparison only.
    """
    bh = benjamini_hochberg(p_values)
    m = len(bh)
    if m == 0:
        return []
    first = sum(1 for q in bh if q <= alpha / (1.0 + alpha))
    m0 = max(m - first, 1)
    return [min(1.0, max(p, q * (1.0 + alpha) * m0 / m)) for p, q in zip(p_values, bh, strict=True)]


def theme_changes(
    before: np.ndarray,
    after: np.ndarray,
    themes: Sequence[str],
    *,
    alpha: float,
    presence: float,
    margin: float,
) -> tuple[ThemeChangeResult, ...]:
    """Classify every theme across one frontier from source-by-theme matrices.

    ``before`` and ``after`` have one row per source, the same sources in the same rows:
    the pairing of a source with itself across the frontier is what the within-source
    estimator uses.
    """
    n_b, n_a = before.sum(axis=1), after.sum(axis=1)
    total_b, total_a = float(n_b.sum()), float(n_a.sum())
    c_b, c_a = before.sum(axis=0), after.sum(axis=0)
    share_b = c_b / total_b if total_b > 0 else np.zeros_like(c_b)
    share_a = c_a / total_a if total_a > 0 else np.zeros_like(c_a)
    active = (n_b + n_a) > 0
    s = int(active.sum())
    nb, na = n_b[active], n_a[active]
    both_sides = total_b > 0 and total_a > 0
    tested = [
        t
        for t in range(len(themes))
        if both_sides and not (share_b[t] < presence and share_a[t] < presence)
    ]
    spans = (nb > 0) & (na > 0)
    harmonic = np.zeros_like(nb)
    harmonic[spans] = nb[spans] * na[spans] / (nb[spans] + na[spans])
    estimates = {t: estimate(before[active, t], after[active, t], nb, na, harmonic) for t in tested}
    w = paired_weight(list(estimates.values()))
    pivots = {t: pivot(estimates[t], w, nb, na, (c_a[t], total_a, c_b[t], total_b)) for t in tested}
    df = df_of(source_variances([pivots[t].influence for t in tested], s))
    # tested themes exist only when both sides hold codes, so the division is safe
    pooled = {t: float(c_a[t] + c_b[t]) / (total_a + total_b) for t in tested}
    # Moderated design effects give the equivalence test its power. The change test and
    # the 95% interval shown keep the frontier's own df and the larger of the theme's own
    # and its moderated design effect: on fresh null corpora of very unequal leaning
    # sources a change test on the moderated values flagged 6.0% of null frontiers
    # (18/300; the target is 5%), on the theme's own 2.0%, because a theme whose sandwich
    # falls below the multinomial variance by chance is trusted more once moderated. The
    # larger of the two also keeps the 90% equivalence interval inside the 95% interval
    # (its quantile is smaller, on more df), so what a reader sees agrees with the class.
    eq_pivots, eq_df = moderate_design_effects(pivots, df, pooled)
    own = {
        t: dataclasses.replace(p, deff=max(p.deff, eq_pivots[t].deff)) for t, p in pivots.items()
    }
    q_ci = t_ppf(1.0 - alpha / 2.0, df)
    q_eq = t_ppf(1.0 - alpha, eq_df)
    low, high = math.exp(-margin), math.exp(margin)
    stats: dict[int, tuple[float, float, float, float, tuple[float, float], tuple[float, float]]]
    stats = {}
    for t in tested:
        piv, eq = own[t], eq_pivots[t]
        r = math.log(piv.ratio)
        se = math.sqrt(piv.variance(piv.ratio)) / piv.ratio
        if piv.degenerate():  # the theme is all there is on both sides: no change, exactly
            stats[t] = (r, se, 1.0, 0.0, (r, r), (r, r))
            continue
        p = min(1.0, 2.0 * t_sf(abs(piv.t(1.0)), df))
        p_eq = max(t_sf(eq.t(low), eq_df), t_sf(-eq.t(high), eq_df))
        stats[t] = (r, se, p, p_eq, piv.interval(q_ci), eq.interval(q_eq))
    p_holm = dict(zip(tested, benjamini_hochberg([stats[t][2] for t in tested]), strict=True))
    p_eq_holm = dict(zip(tested, two_stage_fdr([stats[t][3] for t in tested], alpha), strict=True))
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
        r, se, p, p_eq, ci, eq_ci = stats[t]
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
                ci_low=ci[0],
                ci_high=ci[1],
                eq_ci_low=eq_ci[0],
                eq_ci_high=eq_ci[1],
                p_value=p,
                p_holm=p_holm[t],
                p_equivalence=p_eq,
                p_equivalence_holm=p_eq_holm[t],
                classification=klass,
                df_equivalence=eq_df,
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
