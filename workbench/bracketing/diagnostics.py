"""Diagnostics: facts about the data that limit what the figures mean, said in words.

They are part of the result, not log noise: a frontier that coincides with a change of
coder may be a coder's habit rather than a change in the process; a passage coded by two
coders would count twice; dates coarser than the bins cannot date a change finely; a
phase carried by one source is that source's story. Each check returns plain
``DiagnosticResult`` records that the CLI, the TUI and the reports print beside the
figures they qualify.

Double coding, the default: when a source was coded by m coders, each coder's codings in
it weigh 1/m ("coder-averaged"), so a passage coded by both counts once and a source
coded twice weighs what it would weigh coded once. Dropping the second coder instead
would depend on which coder is dropped; averaging keeps both readings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from workbench.bracketing.result import DiagnosticResult

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.bracketing.binning import Grid, IntervalTable
    from workbench.bracketing.events import EventTable

__all__ = [
    "coarse_dates",
    "coder_changes",
    "dominant_sources",
    "double_coding_weights",
    "nothing_to_bracket",
    "small_sample",
]

SMALL_EVENTS = 200
SMALL_SOURCES = 10
DOMINANT_SHARE = 0.5
CODER_CHANGE = 0.5
COARSE_SHARE = 0.25


def double_coding_weights(
    table: EventTable, mode: str
) -> tuple[np.ndarray, list[DiagnosticResult]]:
    """Event weights after the double-coding rule, and a line saying what was done."""
    if table.coder is None or len(table.coders) < 2:
        return table.weight, []
    pairs = np.unique(table.source * len(table.coders) + table.coder)
    per_source = np.bincount(pairs // len(table.coders), minlength=len(table.sources))
    multi = per_source > 1
    if not multi.any():
        return table.weight, []
    n_multi = int(multi.sum())
    n_events = int(multi[table.source].sum())
    if mode == "all":
        return table.weight, [
            DiagnosticResult(
                "double-coding",
                f"{n_multi} sources were coded by more than one coder; their {n_events} codings "
                "all count (double_coding='all'), so a passage coded twice counts twice",
            )
        ]
    weight = table.weight / per_source[table.source]
    return weight, [
        DiagnosticResult(
            "double-coding",
            f"{n_multi} sources were coded by more than one coder: each coder's codings there "
            f"weigh 1/(number of coders), so a passage coded twice counts once "
            f"({n_events} codings, weight {float(weight[multi[table.source]].sum()):.0f})",
        )
    ]


def coarse_dates(table: EventTable, grid: Grid) -> list[DiagnosticResult]:
    b0, b1 = grid.bins_of(table.start), grid.bins_of(table.end)
    coarse = b1 > b0
    total = float(table.weight.sum())
    share = float(table.weight[coarse].sum()) / total if total > 0 else 0.0
    if share < COARSE_SHARE:
        return []
    spans = (table.end - table.start + 1)[coarse]
    return [
        DiagnosticResult(
            "coarse-dates",
            f"{share:.0%} of the events are dated more coarsely than one {grid.unit} bin "
            f"(median {float(np.median(spans)):.0f} days): their weight is spread over the bins "
            "they cover, so a frontier cannot be dated more finely than its dates; likely "
            "intervals are widened to the dates' precision",
        )
    ]


def nothing_to_bracket(volume: np.ndarray, grid: Grid, min_len: int) -> list[DiagnosticResult]:
    occupied = np.flatnonzero(volume > 0)
    if occupied.size == 0:
        return []
    first, last = int(occupied[0]), int(occupied[-1])
    if last - first + 1 >= 2 * min_len:
        return []
    return [
        DiagnosticResult(
            "nothing-to-bracket",
            f"nothing to bracket: every dated event falls between {grid.start(first)} and "
            f"{grid.end(last)}, shorter than two phases of the minimum length "
            f"({min_len} {grid.unit} bins); no frontier can be proposed",
        )
    ]


def few_sources(n_units: int, unit: str) -> DiagnosticResult:
    """What resampling fewer than ``SMALL_SOURCES`` units cannot do, said with the result.

    Resampling whole sources measures how far a frontier could have come from the
    material of a few sources only when there are enough sources to leave out: with four,
    there are 35 distinct resamples and most repeat the sample's own pattern, so a
    frontier that noise put somewhere is "found again" and "passes" the change test. On
    corpora with no change at all and sources spread over the whole period, 4-8 sources
    gave a false frontier in 5-15% of corpora (10 sources: none in 20); the cluster
    bootstrap's over-confidence with few clusters is well known (Cameron, Gelbach and
    Miller 2008). Small studies of a few long interviews are common, so the frontiers are
    still proposed, each marked weak in words (``frontier_test``), not withheld.
    """
    return DiagnosticResult(
        "few-sources",
        f"only {n_units} {unit}s: resampling so few cannot tell a change from their own "
        f"material (at least {SMALL_SOURCES} are needed), so proposed frontiers are "
        "indications, not findings, and support, intervals and p-values are optimistic",
    )


def small_sample(table: EventTable) -> list[DiagnosticResult]:
    n_sources = len(np.unique(table.source))
    if table.n >= SMALL_EVENTS and n_sources >= SMALL_SOURCES:
        return []
    return [
        DiagnosticResult(
            "small-sample",
            f"small sample: {table.n} events from {n_sources} sources; frontiers, intervals and "
            "theme classes rest on too little material to be more than indications",
        )
    ]


def dominant_sources(
    itab: IntervalTable, labels: Sequence[str], sources: Sequence[str], origin: str
) -> list[DiagnosticResult]:
    out = []
    for g, label in enumerate(labels):
        weights = itab.source_weights(g)
        total = sum(weights.values())
        if total <= 0 or len(weights) == 0:
            continue
        top, top_w = max(weights.items(), key=lambda kv: (kv[1], -kv[0]))
        share = top_w / total
        if share > DOMINANT_SHARE:
            out.append(
                DiagnosticResult(
                    "dominant-source",
                    f"phase {label!r}: {share:.0%} of its material comes from one source "
                    f"({sources[top]}); its description is largely that source's",
                    origin=origin,
                    phase=label,
                )
            )
    return out


def coder_changes(
    table: EventTable,
    weight: np.ndarray,
    mid_bin: np.ndarray,
    intervals: Sequence[tuple[int, int]],
    labels: Sequence[str],
    origin: str,
) -> list[DiagnosticResult]:
    """Frontiers where the coders of the phase before and after differ by >= 50 % (TV)."""
    if table.coder is None or len(table.coders) < 2:
        return []
    n_c = len(table.coders)
    mixes = []
    for a, b in intervals:
        inside = (mid_bin >= a) & (mid_bin < b)
        mix = np.bincount(table.coder[inside], weights=weight[inside], minlength=n_c)
        mixes.append(mix / mix.sum() if mix.sum() > 0 else mix)
    out = []
    for i in range(len(intervals) - 1):
        before, after = mixes[i], mixes[i + 1]
        if before.sum() <= 0 or after.sum() <= 0:
            continue
        distance = 0.5 * float(np.abs(before - after).sum())
        if distance >= CODER_CHANGE:

            def describe(mix: np.ndarray) -> str:
                order = np.argsort(-mix)[:2]
                return ", ".join(f"{table.coders[c]} {mix[c]:.0%}" for c in order if mix[c] > 0)

            out.append(
                DiagnosticResult(
                    "coder-change",
                    f"frontier {labels[i]} | {labels[i + 1]} coincides with a change of coders "
                    f"(before: {describe(before)}; after: {describe(after)}): it may mark a "
                    "coder's habits rather than a change in the process; bracket one coder's "
                    "codings (or the consensus) to check",
                    origin=origin,
                    frontier=i,
                )
            )
    return out
