"""What the timeline screen prints under the timeline: frontiers, continuity, phase, quotes.

Plain functions from the engine's result records to table cells and Rich text, so the
screen only places them. Figures are printed the way the phase report prints them
(``workbench.report.formatting``): a reader who compares the screen with the report
sees the same numbers.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from rich.text import Text

from workbench.report.formatting import format_p, format_resampled_p, plural, signed
from workbench.report.phase_report.continuity import CLASSES
from workbench.tui.widgets.fitted_table import Column
from workbench.tui.widgets.timeline import frontier_name

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.bracketing.result import FrontierResult, PhaseResult, ThemeChangeResult
    from workbench.services.timeline import EventQuote, TimelineRun

FRONTIER_COLUMNS = (
    Column("#", figure=True),
    Column("Phases", minimum=6),
    Column("Frontier", minimum=12, weight=3),
    Column("Date", figure=True),
    Column("Data say", figure=True),
    Column("JSD bits", figure=True),
    Column("p", figure=True, justify="right"),
    Column("Support", figure=True),
)
NARROW_FRONTIER_COLUMNS = (
    Column("#", figure=True),
    Column("Frontier", minimum=12, weight=3, wrap=True),
    Column("Date", figure=True),
    Column("Data say", figure=True),
    Column("JSD bits", figure=True),
    Column("p", figure=True, justify="right"),
    Column("Support", figure=True),
)
"""In a narrow terminal the phases' name joins the frontier's words and the figures take
more lines instead of more columns: no figure is cut."""
CONTINUITY_COLUMNS = (
    Column("Theme", minimum=12, weight=3, wrap=True),
    Column("Class", figure=True),
    Column("Before", figure=True, justify="right"),
    Column("After", figure=True, justify="right"),
    Column("Log ratio", figure=True, justify="right"),
    Column("95% CI", figure=True),
    Column("p (FDR)", figure=True, justify="right"),
)
QUOTE_SHOWN = 240
"""Characters of a quote in the list (two lines or so); Enter opens the whole segment."""
CLASS_STYLE = {
    "emergent": "bold",
    "intensified": "bold",
    "disappearing": "bold italic",
    "attenuated": "italic",
    "continuous": "",
    "inconclusive": "dim",
    "absent": "dim",
}


def theme_names(run: TimelineRun) -> dict[str, str]:
    return {t.guid: t.name for t in run.themes}


def segmentations(run: TimelineRun) -> list[tuple[str, tuple[FrontierResult, ...]]]:
    """(name, frontiers) of the phases shown first, then of the data's proposal."""
    result = run.result
    out = []
    if result.researcher is not None:
        out.append((run.scheme or "scheme", result.researcher.frontiers))
    out.append(("proposed", result.proposal.segmentation.frontiers))
    return out


def corpus_diagnostics(run: TimelineRun) -> list[str]:
    """The result's diagnostics about the whole corpus or a phase, one line each.

    Those about one frontier go with that frontier (``frontier_diagnostics``); a weak
    frontier is already said in its support cell and its heading."""
    return [
        d.message
        for d in run.result.diagnostics
        if d.frontier is None and d.kind != "weak-frontier"
    ]


NOTE_LINES = 4
"""Lines the note above the timeline may take; more are counted, not hidden."""


def note_lines(lines: Sequence[str], limit: int = NOTE_LINES) -> list[str]:
    """The non-empty ``lines``, the last shown ones replaced by a count when there are more
    than ``limit``: a line cut off by the widget's height would be lost without a word."""
    kept = [line for line in lines if line]
    if len(kept) <= limit:
        return kept
    more = len(kept) - (limit - 1)
    return [
        *kept[: limit - 1],
        f"... and {more} more: `workbench bracket` and the phase report list them all",
    ]


def frontier_diagnostics(run: TimelineRun, key: int, index: int) -> list[str]:
    """The diagnostics about frontier ``index`` of segmentation ``key`` (a change of
    coders at it, say), in the result's words."""
    origin = "researcher" if run.result.researcher is not None and key == 0 else "proposed"
    return [
        d.message
        for d in run.result.diagnostics
        if d.frontier == index and d.origin == origin and d.kind != "weak-frontier"
    ]


def support_threshold(run: TimelineRun) -> float:
    return float(run.result.manifest.parameters.get("support_threshold", 0.7))


def frontier_row(
    run: TimelineRun,
    key: int,
    index: int,
    f: FrontierResult,
    *,
    pending: bool,
    narrow: bool = False,
) -> tuple[Text | str, ...]:
    """One frontier: where the scheme puts it, where the data put it, how clearly, how
    often the data find it again (bootstrap support); ``pending`` while that runs.
    ``narrow``: the cells of ``NARROW_FRONTIER_COLUMNS``, figures over several lines."""
    gap = "\n" if narrow else " "
    t = f.test
    name = segmentations(run)[key][0]
    likely = (
        str(t.interval_start)
        if t.interval_start == t.interval_end
        else f"{t.interval_start} –{gap}{t.interval_end}"
    )
    inside = (
        t.stated_inside
        if t.stated_inside is not None
        else t.interval_start <= f.date <= t.interval_end
    )
    says = Text(likely, style="" if inside else "bold")
    if t.verdict is not None:
        says.append(f"{gap}{t.verdict}", style="" if t.verdict == "supported" else "bold")
    jsd = f"{t.jsd_bits:.3f}"
    if t.jsd_ci is not None:
        jsd += f"{gap}[{t.jsd_ci[0]:.2f}, {t.jsd_ci[1]:.2f}]"
    support: Text | str
    if t.support_same_k is not None:
        weak = t.support_same_k < support_threshold(run) or bool(t.support_note)
        support = Text(f"{t.support_same_k:.0%}", style="bold" if weak else "")
        if weak:
            support.append(f"{gap}weak")
    else:
        support = "computing…" if pending else "n/a"
    if narrow:
        return (
            frontier_name(key, index),
            f"{name}: {f.before} → {f.after}",
            str(f.stated_date or f.date),
            says,
            jsd,
            format_resampled_p(t.p_value, run.bootstrap) if t.p_value is not None else "",
            support,
        )
    return (
        frontier_name(key, index),
        name,
        f"{f.before} → {f.after}",
        str(f.stated_date or f.date),
        says,
        jsd,
        format_resampled_p(t.p_value, run.bootstrap) if t.p_value is not None else "",
        support,
    )


def frontier_title(run: TimelineRun, key: int, index: int, f: FrontierResult) -> Text:
    """The heading of the continuity table: which frontier, and how the data see it."""
    t = f.test
    c = f.continuity
    out = Text()
    out.append(f"Frontier {frontier_name(key, index)}: {f.before} → {f.after}", style="bold")
    out.append(f" at {f.stated_date or f.date}")
    if t.interval_start <= f.date <= t.interval_end:
        out.append(" (inside the data's likely interval)")
    else:
        out.append(
            f"; the data place it at {t.best_date} (likely {t.interval_start} – {t.interval_end})",
            style="bold",
        )
    out.append(f". JSD {t.jsd_bits:.3f} bits")
    if t.p_value is not None:
        out.append(f", phases differ p {format_resampled_p(t.p_value, run.bootstrap)}")
    if t.support_same_k is not None:
        out.append(f", bootstrap support {t.support_same_k:.0%}")
    if t.verdict is not None:
        out.append(
            f". Is the change here? {t.verdict}",
            style="" if t.verdict == "supported" else "bold",
        )
    if t.support_note:
        out.append(f". Weak frontier: {t.support_note.removeprefix('weak: ')}", style="bold")
    for message in frontier_diagnostics(run, key, index):
        out.append(f". Note: {message}", style="bold")
    out.append(
        f". {plural(c.n_carrier_sources, 'source')} in {plural(c.n_carrier_cases, 'case')} "
        "speak to both sides."
    )
    return out


def continuity_rows(
    f: FrontierResult, names: dict[str, str], *, narrow: bool = False
) -> list[tuple[str, tuple[Text | str, ...]]]:
    """(theme id, cells) for each theme: changes first, then continuities, absent last.
    ``narrow``: the interval over two lines."""
    rank = {c: i for i, c in enumerate(CLASSES)}

    def order(c: ThemeChangeResult) -> tuple[int, float]:
        size = abs(c.log_ratio) if c.log_ratio is not None and math.isfinite(c.log_ratio) else 9.0
        return rank.get(c.classification, len(rank)), -size

    out = []
    for c in sorted(f.continuity.themes, key=order):
        ratio = (
            "n/a"
            if c.log_ratio is None
            else ("∞" if math.isinf(c.log_ratio) else signed(c.log_ratio, 2))
        )
        ci = (
            f"{signed(c.ci_low, 2)} to{chr(10) if narrow else ' '}{signed(c.ci_high, 2)}"
            if c.ci_low is not None and c.ci_high is not None
            else ""
        )
        out.append(
            (
                c.theme,
                (
                    names.get(c.theme, c.theme),
                    Text(c.classification, style=CLASS_STYLE.get(c.classification, "")),
                    f"{c.share_before:.0%}",
                    f"{c.share_after:.0%}",
                    ratio,
                    ci,
                    format_p(c.p_holm) if c.p_holm is not None else "",
                ),
            )
        )
    return out


def phase_text(
    phase: PhaseResult, origin: str, names: dict[str, str], justification: str | None
) -> Text:
    """A phase characterised as a process researcher writes it up."""
    out = Text()
    out.append(phase.label, style="bold")
    out.append(f"  ({origin})\n", style="dim")
    out.append(f"{phase.start} to {phase.end}")
    if phase.first_event and phase.last_event:
        out.append(f"; events dated {phase.first_event} to {phase.last_event}")
    out.append(
        f"\n{plural(phase.n_events, 'event')} (weight {phase.weight:,.1f}) from "
        f"{plural(phase.n_sources, 'source')} in {plural(phase.n_cases, 'case')}\n"
    )
    if justification:
        out.append(f"Why: {justification}\n", style="italic")
    if phase.dominant_themes:
        out.append("Dominant themes:\n", style="bold")
        for t in phase.dominant_themes:
            lift = f", ×{t.lift:.1f} its share overall" if t.lift is not None else ""
            out.append(f"  {names.get(t.theme, t.theme)}  {t.share:.0%}{lift}\n")
    if phase.exemplars:
        out.append("Typical quotes:\n", style="bold")
        for e in phase.exemplars:
            out.append(f"  {e.source} ({e.start}): ", style="dim")
            said = " ".join(e.text.split())
            out.append(f"“{said[:200]}{'…' if len(said) > 200 else ''}”\n")
    out.append("Enter on the phase lists every quote behind it.", style="dim")
    return out


def quote_prompt(q: EventQuote) -> Text:
    """One segment behind the timeline: where from, when, how much it counts, the words."""
    out = Text()
    out.append(q.document, style="bold")
    if q.case:
        out.append(f" · {q.case}")
    out.append(f" · {q.when} ({q.date_source})", style="italic")
    out.append(f" · {q.code_path} · {q.coder}", style="dim")
    if q.share < 0.999:
        out.append(f" · counts {q.share:.0%} here", style="dim")
    quote = q.quote if len(q.quote) <= QUOTE_SHOWN else q.quote[: QUOTE_SHOWN - 1] + "…"
    out.append("\n  " + quote)
    return out
