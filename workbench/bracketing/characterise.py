"""Describing a phase: span, material, dominant themes and exemplar quotes.

Dominant themes are ranked by share and reported with their *lift* (share in the phase /
share over the whole period), because a theme can dominate every phase without
characterising any of them.

Exemplars are the "most phase-typical" segments: themes are ranked by their contribution
to the phase's divergence from the whole period, ``share · log(lift)`` (positive lift
only), and for each such theme the quote chosen is the most precisely dated segment lying
entirely inside the phase (shortest date range, then own date before a mentioned date
before a document date), preferring sources not already quoted. A quote whose date range
straddles the frontier is never used: it cannot illustrate one side.
"""

from __future__ import annotations

import datetime as dt
import math
from itertools import repeat
from operator import is_not
from typing import TYPE_CHECKING

import numpy as np

from workbench.bracketing.events import DATE_SOURCES, EventTable
from workbench.bracketing.result import ExemplarResult, PhaseResult, ThemeShareResult

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.bracketing.binning import Grid, IntervalTable

__all__ = ["characterise_phases"]


def _exemplars(
    table: EventTable,
    inside: np.ndarray,
    has_text: np.ndarray,
    share: np.ndarray,
    whole: np.ndarray,
    n_exemplars: int,
) -> tuple[ExemplarResult, ...]:
    if n_exemplars <= 0:
        return ()
    with np.errstate(divide="ignore", invalid="ignore"):
        typicality = np.where((share > 0) & (whole > 0), share * np.log(share / whole), -np.inf)
    ranked = [int(t) for t in np.argsort(-typicality, kind="stable") if typicality[t] > 0]
    candidates = np.flatnonzero(inside & has_text)
    if candidates.size == 0:
        return ()
    span = table.end[candidates] - table.start[candidates]
    order = np.lexsort((table.date_source[candidates], span))
    candidates = candidates[order]
    themes_of = table.theme[candidates]
    chosen: list[int] = []
    used_sources: set[int] = set()
    for t in ranked:
        pool = candidates[themes_of == t]
        if pool.size == 0:
            continue
        fresh = [int(i) for i in pool[:50] if int(table.source[i]) not in used_sources]
        pick = fresh[0] if fresh else int(pool[0])
        chosen.append(pick)
        used_sources.add(int(table.source[pick]))
        if len(chosen) >= n_exemplars:
            break
    out = []
    for i in chosen:
        t = int(table.theme[i])
        out.append(
            ExemplarResult(
                event_id=table.event_ids[i],
                theme=table.themes[t],
                source=table.sources[int(table.source[i])],
                case=table.cases[int(table.case[i])] if table.case[i] >= 0 else None,
                start=dt.date.fromordinal(int(table.start[i])),
                end=dt.date.fromordinal(int(table.end[i])),
                precision=table.precisions[int(table.precision[i])],
                date_source=DATE_SOURCES[int(table.date_source[i])],
                text=str(table.texts[i]),
                typicality=float(typicality[t]),
            )
        )
    return tuple(out)


def characterise_phases(
    phases: Sequence[tuple[str, int, int]],
    itab: IntervalTable,
    table: EventTable,
    event_bins: tuple[np.ndarray, np.ndarray],
    grid: Grid,
    whole_totals: np.ndarray,
    *,
    n_dominant: int,
    n_exemplars: int,
) -> tuple[PhaseResult, ...]:
    ev_b0, ev_b1 = event_bins
    totals = itab.totals()
    whole = whole_totals / whole_totals.sum() if whole_totals.sum() > 0 else whole_totals
    has_text = np.fromiter(map(is_not, table.texts, repeat(None)), dtype=bool, count=table.n)
    out = []
    for g, (label, a, b) in enumerate(phases):
        weight = float(totals[g].sum())
        share = totals[g] / weight if weight > 0 else np.zeros_like(totals[g])
        overlapping = (ev_b1 >= a) & (ev_b0 < b)
        inside = (ev_b0 >= a) & (ev_b1 < b)
        n_events = int(overlapping.sum())
        dominant = []
        for t in np.argsort(-share, kind="stable")[:n_dominant]:
            if share[t] <= 0:
                break
            lift = float(share[t] / whole[t]) if whole[t] > 0 else None
            dominant.append(
                ThemeShareResult(
                    theme=table.themes[int(t)],
                    weight=float(totals[g, t]),
                    share=float(share[t]),
                    whole_share=float(whole[t]),
                    lift=lift if lift is None or math.isfinite(lift) else None,
                )
            )
        out.append(
            PhaseResult(
                label=label,
                start=grid.start(a),
                end=grid.end(b - 1),
                first_bin=a,
                last_bin=b - 1,
                first_event=(
                    dt.date.fromordinal(int(table.start[overlapping].min())) if n_events else None
                ),
                last_event=(
                    dt.date.fromordinal(int(table.end[overlapping].max())) if n_events else None
                ),
                n_events=n_events,
                weight=weight,
                n_sources=len(itab.source_weights(g)),
                n_cases=len(itab.case_weights(g)),
                dominant_themes=tuple(dominant),
                exemplars=_exemplars(table, inside, has_text, share, whole, n_exemplars),
            )
        )
    return tuple(out)
