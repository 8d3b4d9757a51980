"""The case rows of the timeline (C): each case's crossing of the pooled frontiers.

One row per case under the pooled phases, on the timeline's own bins and window: the
case's coded span as a faint ``─``, the likely interval of each crossing as ``━`` (as the
pooled frontiers draw theirs), the crossing itself as ``┃`` followed by the frontier's
number and, when there is one, a short flag: ``LATE`` or ``EARLY`` (the case's timing
differs from the typical case's), ``too few`` (too few events to tell). A case that never
crosses a frontier gets ``× N not crossed`` at the pooled date instead of a ``┃``. The
figures are those of the cases screen; this only draws them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from rich.style import Style

    from workbench.bracketing.case_results import CaseFrontierShiftResult, CaseShiftResult

SPAN = "─"
INTERVAL = "━"
CROSSING = "┃"
NOT_CROSSED = "×"

CASES_LEGEND = (
    "Cases: ┃ crossing of pooled frontier N   ━ its likely dates   ─ the case's codings   "
    "× not crossed"
)


def flag_text(f: CaseFrontierShiftResult) -> str:
    """The short label after a crossing: LATE, EARLY, not crossed, too few, or nothing."""
    if f.status == "not crossed":
        return "not crossed"
    if f.status != "found":
        return "too few"
    if f.timing in ("late", "early"):
        return f.timing.upper()
    return ""


def draw_case(
    case: CaseShiftResult,
    chars: list[str],
    styles: list[Style],
    *,
    cell: int,
    bin_of: Callable[[dt.date], int],
    column_of: Callable[[dt.date], int],
    interval: Style,
    marker: Style,
    dim: Style,
) -> None:
    """Draw one case into ``chars`` and ``styles`` (one entry per column of the bins)."""
    size = len(chars)
    if case.status != "analysed":
        text = case.status[:size]
        chars[: len(text)] = text
        styles[: len(text)] = [dim] * len(text)
        return
    if case.first_date is not None and case.last_date is not None:
        lo, hi = bin_of(case.first_date) * cell, (bin_of(case.last_date) + 1) * cell
        chars[lo:hi] = SPAN * (hi - lo)
        styles[lo:hi] = [dim] * (hi - lo)
    for f in case.frontiers:
        if f.status == "not crossed" or f.interval_dates is None:
            continue
        start, end = f.interval_dates
        start = start or case.first_date or f.date
        end = end or case.last_date or f.date
        if start is None or end is None:
            continue
        lo, hi = bin_of(start) * cell, (bin_of(end) + 1) * cell
        chars[lo:hi] = INTERVAL * (hi - lo)
        styles[lo:hi] = [interval] * (hi - lo)
    places = []
    for f in case.frontiers:
        crossed = f.status != "not crossed" and f.date is not None
        day = f.date if crossed and f.date is not None else f.pooled_date
        at = min(column_of(day), size - 1)
        chars[at] = CROSSING if crossed else NOT_CROSSED
        styles[at] = marker if crossed else dim
        places.append((at, f, crossed))
    for j, (at, f, crossed) in enumerate(places):
        nxt = places[j + 1][0] if j + 1 < len(places) else size
        flag = flag_text(f)
        text = f" {f.frontier + 1}" + (f" {flag}" if flag else "")
        text = text[: max(0, min(nxt, size) - at - 1)]
        chars[at + 1 : at + 1 + len(text)] = text
        styles[at + 1 : at + 1 + len(text)] = [marker if crossed else dim] * len(text)


def case_summary(case: CaseShiftResult) -> str:
    """The case under the cursor, in words, for the status line."""
    if case.status != "analysed":
        return f"{case.case}: {case.status}"
    parts = []
    for f in case.frontiers:
        name = f"{f.before} | {f.after}"
        if f.status == "not crossed":
            parts.append(f"{name} not crossed")
            continue
        shift = "?" if f.shift_days is None else f"{f.shift_days:+d} d"
        flag = flag_text(f)
        parts.append(f"{name} {f.date or '?'} ({shift})" + (f" {flag}" if flag else ""))
    flagged = " · flagged" if case.flagged else ""
    return f"{case.case} · {case.n_events} events: " + "; ".join(parts) + flagged
