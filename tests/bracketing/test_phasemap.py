from __future__ import annotations

import numpy as np

from workbench.bracketing.binning import Grid
from workbench.bracketing.phasemap import PhaseMapRules, map_phases

THEMES = ("init-1", "init-2", "neg", "other")


def _counts(labels: str) -> np.ndarray:
    """One character per bin: i/n = initiation/negotiation marker, m = both, . = nothing."""
    rows = {"i": [3, 0, 0, 1], "n": [0, 0, 3, 1], "m": [2, 0, 2, 0], ".": [0, 0, 0, 2]}
    return np.array([rows[c] for c in labels], dtype=float)


def test_flexible_phase_map() -> None:
    rules = PhaseMapRules(
        markers={"init-1": "initiation", "init-2": "initiation", "neg": "negotiation"},
        min_run=3,
        max_interruption=1,
    )
    grid = Grid("month", 600, 18)
    result = map_phases(_counts("iiinii..iimmmnnnnn"), THEMES, rules, grid)
    assert result.sequence == ("initiation", "negotiation")
    assert result.bin_labels[:10] == ("initiation",) * 10  # 'n' tolerated, '..' bridged
    assert result.bin_labels[10:13] == ("mixed",) * 3
    assert result.bin_labels[13:] == ("negotiation",) * 5
    kinds = [(s.kind, s.first_bin, s.last_bin) for s in result.segments]
    assert kinds == [("phase", 0, 9), ("mixed", 10, 12), ("phase", 13, 17)]
    assert result.to_dict()["segments"][0]["start"] == "2020-01-01"


def test_short_runs_are_unphased() -> None:
    rules = PhaseMapRules(markers=(("neg", "negotiation"),), min_run=3, max_interruption=0)
    result = map_phases(_counts("..nn...."), THEMES, rules, Grid("month", 600, 8))
    assert result.sequence == ()
    assert set(result.bin_labels) == {"unphased"}
