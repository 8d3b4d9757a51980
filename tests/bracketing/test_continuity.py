from __future__ import annotations

import math

import numpy as np

from workbench.bracketing.continuity import theme_changes

THEMES = ("a", "b", "c", "d")
KW = {"alpha": 0.05, "presence": 0.02, "margin": math.log(1.5)}


def _sources(rng: np.random.Generator, shares: list[float], n_sources: int, per: int) -> np.ndarray:
    return rng.multinomial(per, shares, size=n_sources).astype(float)


def _classes(before: np.ndarray, after: np.ndarray) -> list[str]:
    n = max(before.shape[0], after.shape[0])
    pad = lambda m: np.vstack([m, np.zeros((n - m.shape[0], m.shape[1]))])  # noqa: E731
    return [c.classification for c in theme_changes(pad(before), pad(after), THEMES, **KW)]


def test_classes_on_clear_cases() -> None:
    rng = np.random.default_rng(0)
    before = _sources(rng, [0.4, 0.3, 0.3, 0.0], 200, 30)
    after = _sources(rng, [0.4, 0.05, 0.0, 0.55], 200, 30)
    assert _classes(before, after) == ["continuous", "attenuated", "disappearing", "emergent"]


def test_no_significant_change_is_not_continuity() -> None:
    """Little data: nothing significant, and equivalence cannot be shown either."""
    rng = np.random.default_rng(1)
    before = _sources(rng, [0.25, 0.25, 0.25, 0.25], 4, 10)
    after = _sources(rng, [0.25, 0.25, 0.25, 0.25], 4, 10)
    classes = _classes(before, after)
    assert "continuous" not in classes
    assert set(classes) == {"inconclusive"}


def test_absent_and_intensified() -> None:
    rng = np.random.default_rng(2)
    before = _sources(rng, [0.9, 0.1, 0.0, 0.0], 150, 40)
    after = _sources(rng, [0.6, 0.4, 0.0, 0.0], 150, 40)
    assert _classes(before, after) == ["attenuated", "intensified", "absent", "absent"]


def test_overdispersion_widens_the_interval() -> None:
    """Same pooled counts; clustered by source they must give a wider CI."""
    rng = np.random.default_rng(3)
    spread = _sources(rng, [0.5, 0.5, 0, 0], 100, 20)
    clustered = np.zeros_like(spread)
    clustered[:50, 0] = spread[:, 0].sum() / 50
    clustered[50:, 1] = spread[:, 1].sum() / 50
    other = _sources(rng, [0.5, 0.5, 0, 0], 100, 20)
    se_spread = theme_changes(spread, other, THEMES, **KW)[0].se
    se_clustered = theme_changes(clustered, other, THEMES, **KW)[0].se
    assert se_clustered > 2 * se_spread


def test_a_smeared_emergent_theme_stays_emergent() -> None:
    """2 % before (a gradual frontier's residue), 15 % after: emergent, not intensified."""
    rng = np.random.default_rng(4)
    before = _sources(rng, [0.58, 0.4, 0.0, 0.02], 200, 30)
    after = _sources(rng, [0.45, 0.4, 0.0, 0.15], 200, 30)
    assert _classes(before, after)[3] == "emergent"


def test_effective_sources_not_raw_sources_set_the_degrees_of_freedom() -> None:
    """One source holding most material leaves few degrees of freedom."""
    from workbench.bracketing.continuity import _effective_df

    even = np.full(50, 10.0)
    skew = np.concatenate([[1000.0], np.full(49, 1.0)])
    assert _effective_df(even, even, 500.0, 500.0) == 49
    assert _effective_df(skew, skew, skew.sum(), skew.sum()) < 2


def test_equivalence_is_controlled_by_false_discovery_rate() -> None:
    """Many equally continuous themes: Holm would need each p < alpha / m, BH does not."""
    from workbench.bracketing.distributions import benjamini_hochberg

    assert benjamini_hochberg([0.04] * 10) == [0.04] * 10
    assert benjamini_hochberg([0.01, 0.04, 0.5]) == [0.03, 0.06, 0.5]


def test_a_theme_that_is_all_there_is_on_both_sides_is_continuous() -> None:
    # one theme only (a bracketing restricted to one code, or a phase map's markers):
    # its share is 1 on both sides, with no variance; nothing divides by zero
    before = np.array([[4.0], [6.0], [5.0]])
    after = np.array([[3.0], [7.0], [0.0]])
    (change,) = theme_changes(before, after, ["only"], alpha=0.05, presence=0.02, margin=0.4)
    assert change.classification == "continuous"
    assert change.share_before == change.share_after == 1.0
