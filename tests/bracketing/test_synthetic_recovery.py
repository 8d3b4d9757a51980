"""Recovery of planted phases over 20 seeds per difficulty (the acceptance sweep).

Runs the engine with default parameters (no bootstrap, so the default K is the quasi-BIC
choice) and the planted phases as researcher phases for the continuity classes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from workbench.bracketing import BracketParams, bracket
from workbench.bracketing.synthetic import generate

if TYPE_CHECKING:
    import datetime as dt

SEEDS = range(20)
TOLERANCE_DAYS = 183  # +-6 months
FORBIDDEN = {
    ("continuous", "emergent"),
    ("continuous", "disappearing"),
    ("emergent", "continuous"),
    ("disappearing", "continuous"),
}


def boundary_f1(true: tuple[dt.date, ...], found: list[dt.date]) -> float:
    """F1 of one-to-one matches within the tolerance (greedy on distance)."""
    pairs = sorted(
        (abs((f - t).days), i, j)
        for i, t in enumerate(true)
        for j, f in enumerate(found)
        if abs((f - t).days) <= TOLERANCE_DAYS
    )
    used_t: set[int] = set()
    used_f: set[int] = set()
    for _, i, j in pairs:
        if i not in used_t and j not in used_f:
            used_t.add(i)
            used_f.add(j)
    tp = len(used_t)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(true) if true else 1.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@pytest.mark.parametrize("difficulty", ["easy", "medium"])
def test_planted_phases_are_recovered(difficulty: str) -> None:
    k_exact = 0
    f1s = []
    agree = total = 0
    confusions: list[tuple[str, str]] = []
    for seed in SEEDS:
        data = generate(difficulty, seed)
        result = bracket(data.events, phases=data.truth.phases, params=BracketParams())
        k_exact += result.proposal.default_k == len(data.truth.phases)
        f1s.append(
            boundary_f1(
                data.truth.frontiers, [f.date for f in result.proposal.segmentation.frontiers]
            )
        )
        for frontier, roles in zip(result.researcher.frontiers, data.truth.roles, strict=True):
            for change, role in zip(frontier.continuity.themes, roles, strict=True):
                total += 1
                agree += change.classification == role
                if change.classification != role:
                    confusions.append((role, change.classification))
    assert k_exact / len(SEEDS) >= 0.95
    assert sum(f1s) / len(f1s) >= 0.95
    assert agree / total >= 0.85, confusions
    assert not FORBIDDEN & set(confusions)
