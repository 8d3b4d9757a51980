"""Continuities and discontinuities of themes across a frontier.

**The effect** is the log share-ratio ``r = log(p_after / p_before)`` of each theme. Two
estimators of it are combined, because the sources on the two sides are not two
independent samples: interviewees recounting the whole past, and documents that mention
earlier events, speak to both sides, and a source's lean on a theme (an interviewee who
dwells on audits) is the same on both.

* The **pooled** ratio ``Σ_s c_as / Σ_s n_as ÷ Σ_s c_bs / Σ_s n_bs`` uses every code; its
  error is dominated by which sources happen to fall on each side and how much they lean.
* The **within-source** ratio (Mantel-Haenszel, each source its own stratum)
  ``Σ_s h_s c_as / n_as ÷ Σ_s h_s c_bs / n_bs`` with ``h_s = n_as n_bs / (n_as + n_bs)``
  compares each source with itself, so a lean that a source keeps on both sides cancels;
  only sources with material on both sides count, weighted by their harmonic size.

Both estimate the same ratio when a source's lean does not depend on the side (the
lean then multiplies both shares), so their combination ``r = w r_within + (1 - w)
r_pooled`` does too, for any fixed ``w``. The ``w`` that minimises its variance is
``(V_p - C) / (V_p + V_w - 2C)`` (the usual combination of two correlated estimators,
as for partially paired samples). It is estimated **once per frontier** from the
source-level variances and covariance of all tested themes, each scaled by its pooled
variance, and clipped to [0, 1]: one weight per frontier is a design property (how many
sources span the frontier, and how much), and a weight chosen theme by theme would
favour, through noise, whichever estimator looks closer to zero. With no source on both
sides ``w = 0`` and the estimate is the plain pooled ratio. On the calibration
corpora ``w`` is 0.1-0.3 when the pooled ratio already draws on interviews that span the
frontier, 0.3-0.6 when a few long interviews carry the frontier (strong clustering).

**The variance** is the source-level sandwich of the combination's linearisation
(each estimator is a ratio of sums over sources, so each source contributes one
influence value ``z_s``)::

    pooled:  z_s = (c_as - p_a n_as) / (N_a p_a) - (c_bs - p_b n_bs) / (N_b p_b)
    within:  z_s = h_s p̂_as / A - h_s p̂_bs / B,   A = Σ h_s p̂_as,  B = Σ h_s p̂_bs
    Var(r)  = S / (S - 1) Σ_s (w z_within,s + (1 - w) z_pooled,s)²

over the S sources with material on either side. It accounts for codes clustering within
sources, is theme-specific (a quasi-likelihood φ would be one number for all themes), and
includes the covariance created by sources that speak to both sides. It is floored at
the multinomial variance of the same combination (codes drawn independently within each
source and side): clustering can only add variance, so a smaller sandwich (likely with
few sources) is noise. Inference uses Student's t with the *effective* number of sources
as degrees of freedom: a sandwich over S sources of very unequal size has far fewer than
S - 1 degrees of freedom (one long interview is one observation, however many codes it
holds). The Satterthwaite-type count ``(Σ a_s)² / Σ a_s²`` uses ``a_s``, each source's
share of the sandwich, averaged over the tested themes (``_source_variances``), and is
capped at S - 1. With t at S - 1 the theme-change tests flagged a change at a fifth of
null frontiers under strong clustering. When a theme has zero weight on one side both shares
get the Haldane-Anscombe correction ``(C + ½) / (N + 1)`` and the pooled estimator alone
is used, so that the ratio and its variance stay finite. ``share_before`` and
``share_after`` stay the pooled shares (what the phase holds); ``log_ratio`` is the
combined estimate, which can differ a little from the log of their ratio.

**The change test** (is ``r`` different from 0?) is the Wald test of the same
estimate, so that a theme is called changed exactly when the 95% interval shown
excludes 0. Near zero that test is weak (the variance of ``log p_a`` is about ``1 /
C_a``: a theme going from 150 codes to 1 can stay "inconclusive"); a test on the
difference of shares would not be, but it would disagree with the interval shown.
Classes, with presence threshold π, margin δ (log scale) and level α:

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

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from workbench.bracketing.distributions import benjamini_hochberg, t_ppf, t_sf
from workbench.bracketing.result import ContinuityResult, ThemeChangeResult

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.bracketing.binning import IntervalTable

__all__ = ["continuity", "paired_weight", "persisting_themes", "theme_changes", "two_stage_fdr"]


NEAR_NOTHING = 5.0


def _near_nothing(share: float, other: float, presence: float) -> bool:
    """Below the presence threshold, or below twice it and a fifth of the other side."""
    return share < presence or (share < 2 * presence and share < other / NEAR_NOTHING)


def _effective_df(n_b: np.ndarray, n_a: np.ndarray, total_b: float, total_a: float) -> float:
    """Effective number of sources minus one for the pooled estimator (see the notes)."""
    a = (n_b / total_b if total_b > 0 else 0.0) ** 2 + (n_a / total_a if total_a > 0 else 0.0) ** 2
    return _df_of(np.asarray(a, dtype=float))


def _df_of(a: np.ndarray) -> float:
    """``(Σ a_s)² / Σ a_s²`` minus one, between 1 and S - 1 (infinite below 2 sources)."""
    s = a.size
    if s < 2:
        return math.inf
    denom = float((a * a).sum())
    effective = float(a.sum()) ** 2 / denom if denom > 0 else float(s)
    return max(1.0, min(float(s - 1), effective - 1.0))


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


@dataclass(frozen=True, slots=True)
class _Estimate:
    """One theme's two estimators of the log share-ratio, with per-source influences.

    ``coef_*`` hold, per source, the derivative of the estimator with respect to the
    theme's count after and before (for the multinomial floor).
    """

    pa: float
    pb: float
    r_pooled: float
    z_pooled: np.ndarray
    coef_pooled: tuple[np.ndarray, np.ndarray]
    r_within: float | None = None
    z_within: np.ndarray | None = None
    coef_within: tuple[np.ndarray, np.ndarray] | None = None


def _estimate(
    c_b: np.ndarray, c_a: np.ndarray, n_b: np.ndarray, n_a: np.ndarray, harmonic: np.ndarray
) -> _Estimate:
    total_b, total_a = float(n_b.sum()), float(n_a.sum())
    cb, ca = float(c_b.sum()), float(c_a.sum())
    zero = cb <= 0 or ca <= 0
    pb = (cb + 0.5) / (total_b + 1.0) if zero else cb / total_b
    pa = (ca + 0.5) / (total_a + 1.0) if zero else ca / total_a
    pooled = _Estimate(
        pa=pa,
        pb=pb,
        r_pooled=math.log(pa / pb),
        z_pooled=(c_a - pa * n_a) / (total_a * pa) - (c_b - pb * n_b) / (total_b * pb),
        coef_pooled=(
            np.full(n_a.size, 1.0 / (total_a * pa)),
            np.full(n_b.size, 1.0 / (total_b * pb)),
        ),
    )
    if zero:
        return pooled
    both = harmonic > 0
    per_a = np.zeros_like(harmonic)
    per_b = np.zeros_like(harmonic)
    per_a[both] = harmonic[both] / n_a[both]
    per_b[both] = harmonic[both] / n_b[both]
    big_a, big_b = float((per_a * c_a).sum()), float((per_b * c_b).sum())
    if big_a <= 0 or big_b <= 0:
        return pooled
    return _Estimate(
        pa=pa,
        pb=pb,
        r_pooled=pooled.r_pooled,
        z_pooled=pooled.z_pooled,
        coef_pooled=pooled.coef_pooled,
        r_within=math.log(big_a / big_b),
        z_within=per_a * c_a / big_a - per_b * c_b / big_b,
        coef_within=(per_a / big_a, per_b / big_b),
    )


def paired_weight(estimates: Sequence[_Estimate]) -> float:
    """Weight of the within-source estimator at a frontier (one number for all themes).

    Each theme's variances and covariance are scaled by its pooled variance, so that
    themes of every size count alike, then summed: ``w = (V_p - C) / (V_p + V_w - 2C)``
    minimises the variance of ``w r_within + (1 - w) r_pooled``; clipped to [0, 1].
    """
    vp = vw = cov = 0.0
    for e in estimates:
        if e.z_within is None:
            continue
        scale = float((e.z_pooled * e.z_pooled).sum())
        if scale <= 0:
            continue
        vp += 1.0
        vw += float((e.z_within * e.z_within).sum()) / scale
        cov += float((e.z_within * e.z_pooled).sum()) / scale
    denom = vp + vw - 2.0 * cov
    if vp <= 0 or denom <= 0:
        return 0.0
    return min(1.0, max(0.0, (vp - cov) / denom))


def _combined(
    e: _Estimate, w: float, n_b: np.ndarray, n_a: np.ndarray
) -> tuple[float, np.ndarray, float]:
    """Log ratio, source influences and multinomial variance of the combination."""
    coef_a, coef_b = e.coef_pooled
    if e.r_within is None or e.z_within is None or e.coef_within is None or w <= 0.0:
        r, z = e.r_pooled, e.z_pooled
    else:
        r = w * e.r_within + (1.0 - w) * e.r_pooled
        z = w * e.z_within + (1.0 - w) * e.z_pooled
        coef_a = w * e.coef_within[0] + (1.0 - w) * coef_a
        coef_b = w * e.coef_within[1] + (1.0 - w) * coef_b
    multinomial = float((coef_a * coef_a * n_a).sum()) * e.pa * (1.0 - e.pa) + float(
        (coef_b * coef_b * n_b).sum()
    ) * e.pb * (1.0 - e.pb)
    return r, z, multinomial


def _source_variances(influences: Sequence[np.ndarray], s: int) -> np.ndarray:
    """Each source's share of the sandwich, averaged over the tested themes.

    The Satterthwaite count ``(Σ a_s)² / Σ a_s²`` needs the variance each source
    contributes. For the pooled estimator that is its lean, which grows with the square
    of its weight on each side; for the within-source estimator the lean cancels and what
    is left grows with the source's harmonic size, not its square. Rather than a formula
    for each mixture, ``a_s`` is measured: ``z_s² / Σ z²`` for each theme, averaged over
    the themes so that one theme's noise does not set the degrees of freedom.
    """
    a = np.zeros(s)
    used = 0
    for z in influences:
        total = float((z * z).sum())
        if total > 0:
            a += z * z / total
            used += 1
    return a / used if used else np.ones(s)


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
    estimates = {
        t: _estimate(before[active, t], after[active, t], nb, na, harmonic) for t in tested
    }
    w = paired_weight(list(estimates.values()))
    combined = {t: _combined(estimates[t], w, nb, na) for t in tested}
    df = _df_of(_source_variances([combined[t][1] for t in tested], s))
    stats: dict[int, tuple[float, float, float, float]] = {}
    for t in tested:
        r, z, multinomial = combined[t]
        sandwich = s / (s - 1) * float((z * z).sum()) if s >= 2 else 0.0
        se = math.sqrt(max(sandwich, multinomial))
        if se > 0:
            p = min(1.0, 2.0 * t_sf(abs(r) / se, df))
            p_eq = max(t_sf((r + margin) / se, df), t_sf((margin - r) / se, df))
        else:  # the theme is all there is on both sides (shares of 1): no change, exactly
            p, p_eq = 1.0, 0.0
        stats[t] = (r, se, p, p_eq)
    p_holm = dict(zip(tested, benjamini_hochberg([stats[t][2] for t in tested]), strict=True))
    p_eq_holm = dict(zip(tested, two_stage_fdr([stats[t][3] for t in tested], alpha), strict=True))
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
