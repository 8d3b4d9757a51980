"""Continuities and discontinuities of themes across a frontier.

**The effect** is the share ratio ``R = p_after / p_before`` of each theme, shown as its
log. Two estimators of it are combined, because the sources on the two sides are not two
independent samples: interviewees recounting the whole past, and documents that mention
earlier events, speak to both sides, and a source's lean on a theme (an interviewee who
dwells on audits) is the same on both.

* The **pooled** ratio ``x_p / y_p = Σ_s c_as / Σ_s n_as ÷ Σ_s c_bs / Σ_s n_bs`` uses
  every code; its error is dominated by which sources happen to fall on each side and how
  much they lean.
* The **within-source** ratio (Mantel-Haenszel, each source its own stratum)
  ``x_w / y_w = Σ_s h_s p̂_as / H ÷ Σ_s h_s p̂_bs / H`` with ``p̂ = c / n``,
  ``h_s = n_as n_bs / (n_as + n_bs)`` and ``H = Σ h_s`` compares each source with
  itself, so a lean that a source keeps on both sides cancels; only sources with
  material on both sides count, weighted by their harmonic size.

Both estimate the same ratio when a source's lean does not depend on the side (the
lean then multiplies both shares), so their combination ``R̂ = w x_w / y_w + (1 - w)
x_p / y_p`` does too, for any fixed ``w``. The ``w`` that minimises its variance is
``(V_p - C) / (V_p + V_w - 2C)`` (the usual combination of two correlated estimators,
as for partially paired samples; computed from the log-scale influences
``z = u_x / x - u_y / y`` of each estimator, the scale on which themes of every size
compare). It is estimated **once per frontier** from the
source-level variances and covariance of all tested themes, each scaled by its pooled
variance, and clipped to [0, 1]: one weight per frontier is a design property (how many
sources span the frontier, and how much), and a weight chosen theme by theme would
favour, through noise, whichever estimator looks closer to zero. With no source on both
sides ``w = 0`` and the estimate is the plain pooled ratio. On the calibration
corpora ``w`` is 0.1-0.3 when the pooled ratio already draws on interviews that span the
frontier, 0.3-0.6 when a few long interviews carry the frontier (strong clustering).

**One pivot for the interval and both tests.** A Wald test of ``log R̂`` is weak
exactly where a birth or a death is clearest: the variance of ``log p`` is about
``1 / C``, so a theme going from 150 codes to 1 has a standard error near 1 on the log
scale (2 with clustering) and could stay "inconclusive". A test on the difference of
shares is strong there but would disagree with a log-scale interval shown beside it.
Instead, every statement about the ratio comes from one test of ``R = ρ``, inverted
(Fieller's construction, with a score-type variance):

    D(ρ) = R̂ - ρ = w (x_w - ρ y_w) / y_w + (1 - w)(x_p - ρ y_p) / y_p

has mean 0 when the ratio is ρ (the observed denominators only scale the two brackets),
and ``t(ρ) = D(ρ) / √V(ρ)`` with

    V(ρ) = deff · (K_u π_a(1 - π_a) + ρ² K_v π_b(1 - π_b))

where ``(π_a, π_b)`` are the shares fitted under ``π_a = ρ π_b`` (the constrained
maximum-likelihood fit of Miettinen and Nurminen) and ``K_u``, ``K_v`` the multinomial
weights of the combination (codes drawn independently within each source and side).
The variance is that of the hypothesis being tested, not of the estimate, as in a score
test (Wilson's interval for one share is the same idea): at ρ = 1 a near-empty side
contributes the pooled share's variance, not its own tiny count's, so 150 codes -> 1 is
a clear change; and every bound is finite and positive even when one side is empty.

* the **interval** shown (``ci_low``, ``ci_high``, log scale) is ``{ρ : |t(ρ)| ≤ q}``
  with q the t quantile at 1 - α/2; ``eq_ci_*`` the same at 1 - α;
* the **change test** is ``t(1)``: p < α exactly when the interval excludes 0;
* the **equivalence test** (TOST) is ``t(e^-δ)`` and ``t(e^δ)``: both one-sided p < α
  exactly when the (1 - 2α) interval lies inside (-δ, δ).

The bounds are found by bisection in log ρ (``t`` falls as ρ grows); the agreement of
the three holds by construction, not by tuning.

**Clustering: a design effect.** ``deff`` is the source-level sandwich of the
combination's linearisation divided by its multinomial variance, both at the estimate,
floored at 1 (clustering can only add variance, so a smaller sandwich, likely with few
sources, is noise); this is the first-order correction of Rao and Scott for tests on
clustered samples. Each estimator is a ratio of sums over sources, so each source
contributes one influence value to ``u - R̂ v``::

    pooled:  u_s = (c_as - x_p n_as) / (N_a y_p),   v_s = (c_bs - y_p n_bs) / (N_b y_p)
    within:  u_s = h_s (p̂_as - x_w) / (H y_w),     v_s = h_s (p̂_bs - y_w) / (H y_w)
    sandwich = S / (S - 1) Σ_s (u_s - R̂ v_s)²     (w and 1 - w mix the two)

over the S sources with material on either side. It accounts for codes clustering
within sources, is theme-specific (a quasi-likelihood φ would be one number for all
themes), and includes the covariance created by sources that speak to both sides (at
the estimate a lean kept on both sides cancels in ``u - R̂ v``; away from it, it would
not, which is why the sandwich is measured there and carried as a ratio). The one
design effect per theme is measured mostly on the side with fewer codes, where the
log-scale variance lies, and applied to both: when a theme nearly empties, a residue
held by one or two sources can make the full side look more clustered than it is (a
theme going from 208 codes to 3 left inconclusive), and a residue spread thinly can make
it look less. A design effect per side was tried and was worse on both benchmark
generators: a side where the theme is (nearly) absent shows nothing of the leans that
the hypothesis "same share on both sides" would give it. Inference uses
Student's t with the *effective* number of sources
as degrees of freedom: a sandwich over S sources of very unequal size has far fewer than
S - 1 degrees of freedom (one long interview is one observation, however many codes it
holds). The Satterthwaite-type count ``(Σ a_s)² / Σ a_s²`` uses ``a_s``, each source's
share of the sandwich, averaged over the tested themes (``_source_variances``), and is
capped at S - 1. With t at S - 1 the theme-change tests flagged a change at a fifth of
null frontiers under strong clustering. When a theme has zero weight on one side the
estimate uses the Haldane-Anscombe correction ``(C + ½) / (N + 1)`` on both sides and
the pooled estimator alone, so that the ratio stays finite. ``share_before`` and
``share_after`` stay the pooled shares (what the phase holds); ``log_ratio`` is the log
of the combined estimate, which can differ a little from the log of their ratio; ``se``
is its delta-method standard error at the estimate, for reference only (the interval
is not ``±q se``). Classes, with presence threshold π, margin δ (log scale) and level α:

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
    """One theme's two estimators of the share ratio, as numerator and denominator shares.

    Each estimator is a ratio ``x / y`` of two shares that are themselves ratios of sums
    over sources; ``ux``, ``uy`` hold their per-source influences (centred, so a source's
    lean enters both when it speaks to both sides) and ``dx``, ``dy`` the derivative of
    each share with respect to the theme's count in each source (for the multinomial
    floor). The pooled shares are ``C / N``; the within-source ones are the harmonic-size
    weighted means ``Σ h_s p̂_s / Σ h_s`` on each side, whose ratio is Mantel-Haenszel's.
    ``z_*`` are the log-ratio influences ``ux / x - uy / y`` used for the weight.
    """

    pa: float
    pb: float
    ux: np.ndarray
    uy: np.ndarray
    dx: np.ndarray
    dy: np.ndarray
    z_pooled: np.ndarray
    within: tuple[float, float, np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None
    z_within: np.ndarray | None = None


def _estimate(
    c_b: np.ndarray, c_a: np.ndarray, n_b: np.ndarray, n_a: np.ndarray, harmonic: np.ndarray
) -> _Estimate:
    total_b, total_a = float(n_b.sum()), float(n_a.sum())
    cb, ca = float(c_b.sum()), float(c_a.sum())
    zero = cb <= 0 or ca <= 0
    pb = (cb + 0.5) / (total_b + 1.0) if zero else cb / total_b
    pa = (ca + 0.5) / (total_a + 1.0) if zero else ca / total_a
    ux = (c_a - pa * n_a) / total_a
    uy = (c_b - pb * n_b) / total_b
    pooled = _Estimate(
        pa=pa,
        pb=pb,
        ux=ux,
        uy=uy,
        dx=np.full(n_a.size, 1.0 / total_a),
        dy=np.full(n_b.size, 1.0 / total_b),
        z_pooled=ux / pa - uy / pb,
    )
    if zero:
        return pooled
    both = harmonic > 0
    big_h = float(harmonic.sum())
    per_a = np.zeros_like(harmonic)
    per_b = np.zeros_like(harmonic)
    per_a[both] = harmonic[both] / n_a[both] / big_h
    per_b[both] = harmonic[both] / n_b[both] / big_h
    xw, yw = float((per_a * c_a).sum()), float((per_b * c_b).sum())
    if xw <= 0 or yw <= 0:
        return pooled
    uxw = per_a * c_a - xw * harmonic / big_h
    uyw = per_b * c_b - yw * harmonic / big_h
    return _Estimate(
        pa=pa,
        pb=pb,
        ux=ux,
        uy=uy,
        dx=pooled.dx,
        dy=pooled.dy,
        z_pooled=pooled.z_pooled,
        within=(xw, yw, uxw, uyw, per_a, per_b),
        z_within=uxw / xw - uyw / yw,
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


def _constrained_shares(
    rho: float, c_a: float, n_a: float, c_b: float, n_b: float
) -> tuple[float, float]:
    """Shares after and before with the most likely fit under ``share_after = ρ share_before``.

    The maximum-likelihood fit of two binomial shares constrained to the ratio ρ
    (Miettinen and Nurminen 1985; Farrington and Manning 1990): the smaller root of
    ``ρN π² - (ρ N_a + C_a + N_b + ρ C_b) π + (C_a + C_b) = 0``.
    """
    a = rho * (n_a + n_b)
    b = rho * n_a + c_a + n_b + rho * c_b
    c = c_a + c_b
    disc = max(b * b - 4.0 * a * c, 0.0)
    before = 2.0 * c / (b + math.sqrt(disc)) if b > 0 else 0.0  # the smaller root, stably
    before = min(max(before, 0.0), 1.0, 1.0 / rho)
    return rho * before, before


@dataclass(frozen=True, slots=True)
class _Pivot:
    """``D(ρ) = R̂ - ρ`` and its variance under the hypothesis that the ratio is ρ.

    ``V(ρ) = deff · (K_u π_a(1 - π_a) + ρ² K_v π_b(1 - π_b))`` with ``(π_a, π_b)`` the
    shares fitted under that hypothesis; ``counts`` are ``(C_a, N_a, C_b, N_b)``;
    ``influence`` is ``u - R̂ v`` per source, for the degrees of freedom.
    """

    ratio: float
    deff: float
    k_u: float
    k_v: float
    counts: tuple[float, float, float, float]
    influence: np.ndarray

    def variance(self, rho: float) -> float:
        pa, pb = _constrained_shares(rho, *self.counts)
        return self.deff * (self.k_u * pa * (1.0 - pa) + rho * rho * self.k_v * pb * (1.0 - pb))

    def degenerate(self) -> bool:
        """No variance at all: the theme is everything on both sides."""
        return self.variance(self.ratio) <= 0.0

    def t(self, rho: float) -> float:
        """The pivot's t statistic for ``R = ρ`` (positive when ``R̂ > ρ``)."""
        v = self.variance(rho)
        diff = self.ratio - rho
        if v <= 0:
            return math.copysign(math.inf, diff) if diff else 0.0
        return diff / math.sqrt(v)

    def bound(self, q: float, direction: float) -> float:
        """The log ratio where ``|t|`` reaches ``q``, below (-1) or above (+1) the estimate.

        ``t`` falls as ρ grows (it passes 0 at R̂ and, with the fitted shares, grows
        without bound towards 0 and infinity), so the bound is found by bisection in
        log ρ; a bound beyond a factor 2⁶⁰ is reported as infinite.
        """
        centre = math.log(self.ratio)
        step = 1.0
        while abs(self.t(math.exp(centre + direction * step))) < q:
            step *= 2.0
            if step > 60.0:
                return direction * math.inf
        inside, outside = 0.0, step
        for _ in range(50):
            middle = 0.5 * (inside + outside)
            if abs(self.t(math.exp(centre + direction * middle))) < q:
                inside = middle
            else:
                outside = middle
        return centre + direction * 0.5 * (inside + outside)

    def interval(self, q: float) -> tuple[float, float]:
        return self.bound(q, -1.0), self.bound(q, 1.0)


def _pivot(
    e: _Estimate,
    w: float,
    n_b: np.ndarray,
    n_a: np.ndarray,
    counts: tuple[float, float, float, float],
) -> _Pivot:
    """The ratio contrast of the combination, with its design effect (see the notes).

    ``R̂ - ρ = w (x_w - ρ y_w) / y_w + (1 - w)(x_p - ρ y_p) / y_p``: each bracket has mean
    0 when the ratio is ρ, and the observed denominators only scale the two.
    """
    s = e.ux.size
    if e.within is None or w <= 0.0:
        cp = 1.0 / e.pb
        ratio = e.pa / e.pb
        u, v = cp * e.ux, cp * e.uy
        dx, dy = cp * e.dx, cp * e.dy
    else:
        xw, yw, uxw, uyw, per_a, per_b = e.within
        cw, cp = w / yw, (1.0 - w) / e.pb
        ratio = w * xw / yw + (1.0 - w) * e.pa / e.pb
        u, v = cw * uxw + cp * e.ux, cw * uyw + cp * e.uy
        dx, dy = cw * per_a + cp * e.dx, cw * per_b + cp * e.dy
    influence = u - ratio * v
    k_u, k_v = float((dx * dx * n_a).sum()), float((dy * dy * n_b).sum())
    at_estimate = k_u * e.pa * (1.0 - e.pa) + ratio * ratio * k_v * e.pb * (1.0 - e.pb)
    sandwich = s / (s - 1) * float(influence @ influence) if s >= 2 else 0.0
    deff = max(1.0, sandwich / at_estimate) if at_estimate > 0 else 1.0
    return _Pivot(ratio, deff, k_u, k_v, counts, influence)


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
    pivots = {
        t: _pivot(estimates[t], w, nb, na, (c_a[t], total_a, c_b[t], total_b)) for t in tested
    }
    df = _df_of(_source_variances([pivots[t].influence for t in tested], s))
    q_ci = t_ppf(1.0 - alpha / 2.0, df)
    q_eq = t_ppf(1.0 - alpha, df)
    low, high = math.exp(-margin), math.exp(margin)
    stats: dict[int, tuple[float, float, float, float, tuple[float, float], tuple[float, float]]]
    stats = {}
    for t in tested:
        pivot = pivots[t]
        r = math.log(pivot.ratio)
        se = math.sqrt(pivot.variance(pivot.ratio)) / pivot.ratio
        if pivot.degenerate():  # the theme is all there is on both sides: no change, exactly
            stats[t] = (r, se, 1.0, 0.0, (r, r), (r, r))
            continue
        p = min(1.0, 2.0 * t_sf(abs(pivot.t(1.0)), df))
        p_eq = max(t_sf(pivot.t(low), df), t_sf(-pivot.t(high), df))
        stats[t] = (r, se, p, p_eq, pivot.interval(q_ci), pivot.interval(q_eq))
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
