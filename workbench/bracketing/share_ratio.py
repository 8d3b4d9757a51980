"""The share ratio of one theme across a frontier: estimate, pivot, clustering.

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
    sandwich = Σ_s (u_s / √(1 - h_as) - R̂ v_s / √(1 - h_bs))²   (w, 1 - w mix the two)

over the S sources with material on either side, ``h`` a source's share of the weight on
a side (its leverage; the CR2 correction, ``_bias_reduced_sandwich``). It accounts for
codes clustering within sources, is theme-specific (a quasi-likelihood φ would be one
number for all themes), and includes the covariance created by sources that speak to
both sides (at the estimate a lean kept on both sides cancels in ``u - R̂ v``; away from
it, it would not, which is why the sandwich is measured there and carried as a ratio).
The one design effect per theme is measured mostly on the side with fewer codes, where
the log-scale variance lies, and applied to both: when a theme nearly empties, a residue
held by one or two sources can make the full side look more clustered than it is (a
theme going from 208 codes to 3 left inconclusive), and a residue spread thinly can make
it look less. A design effect per side was tried and was worse on both benchmark
generators: a side where the theme is (nearly) absent shows nothing of the leans that
the hypothesis "same share on both sides" would give it. Inference uses Student's t with
the *effective* number of sources as degrees of freedom: a sandwich over S sources of
very unequal size has far fewer than S - 1 degrees of freedom (one long interview is one
observation, however many codes it holds). The Satterthwaite-type count ``(Σ a_s)² / Σ
a_s²`` uses ``a_s``, each source's share of the sandwich, averaged over the tested
themes (``source_variances``), and is capped at S - 1. With t at S - 1 the theme-change
tests flagged a change at a fifth of null frontiers under strong clustering. When a
theme has zero weight on one side the estimate uses the Haldane-Anscombe correction ``(C
+ ½) / (N + 1)`` on both sides and the pooled estimator alone, so that the ratio stays
finite. ``share_before`` and ``share_after`` stay the pooled shares (what the phase
holds); ``log_ratio`` is the log of the combined estimate, which can differ a little
from the log of their ratio; ``se`` is its delta-method standard error at the estimate,
for reference only (the interval is not ``±q se``).

**Borrowing strength across themes (moderated design effects).** With very unequal
sources the Satterthwaite count leaves 6-16 degrees of freedom per frontier, and each
theme's design effect is its own sandwich on those few degrees of freedom: a t quantile
near 1.8 on a noisy variance, so that a continuing theme's 90% interval was wider than
±log 2 at real sizes (a planted continuous theme called continuous about 2 times in 10
at the independent generator's clustered and hard levels). The design effects of the
themes at one frontier measure one design (the same sources, the same leans), so they
are similar; ``moderate_design_effects`` treats them as limma treats gene-wise
variances (Smyth 2004; ``moderation``): the raw design effects (before the floor at 1)
give a prior ``s₀²`` on ``d₀`` degrees of freedom, each theme's design effect becomes
``(d₀ s₀² + d deff) / (d₀ + d)``, floored at 1 as before, and inference uses t on
``d₀ + d`` degrees of freedom. Three things keep the error control that the few
degrees of freedom used to give by brute force; each was measured on null frontiers
(no change) under strong lean, of both benchmark generators and of a third, simpler
simulation with 25-40 very unequal sources (the tests' ``_clustered_frontier``):

* the **cap** on ``d₀ + d``: limma caps at the pooled residual degrees of freedom,
  ``m d`` for m themes; the themes here share their sources, so ``m`` is their
  effective number (``effective_themes``, 5-9 of 10-12 themes on the benchmark
  corpora);
* the **trend**: a theme's design effect grows with its share (a lean moves more codes
  of a common theme), so the prior's scale is a line in the log of the pooled share
  (limma-trend), not one value that would shrink the common themes' design effects;
* the **bias-reduced sandwich** (CR2, above): moderation removes the noise of the
  design effects, not the downward bias of a sandwich over few unequal sources, which
  the few degrees of freedom used to hide.

Without the last two, 6-7% of the simulation's null frontiers showed a change (1,000
each); with them 5.0-5.8%, against 2-3% before moderation, which was conservative. On
the independent generator's null corpora the rate is 2.5-3.5% on the 520 per level the
method was chosen on, but 6.0% (18 of 300; 2.0% before) on 300 fresh ones of its hard
level (1.0% at clustered): at the edge of the 5% the change claims promise. The themes
flagged there mostly have a sandwich *below* the multinomial variance (raw design
effect 0.3-0.9, floored at 1), so the cause is not a design effect moderated away but
the noise of the sandwich itself, which the few degrees of freedom used to cover.
When one theme is carried by a single source and its design effect stands out, the
fitted ``d₀`` is small and that theme keeps most of its own value. The raw variance is
not moderated, only the design effect: the multinomial part is known and differs by
orders of magnitude between themes, the clustering part is what is estimated, and
what themes share.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from workbench.bracketing.moderation import fit_prior, moderate

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = [
    "Estimate",
    "Pivot",
    "df_of",
    "effective_df",
    "effective_themes",
    "estimate",
    "moderate_design_effects",
    "paired_weight",
    "pivot",
    "source_variances",
]


def effective_df(n_b: np.ndarray, n_a: np.ndarray, total_b: float, total_a: float) -> float:
    """Effective number of sources minus one for the pooled estimator (see the notes)."""
    a = (n_b / total_b if total_b > 0 else 0.0) ** 2 + (n_a / total_a if total_a > 0 else 0.0) ** 2
    return df_of(np.asarray(a, dtype=float))


def df_of(a: np.ndarray) -> float:
    """``(Σ a_s)² / Σ a_s²`` minus one, between 1 and S - 1 (infinite below 2 sources)."""
    s = a.size
    if s < 2:
        return math.inf
    denom = float((a * a).sum())
    effective = float(a.sum()) ** 2 / denom if denom > 0 else float(s)
    return max(1.0, min(float(s - 1), effective - 1.0))


@dataclass(frozen=True, slots=True)
class Estimate:
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


def estimate(
    c_b: np.ndarray, c_a: np.ndarray, n_b: np.ndarray, n_a: np.ndarray, harmonic: np.ndarray
) -> Estimate:
    total_b, total_a = float(n_b.sum()), float(n_a.sum())
    cb, ca = float(c_b.sum()), float(c_a.sum())
    zero = cb <= 0 or ca <= 0
    pb = (cb + 0.5) / (total_b + 1.0) if zero else cb / total_b
    pa = (ca + 0.5) / (total_a + 1.0) if zero else ca / total_a
    ux = (c_a - pa * n_a) / total_a
    uy = (c_b - pb * n_b) / total_b
    pooled = Estimate(
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
    return Estimate(
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


def paired_weight(estimates: Sequence[Estimate]) -> float:
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
class Pivot:
    """``D(ρ) = R̂ - ρ`` and its variance under the hypothesis that the ratio is ρ.

    ``V(ρ) = deff · (K_u π_a(1 - π_a) + ρ² K_v π_b(1 - π_b))`` with ``(π_a, π_b)`` the
    shares fitted under that hypothesis; ``counts`` are ``(C_a, N_a, C_b, N_b)``;
    ``influence`` is ``u - R̂ v`` per source, for the degrees of freedom.
    """

    ratio: float
    deff: float
    raw_deff: float
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


MIN_RESIDUAL_LEVERAGE = 0.05
"""``1 - h`` is not taken below this: a source holding all of one side is not weighted
without bound (its residual is 0 there anyway)."""


def _bias_reduced_sandwich(
    u: np.ndarray, v: np.ndarray, ratio: float, weight_a: np.ndarray, weight_b: np.ndarray
) -> float:
    """``Σ_s (u_s / √(1 - h_as) - R̂ v_s / √(1 - h_bs))²``: the CR2 sandwich.

    A source's residual is smaller than its error by the share of the estimate it sets
    itself (its leverage ``h``): the plain sandwich is biased low, most when sources are
    very unequal (one long interview sets most of a side's share and its residual is
    near 0). Bell and McCaffrey's (2002) correction divides each source's residual by
    ``√(1 - h)``; for a ratio of sums the leverage of a source on a side is its share of
    that side's weight (``weight_a``: the derivative of the share after with respect to
    the source's count, times its count), so the two sides are corrected apart. It
    replaces the ``S / (S - 1)`` factor, which is right only for sources of equal size.
    """
    total_a, total_b = float(weight_a.sum()), float(weight_b.sum())
    h_a = weight_a / total_a if total_a > 0 else weight_a
    h_b = weight_b / total_b if total_b > 0 else weight_b
    floor = MIN_RESIDUAL_LEVERAGE
    adjusted = u / np.sqrt(np.maximum(1.0 - h_a, floor)) - ratio * v / np.sqrt(
        np.maximum(1.0 - h_b, floor)
    )
    return float(adjusted @ adjusted) if u.size >= 2 else 0.0


def pivot(
    e: Estimate,
    w: float,
    n_b: np.ndarray,
    n_a: np.ndarray,
    counts: tuple[float, float, float, float],
) -> Pivot:
    """The ratio contrast of the combination, with its design effect (see the notes).

    ``R̂ - ρ = w (x_w - ρ y_w) / y_w + (1 - w)(x_p - ρ y_p) / y_p``: each bracket has mean
    0 when the ratio is ρ, and the observed denominators only scale the two.
    """
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
    sandwich = _bias_reduced_sandwich(u, v, ratio, dx * n_a, dy * n_b)
    raw = sandwich / at_estimate if at_estimate > 0 else 1.0
    return Pivot(ratio, max(1.0, raw), raw, k_u, k_v, counts, influence)


def source_variances(influences: Sequence[np.ndarray], s: int) -> np.ndarray:
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


def effective_themes(influences: Sequence[np.ndarray]) -> float:
    """How many independent themes the design effects of a frontier amount to.

    Each theme's design effect is the sum over sources of its squared influences; two
    themes whose squared influences are spread over the sources alike (both carried by
    the same long interview) measure the same thing twice. With ``C`` the correlation
    matrix of the themes' normalised squared influences, the count is ``m² / Σ C_ij²``
    (Bretherton et al. 1999's effective number): ``m`` when they are uncorrelated, 1
    when they all move together. It caps the moderated degrees of freedom at what the
    themes jointly carry, where limma, whose genes are independent, caps at ``m d``.
    """
    rows = [z * z for z in influences]
    shares = np.array([r / r.sum() for r in rows if r.sum() > 0])
    m = shares.shape[0]
    if m < 2:
        return float(m)
    corr = np.nan_to_num(np.corrcoef(shares), nan=0.0)
    np.fill_diagonal(corr, 1.0)
    return float(m * m / (corr * corr).sum())


def moderate_design_effects(
    pivots: Mapping[int, Pivot], df: float, shares: Mapping[int, float] | None = None
) -> tuple[dict[int, Pivot], float]:
    """The themes' design effects moderated towards their common value, and the new df.

    ``df`` is the frontier's Satterthwaite count (each theme's design effect is taken to
    rest on it); the prior is fitted to the raw design effects of the themes that have a
    variance at all. Fewer than two such themes, or no finite ``df``, leave all as is.
    """
    kept = [t for t, p in pivots.items() if not p.degenerate()]
    if len(kept) < 2 or not math.isfinite(df):
        return dict(pivots), df
    prior = fit_prior(
        [pivots[t].raw_deff for t in kept],
        df,
        None if shares is None else [math.log(shares[t]) for t in kept],
    )
    cap = effective_themes([pivots[t].influence for t in kept]) * df
    out = dict(pivots)
    new_df = df
    for t, s0_squared in zip(kept, prior.s0_squared, strict=True):
        value, new_df = moderate(pivots[t].raw_deff, df, s0_squared, prior.df0, cap)
        out[t] = dataclasses.replace(pivots[t], deff=max(1.0, value))
    return out, new_df
