"""Rule-based flexible phase mapping (after Holmes & Poole), as a second mode.

Instead of letting the data choose frontiers, the researcher states which codes mark
which phase (the codebook's ``phase_markers``). Flexible phase mapping (Poole & Roth 1989;
Holmes & Poole 1991; Poole, Van de Ven, Dooley & Holmes 2000, ch. 8; the WinPhaser program)
reads a sequence of phase markers with a few parsing rules. Here the sequence is one of
calendar bins, and each bin is read as:

* a phase, when that phase's markers hold at least ``dominance`` of the bin's marker
  weight, and more than any other phase's (a code marking k phases gives each 1/k of its
  weight);
* *mixed*, when markers are present but no phase dominates;
* *unmarked*, when the bin has codings but none of them is a marker;
* *empty*, when nothing was coded in the bin (no data).

The parsing rules, each an option of ``PhaseMapRules``:

1. **Minimum run** (``min_run``, 3 by default, as in Holmes & Poole): a phase is founded by
   at least ``min_run`` consecutive bins read as that phase. Strict alternation (ABABABAB)
   founds no phase: it is a mixed stretch.
2. **Interruption tolerance** (``max_interruption``, 1): once founded, a phase carries on
   through at most ``max_interruption`` bins read otherwise (another phase, mixed or
   unmarked) if its own markers resume right after; the interruption becomes part of the
   phase, in both directions. A phase must keep the majority of its non-empty bins.
3. **Gap handling** (``max_gap``, 1): a run of at most ``max_gap`` empty bins is bridged
   (within a phase, and inside an interruption); a longer one ends the phase and is
   reported as a gap ("no data"), never as part of a phase. ``max_gap=None`` bridges
   every gap (absence of data taken as no evidence of change).
4. **Mixed-phase rule** (``mixed_min_share``, 0.25): what is left between phases is split
   at gaps; a stretch of at least ``min_run`` non-empty bins in which two or more phases
   each hold at least ``mixed_min_share`` of the marker weight is a *mixed phase* and is
   named by its components, heaviest first ("mixed: A+B"). Anything else (a run too
   short to found a phase, a stretch with one phase's markers only under the minimum, or
   bins with no markers) is *unphased*.

The sequence (``sequence``) lists the phases and the mixed phases in order; gaps and
unphased stretches are left out of it but are segments of the map.
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

__all__ = [
    "GAP",
    "MIXED",
    "UNPHASED",
    "FlexiblePhaseMapResult",
    "PhaseMapRules",
    "PhaseMapSegment",
    "map_phases",
    "read_bins",
]

MIXED = "mixed"
UNPHASED = "unphased"
GAP = "gap"
UNMARKED = "unmarked"
EMPTY = ""
_RESERVED = (MIXED, UNPHASED, GAP, UNMARKED, EMPTY)


@dataclass(frozen=True, slots=True)
class PhaseMapRules:
    """Marker table (theme -> phase label) and the parsing rules, in bins (see module)."""

    markers: Mapping[str, str] | tuple[tuple[str, str], ...] = field(default=())
    min_run: int = 3
    max_interruption: int = 1
    dominance: float = 0.6
    bridge_empty: bool = False  # True: bridge gaps of any length (max_gap ignored)
    max_gap: int | None = 1
    mixed_min_share: float = 0.25

    def __post_init__(self) -> None:
        pairs = self.markers.items() if isinstance(self.markers, Mapping) else self.markers
        normalised = tuple(sorted({(str(k), str(v)) for k, v in pairs}))
        object.__setattr__(self, "markers", normalised)
        if not normalised:
            raise InputError("phase mapping needs at least one marker")
        if any(v in _RESERVED for _, v in normalised):
            raise InputError(f"phase labels {', '.join(map(repr, _RESERVED))} are reserved")
        if self.min_run < 1:
            raise InputError(f"minimum run must be 1 bin or more, not {self.min_run}")
        if self.max_interruption < 0:
            raise InputError(
                f"interruption tolerance must be 0 or more bins, not {self.max_interruption}"
            )
        if self.max_gap is not None and self.max_gap < 0:
            raise InputError(f"gap bridging must be 0 or more bins, not {self.max_gap}")
        if not 0.5 <= self.dominance <= 1:
            raise InputError(f"dominance must be in [0.5, 1], not {self.dominance}")
        if not 0 < self.mixed_min_share <= 0.5:
            raise InputError(f"mixed-phase share must be in (0, 0.5], not {self.mixed_min_share}")

    @property
    def gap_limit(self) -> float:
        """Longest run of empty bins that is bridged."""
        if self.bridge_empty or self.max_gap is None:
            return float("inf")
        return float(self.max_gap)


@dataclass(frozen=True, slots=True)
class PhaseMapSegment(PhaseMapSegmentResult):
    """A segment of the map; ``components`` names what a mixed phase mixes (heaviest
    first), ``shares`` each component's share of the segment's marker weight."""

    components: tuple[str, ...] = ()
    shares: tuple[float, ...] = ()
    n_bins: int = 0
    interruptions: int = 0  # bins read otherwise that a phase carried on through


@dataclass(frozen=True, slots=True)
class FlexiblePhaseMapResult(PhaseMapResult):
    """The map with every parsing rule it was made with."""

    max_gap: int | None = 1
    mixed_min_share: float = 0.25
    bin_readings: tuple[str, ...] = ()  # each bin as read before parsing


def read_bins(
    counts: np.ndarray, themes: Sequence[str], rules: PhaseMapRules
) -> tuple[list[str], np.ndarray, list[str]]:
    """Each bin's reading, the bins x phases marker weights and the phase labels."""
    marker_pairs = tuple(rules.markers)  # normalised in __post_init__
    phase_labels = sorted({p for _, p in marker_pairs})
    per_theme: dict[str, list[str]] = {}
    for theme, phase in marker_pairs:
        per_theme.setdefault(theme, []).append(phase)
    theme_index = {t: i for i, t in enumerate(themes)}
    weights = np.zeros((counts.shape[0], len(phase_labels)))
    for theme, phases in per_theme.items():
        if theme in theme_index:
            for phase in phases:
                weights[:, phase_labels.index(phase)] += counts[:, theme_index[theme]] / len(phases)
    total = weights.sum(axis=1)
    coded = counts.sum(axis=1) > 0
    readings: list[str] = []
    for b in range(counts.shape[0]):
        if total[b] <= 0:
            readings.append(UNMARKED if coded[b] else EMPTY)
            continue
        top = int(np.argmax(weights[b]))
        tied = int(np.count_nonzero(weights[b] == weights[b, top])) > 1
        dominant = weights[b, top] >= rules.dominance * total[b] and not tied
        readings.append(phase_labels[top] if dominant else MIXED)
    return readings, weights, phase_labels


def _runs(labels: Sequence[str]) -> list[tuple[str, int, int]]:
    runs: list[tuple[str, int, int]] = []
    for b, label in enumerate(labels):
        if runs and runs[-1][0] == label:
            runs[-1] = (label, runs[-1][1], b + 1)
        else:
            runs.append((label, b, b + 1))
    return runs


def _resume(
    readings: Sequence[str], label: str, start: int, step: int, limit: int, rules: PhaseMapRules
) -> int | None:
    """From ``start`` going ``step`` (+1 or -1), the first bin of ``label`` reached through a
    tolerable interruption (before ``limit``), or None."""
    interrupted = 0
    empty_run = 0
    b = start
    while b != limit:
        reading = readings[b]
        if reading == label:
            return b
        if reading == EMPTY:
            empty_run += 1
            if empty_run > rules.gap_limit:
                return None
        else:
            empty_run = 0
            interrupted += 1
            if interrupted > rules.max_interruption:
                return None
        b += step
    return None


def _phases(
    readings: list[str], phase_set: set[str], rules: PhaseMapRules
) -> list[tuple[str, int, int]]:
    """Founded phases as (label, first bin, last bin + 1), in order."""
    n = len(readings)
    found: list[tuple[str, int, int]] = []
    for label, a, b in _runs(readings):
        if label in phase_set and b - a >= rules.min_run:
            found.append((label, a, b))
    phases: list[tuple[str, int, int]] = []
    for label, a, b in found:
        if phases and phases[-1][2] > a:
            continue  # already inside the phase before (carried through its interruption)
        left_limit = phases[-1][2] - 1 if phases else -1
        # carry on to the right, run after run, while the interruption is tolerable
        end = b
        while True:
            nxt = _resume(readings, label, end, 1, n, rules)
            if nxt is None or not _keeps_majority(readings, label, a, _run_end(readings, nxt)):
                break
            end = _run_end(readings, nxt)
        # and to the left, not into the phase before
        start = a
        while True:
            prev = _resume(readings, label, start - 1, -1, left_limit, rules)
            if prev is None:
                break
            first = _run_start(readings, prev)
            first = max(first, left_limit + 1)
            if not _keeps_majority(readings, label, first, end):
                break
            start = first
        phases.append((label, start, end))
    return phases


def _run_end(readings: Sequence[str], b: int) -> int:
    label = readings[b]
    while b < len(readings) and readings[b] == label:
        b += 1
    return b


def _run_start(readings: Sequence[str], b: int) -> int:
    label = readings[b]
    while b > 0 and readings[b - 1] == label:
        b -= 1
    return b


def _keeps_majority(readings: Sequence[str], label: str, a: int, b: int) -> bool:
    stretch = [r for r in readings[a:b] if r != EMPTY]
    return 2 * sum(1 for r in stretch if r == label) > len(stretch)


def map_phases(
    counts: np.ndarray, themes: Sequence[str], rules: PhaseMapRules, grid: Grid
) -> FlexiblePhaseMapResult:
    """The flexible phase map of bins x themes ``counts`` under ``rules`` (see module)."""
    readings, weights, phase_labels = read_bins(counts, themes, rules)
    n = len(readings)
    total = weights.sum(axis=1)
    phases = _phases(readings, set(phase_labels), rules)
    final = [UNPHASED] * n
    segments: list[PhaseMapSegment] = []

    def segment(label: str, kind: str, a: int, b: int, **extra: object) -> PhaseMapSegment:
        return PhaseMapSegment(
            label=label,
            kind=kind,
            start=grid.start(a),
            end=grid.end(b - 1),
            first_bin=a,
            last_bin=b - 1,
            marker_weight=float(total[a:b].sum()),
            n_bins=b - a,
            **extra,  # type: ignore[arg-type]
        )

    def leftover(a: int, b: int) -> None:
        """Between phases: gaps, mixed phases and unphased stretches."""
        pieces: list[tuple[int, int]] = []
        start = a
        x = a
        while x < b:
            if readings[x] != EMPTY:
                x += 1
                continue
            y = x
            while y < b and readings[y] == EMPTY:
                y += 1
            if y - x > rules.gap_limit or x == a or y == b:
                if x > start:
                    pieces.append((start, x))
                pieces.append((x, -y))  # a gap
                start = y
            x = y
        if start < b:
            pieces.append((start, b))
        for first, last in pieces:
            if last < 0:
                for z in range(first, -last):
                    final[z] = GAP
                segments.append(segment("no data", GAP, first, -last))
                continue
            _classify(first, last)

    def _classify(a: int, b: int) -> None:
        weight = weights[a:b].sum(axis=0)
        marked = float(weight.sum())
        order = np.argsort(-weight, kind="stable")
        shares = weight / marked if marked > 0 else weight
        parts = [int(i) for i in order if marked > 0 and shares[i] >= rules.mixed_min_share]
        non_empty = sum(1 for r in readings[a:b] if r != EMPTY)
        if len(parts) >= 2 and non_empty >= rules.min_run:
            names = tuple(phase_labels[i] for i in parts)
            for z in range(a, b):
                final[z] = MIXED
            segments.append(
                segment(
                    "mixed: " + "+".join(names),
                    MIXED,
                    a,
                    b,
                    components=names,
                    shares=tuple(round(float(shares[i]), 4) for i in parts),
                )
            )
            return
        present = tuple(phase_labels[int(i)] for i in order if marked > 0 and weight[i] > 0)
        segments.append(
            segment(
                UNPHASED,
                UNPHASED,
                a,
                b,
                components=present,
                shares=tuple(round(float(shares[phase_labels.index(p)]), 4) for p in present),
            )
        )

    cursor = 0
    for label, a, b in phases:
        if a > cursor:
            leftover(cursor, a)
        for z in range(a, b):
            final[z] = label
        segments.append(
            segment(
                label,
                "phase",
                a,
                b,
                components=(label,),
                interruptions=sum(1 for r in readings[a:b] if r not in (label, EMPTY)),
            )
        )
        cursor = b
    if cursor < n:
        leftover(cursor, n)
    return FlexiblePhaseMapResult(
        bin_labels=tuple(final),
        segments=tuple(segments),
        sequence=tuple(s.label for s in segments if s.kind in ("phase", MIXED)),
        markers=tuple(rules.markers),  # type: ignore[arg-type]
        min_run=rules.min_run,
        max_interruption=rules.max_interruption,
        dominance=rules.dominance,
        bridge_empty=rules.bridge_empty or rules.max_gap is None,
        max_gap=None if rules.bridge_empty else rules.max_gap,
        mixed_min_share=rules.mixed_min_share,
        bin_readings=tuple(r or "empty" for r in readings),
    )


def describe_rules(rules: PhaseMapRules) -> str:
    """The parsing rules in one line, for the notes under a map."""
    gap = (
        "every gap bridged"
        if rules.gap_limit == float("inf")
        else f"gaps of up to {rules.max_gap} empty bin{'s' if rules.max_gap != 1 else ''} bridged"
    )
    return (
        f"a phase needs {rules.min_run} bins in a row; carries on through "
        f"{rules.max_interruption} bin{'s' if rules.max_interruption != 1 else ''} read "
        f"otherwise; {gap}; a bin reads as a phase at {rules.dominance:.0%} of its markers; "
        f"a mixed phase names each phase with {rules.mixed_min_share:.0%} of its markers"
    )
