"""``bracket --cases``: every case placed on the pooled frontiers, as text.

One block per case: its size, the pooled phases its codings were read through, then one
line per pooled frontier with the case's crossing, its shift from the pooled date (signed
against *that* frontier: + is later) and its interval, and the timing flag; or why the
frontier could not be placed ("not crossed", "too few events to tell").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from workbench.core.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Callable

    from workbench.bracketing.case_results import (
        CaseFrontierShiftResult,
        CaseShiftResult,
        CaseTimingResult,
    )
    from workbench.bracketing.sequences import PathTypesResult

MIN_CASE_EVENTS = 30


@dataclass(frozen=True, slots=True)
class CaseOptions:
    cases: tuple[str, ...]
    min_case_events: int
    compare: bool = False
    substitution: str = "constant"
    linkage: str = "ward"
    distances: Path | None = None
    n_types: int | None = None


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
        click.option(
            "--compare",
            is_flag=True,
            help="Compare the cases' phase sequences (optimal matching) and group them into "
            "path types; implies --cases.",
        ),
        click.option(
            "--sub-costs",
            "substitution",
            type=click.Choice(["constant", "trate"]),
            default="constant",
            show_default=True,
            help="Substitution costs: 2 for any two phases, or 2 minus the transition rates.",
        ),
        click.option(
            "--linkage",
            type=click.Choice(["ward", "average"]),
            default="ward",
            show_default=True,
            help="How path types are grouped from the distances.",
        ),
        click.option(
            "--types",
            "n_types",
            type=click.IntRange(min=1),
            help="Cut the tree at this many path types instead of the silhouette rule.",
        ),
        click.option(
            "--distances",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Write the case-by-case distance matrix (.csv or .json); implies --compare.",
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
    distances = options.pop("distances", None)
    if distances is not None and distances.suffix.lower() not in (".csv", ".json"):
        # refused before any bracketing runs, so nothing is written
        raise InputError(
            f"{distances}: the distances are written as .csv or .json, not "
            f"{distances.suffix.lower()!r}"
        )
    compare = bool(options.pop("compare", False)) or distances is not None
    substitution = options.pop("substitution", "constant")
    linkage = options.pop("linkage", "ward")
    n_types = options.pop("n_types", None)
    compare = compare or n_types is not None
    if not (per_case or names or compare or minimum != MIN_CASE_EVENTS):
        return None
    return CaseOptions(names, minimum, compare, substitution, linkage, distances, n_types)


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


def show_paths(paths: PathTypesResult) -> None:
    """Path types as text: one block per type (medoid path, members), then the rule."""
    norm = {"maxdist": "0 = same path, 1 = as far apart as paths of those lengths can be"}
    click.echo(
        f"\nPath types ({len(paths.cases)} cases' phase sequences by {paths.bin_unit}, "
        f"optimal matching):"
    )
    click.echo(
        f"  costs: substitution {paths.substitution}, indel {paths.indel:g}; distances "
        f"{paths.norm} ({norm.get(paths.norm, 'see the README')})"
    )
    click.echo(f"  rule: {paths.rule}")
    if paths.silhouettes:
        tried = ", ".join(f"{k}: {w:.2f}" for k, w in paths.silhouettes)
        click.echo(f"  mean silhouette by number of types: {tried}")
    if paths.note:
        click.echo(f"  note: {paths.note}")
    for t in paths.types:
        click.echo(
            f"  type {t.number} ({len(t.members)} case{'' if len(t.members) == 1 else 's'}, "
            f"{'' if t.silhouette is None else f'silhouette {t.silhouette:.2f}, '}"
            f"mean distance to medoid {t.mean_distance:.2f}): "
            f"medoid {t.medoid}: {t.medoid_path}"
        )
        click.echo(f"    members: {', '.join(t.members)}")
    if paths.guessed:
        click.echo(
            f"  {len(paths.guessed)} case(s) place a frontier at a best guess (too few events "
            f"to tell): {', '.join(paths.guessed[:10])}"
        )
    if paths.skipped:
        click.echo(f"  left out (not analysed): {', '.join(paths.skipped[:10])}")
