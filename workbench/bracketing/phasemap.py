"""Rule-based flexible phase mapping (after Holmes & Poole), as a second mode.

Instead of letting the data choose frontiers, the researcher states which codes mark
which phase (a developmental model: "initiation", "negotiation"...). Each bin is read as:

* the phase whose markers hold at least ``dominance`` of the bin's marker weight;
* ``mixed`` when markers are present but no phase dominates;
* empty when no marker is present (no evidence either way).

Phases are then recognised flexibly: a stretch of another reading between two stretches
of the same phase is *tolerated* (absorbed) if its non-empty length is at most
``max_interruption`` bins, and empty bins between two stretches of the same phase are
bridged when ``bridge_empty`` (absence of data is not evidence of a change). A phase is
established only by at least ``min_run`` bins that actually read as that phase. Whatever
is left is ``mixed`` (several phases or undecided bins interleave) or ``unphased`` (no
markers, or a lone short run).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from workbench.bracketing.result import PhaseMapResult, PhaseMapSegmentResult
from workbench.core.errors import InputError

if TYPE_CHECKING:
    from workbench.bracketing.binning import Grid

__all__ = ["MIXED", "UNPHASED", "PhaseMapRules", "map_phases"]

MIXED = "mixed"
UNPHASED = "unphased"
_EMPTY = ""


@dataclass(frozen=True, slots=True)
class PhaseMapRules:
    """Marker table (theme -> phase label) and the flexibility of the mapping, in bins."""

    markers: Mapping[str, str] | tuple[tuple[str, str], ...] = field(default=())
    min_run: int = 2
    max_interruption: int = 1
    dominance: float = 0.6
    bridge_empty: bool = True

    def __post_init__(self) -> None:
        pairs = self.markers.items() if isinstance(self.markers, Mapping) else self.markers
        normalised = tuple(sorted((str(k), str(v)) for k, v in pairs))
        object.__setattr__(self, "markers", normalised)
        if not normalised:
            raise InputError("phase mapping needs at least one marker")
        if any(v in (MIXED, UNPHASED, _EMPTY) for _, v in normalised):
            raise InputError(f"phase labels {MIXED!r}, {UNPHASED!r} and '' are reserved")
        if self.min_run < 1 or self.max_interruption < 0 or not 0.5 <= self.dominance <= 1:
            raise InputError("min_run >= 1, max_interruption >= 0, dominance in [0.5, 1]")


def _runs(labels: Sequence[str]) -> list[list]:
    runs: list[list] = []
    for b, label in enumerate(labels):
        if runs and runs[-1][0] == label:
            runs[-1][2] = b + 1
        else:
            runs.append([label, b, b + 1])
    return runs


def map_phases(
    counts: np.ndarray, themes: Sequence[str], rules: PhaseMapRules, grid: Grid
) -> PhaseMapResult:
    marker_pairs = tuple(rules.markers)  # normalised in __post_init__
    phase_labels = sorted({p for _, p in marker_pairs})
    theme_index = {t: i for i, t in enumerate(themes)}
    weights = np.zeros((counts.shape[0], len(phase_labels)))
    for theme, phase in marker_pairs:
        if theme in theme_index:
            weights[:, phase_labels.index(phase)] += counts[:, theme_index[theme]]
    total = weights.sum(axis=1)
    labels: list[str] = []
    for b in range(counts.shape[0]):
        if total[b] <= 0:
            labels.append(_EMPTY)
            continue
        top = int(np.argmax(weights[b]))
        labels.append(phase_labels[top] if weights[b, top] >= rules.dominance * total[b] else MIXED)
    phase_set = set(phase_labels)

    runs = _runs(labels)
    changed = True
    while changed:
        changed = False
        for i, (label, _, _) in enumerate(runs):
            if label not in phase_set:
                continue
            interruption = 0
            for j in range(i + 1, len(runs)):
                other = runs[j][0]
                if other == label:
                    if j > i + 1:
                        runs[i : j + 1] = [[label, runs[i][1], runs[j][2], *runs[i][3:]]]
                        changed = True
                    break
                if other != _EMPTY or not rules.bridge_empty:
                    interruption += runs[j][2] - runs[j][1]
                if interruption > rules.max_interruption:
                    break
            if changed:
                break
    final: list[str] = [UNPHASED] * counts.shape[0]
    segments: list[PhaseMapSegmentResult] = []
    pending: list[int] = []

    def flush() -> None:
        if not pending:
            return
        a, b = pending[0], pending[-1] + 1
        seen = {labels[x] for x in range(a, b)} - {_EMPTY}
        kind = MIXED if MIXED in seen or len(seen) > 1 else UNPHASED
        for x in range(a, b):
            final[x] = kind
        segments.append(
            PhaseMapSegmentResult(
                label=kind,
                kind=kind,
                start=grid.start(a),
                end=grid.end(b - 1),
                first_bin=a,
                last_bin=b - 1,
                marker_weight=float(total[a:b].sum()),
            )
        )
        pending.clear()

    for label, a, b in runs:
        own = sum(1 for x in range(a, b) if labels[x] == label)
        if label in phase_set and own >= rules.min_run:
            flush()
            for x in range(a, b):
                final[x] = label
            segments.append(
                PhaseMapSegmentResult(
                    label=label,
                    kind="phase",
                    start=grid.start(a),
                    end=grid.end(b - 1),
                    first_bin=a,
                    last_bin=b - 1,
                    marker_weight=float(total[a:b].sum()),
                )
            )
        else:
            pending.extend(range(a, b))
    flush()
    return PhaseMapResult(
        bin_labels=tuple(final),
        segments=tuple(segments),
        sequence=tuple(s.label for s in segments if s.kind == "phase"),
        markers=marker_pairs,
        min_run=rules.min_run,
        max_interruption=rules.max_interruption,
        dominance=rules.dominance,
        bridge_empty=rules.bridge_empty,
    )
