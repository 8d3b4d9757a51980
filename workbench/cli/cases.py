"""``bracket --cases``: every case placed on the pooled frontiers, as text.

One block per case: its size, the pooled phases its codings were read through, then one
line per pooled frontier with the case's crossing, its shift from the pooled date (signed
against *that* frontier: + is later) and its interval, and the timing flag; or why the
frontier could not be placed ("not crossed", "too few events to tell").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from collections.abc import Callable

    from workbench.bracketing.case_results import (
        CaseFrontierShiftResult,
        CaseShiftResult,
        CaseTimingResult,
    )

MIN_CASE_EVENTS = 30


@dataclass(frozen=True, slots=True)
class CaseOptions:
    cases: tuple[str, ...]
    min_case_events: int


def case_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--cases, --case NAME (repeatable) and --min-case-events N."""
    options = [
        click.option(
            "--cases",
            "per_case",
            is_flag=True,
            help="Place every case on the pooled frontiers: its crossing, shift and interval.",
        ),
        click.option(
            "--case",
            "case_names",
            multiple=True,
            help="Only this case (repeatable); implies --cases.",
        ),
        click.option(
            "--min-case-events",
            type=click.IntRange(min=1),
            default=MIN_CASE_EVENTS,
            show_default=True,
            help="Cases with fewer dated codings are listed as skipped.",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def case_setup(options: dict[str, Any]) -> CaseOptions | None:
    """Take the case options out of ``options``; None when no per-case view is asked."""
    per_case = options.pop("per_case", False)
    names = tuple(options.pop("case_names", ()) or ())
    minimum = options.pop("min_case_events", MIN_CASE_EVENTS)
    if not (per_case or names or minimum != MIN_CASE_EVENTS):
        return None
    return CaseOptions(names, minimum)


def _signed(days: int) -> str:
    return f"{days:+d}"


def _frontier_line(f: CaseFrontierShiftResult) -> str:
    head = f"    {f.before} | {f.after} (pooled {f.pooled_date}): "
    if f.status == "not crossed":
        flag = "  NOT CROSSED" if f.timing == "not crossed" else ""
        return head + f"not crossed: {f.note}{flag}"
    shift = f"{_signed(f.shift_days or 0)} days"
    if f.interval_days is not None:
        lo, hi = f.interval_days
        low = "before its codings" if lo is None else _signed(lo)
        high = "after its codings" if hi is None else _signed(hi)
        shift += f" [{low}, {high}]"
    if f.status != "found":
        return head + f"too few events to tell: {f.note} (best guess {f.date}, {shift})"
    text = head + f"crosses {f.date}, {shift}"
    if f.crossed_share is not None and f.crossed_share < 0.95:
        text += f"; crossed in {f.crossed_share:.0%} of resamples"
    if f.timing in ("late", "early"):
        text += f"  {f.timing.upper()}"
    elif f.note:
        text += f"; {f.note}"
    return text


def _case_lines(c: CaseShiftResult) -> list[str]:
    span = f", {c.first_date} to {c.last_date}" if c.first_date else ""
    sources = f"{c.n_sources} source{'' if c.n_sources == 1 else 's'}"
    head = f"  {c.case}: {c.n_events} events, {sources}{span}"
    if c.status != "analysed":
        return [f"{head}; {c.status}"]
    path = " -> ".join(c.phases_seen) or "no phase"
    flag = "; FLAGGED" if c.flagged else ""
    lines = [f"{head}; reads as {path}{flag}"]
    lines.extend(_frontier_line(f) for f in c.frontiers)
    if c.resampled == "codings":
        lines.append("    (fewer than 5 sources: the interval resamples codings, not sources)")
    if c.own_note:
        lines.append(f"    on its own: {c.own_note}")
    elif c.own_k is not None:
        own = ", ".join(str(d) for d in c.own_frontiers) or "none"
        lines.append(f"    on its own: K={c.own_k}, frontiers {own}")
    return lines


def show_cases(timing: CaseTimingResult) -> None:
    """The per-case view as text."""
    click.echo(f"\nCases against the pooled frontiers ({timing.reference}):")
    if timing.note:
        click.echo(f"  {timing.note}")
        return
    analysed = [c for c in timing.cases if c.status == "analysed"]
    click.echo(
        f"  {len(timing.cases)} cases, {len(analysed)} analysed "
        f"(at least {timing.min_case_events} events), {timing.n_flagged} flagged"
    )
    for j, (date, typical) in enumerate(
        zip(timing.pooled_frontiers, timing.typical_shift_days, strict=True)
    ):
        before, after = timing.pooled_labels[j], timing.pooled_labels[j + 1]
        if typical is None:
            where = "too few cases cross it to say when the typical case does"
        else:
            where = f"the typical case crosses {_signed(typical)} days from it"
        click.echo(f"  {before} | {after}: pooled {date}; {where}")
    click.echo(f"  rule: {timing.rule}")
    for note in timing.transition_notes:
        click.echo(f"  note: {note}")
    for c in timing.cases:
        for line in _case_lines(c):
            click.echo(line)
