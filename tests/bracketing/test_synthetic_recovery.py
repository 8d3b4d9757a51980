"""Recovery of planted phases over 20 seeds per difficulty (the acceptance sweep).

Runs the engine with default parameters (inference on, so the default K is the
source-bootstrap rule) and the planted phases as researcher phases for the continuity
classes.
"""

from __future__ import annotations

import pytest

from workbench.bracketing import BracketParams, bracket
from workbench.bracketing.synthetic import boundary_f1, generate

SEEDS = range(20)
FORBIDDEN = {
    ("continuous", "emergent"),
    ("continuous", "disappearing"),
    ("emergent", "continuous"),
    ("disappearing", "continuous"),
}


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
