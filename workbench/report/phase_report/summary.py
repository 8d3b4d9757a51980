"""The opening of the phase report: what was bracketed, the key findings, the timeline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.report.chartspec import FrontierMark, IndicatorLine, PhaseBand
from workbench.report.chartspec import TimelineChart as TimelineSpec
from workbench.report.formatting import format_resampled_p, plural
from workbench.report.model import (
    BulletList,
    Figure,
    Paragraph,
    Section,
)

if TYPE_CHECKING:
    from workbench.bracketing.result import (
        BracketingResult,
        FrontierResult,
        IndicatorSeriesResult,
        SegmentationResult,
    )
    from workbench.report.inputs import CodeNames
    from workbench.report.model import Block

from workbench.report.phase_report.continuity import CLASSES

MAX_INDICATOR_LINES = 6


def summary_section(
    result: BracketingResult,
    main: SegmentationResult,
    names: CodeNames,
    scheme: str | None,
    scheme_description: str | None,
    basis: str,
    level: int | None,
    unit: str,
) -> Section:
    tl = result.timeline
    dating = (
        "each segment's event date: its own date, else the nearest date mentioned inside it, "
        "in its sentence or in its speaker turn, else the date of its document"
        if basis == "event"
        else "the date of the document each segment comes from (when things were said)"
    )
    rolled = (
        ""
        if level is None
        else f" Codes are rolled up to depth {level} of the codebook ({len(tl.themes)} themes)."
    )
    spread = tl.spreading.removeprefix("even ")  # "even over the bins a date range touches"
    blocks: list[Block] = [
        Paragraph(
            f"{plural(tl.n_events, 'coded segment')} from {plural(tl.n_sources, 'source')} in "
            f"{plural(tl.n_cases, 'case')} were placed in time by {dating}, and counted in "
            f"{len(tl.bin_starts)} {unit} bins from {tl.bin_starts[0]} to {tl.bin_ends[-1]} "
            f"(a segment dated to a range is spread {spread}; counts are "
            f"{'codings' if tl.count_unit == 'application' else 'sources per theme'})."
            f"{rolled}"
        )
    ]
    prop = result.proposal
    proposal_text = (
        f"The data propose {prop.default_k} phases ({prop.default_rule}); "
        f"the overdispersion factor is {prop.dispersion:.2f}."
    )
    if result.researcher is not None:
        intro = f"The researcher's scheme “{scheme}” has {len(main.phases)} phases."
        if scheme_description:
            intro += f" {scheme_description.strip()}"
        blocks.append(Paragraph(f"{intro} {proposal_text}"))
    else:
        blocks.append(Paragraph(proposal_text))
    findings = [_finding(f, names, result.proposal.bootstrap_replicates) for f in main.frontiers]
    if main.persisting_themes:
        findings.append(
            "Persisting across all phases: "
            + ", ".join(names.name(t) for t in main.persisting_themes)
            + "."
        )
    if findings:
        blocks.append(BulletList(tuple(findings)))
    blocks.append(_timeline_figure(result, main, names, unit))
    return Section("Summary and timeline", tuple(blocks), id="summary")


def _finding(frontier: FrontierResult, names: CodeNames, replicates: int) -> str:
    test = frontier.test
    p = f", p {_p_phrase(test.p_value, replicates)}" if test.p_value is not None else ""
    changes = []
    for kind in CLASSES[:5]:
        themes = [
            names.name(c.theme) for c in frontier.continuity.themes if c.classification == kind
        ]
        if themes:
            changes.append(f"{kind}: {', '.join(themes)}")
    where = (
        f"likely {test.interval_start} to {test.interval_end}"
        if not test.interval_method.startswith("not computed")
        else "likely interval not computed"
    )
    support = f", support {test.support_same_k:.0%}" if test.support_same_k is not None else ""
    verdict = f"; is the change here? {test.verdict}" if test.verdict is not None else ""
    weak = f" (weak frontier: {test.support_note})" if test.support_note else ""
    return (
        f"{frontier.before} → {frontier.after} ({frontier.date}, {where}{support}){weak}: "
        f"JSD {test.jsd_bits:.3f} bits{p}{verdict}; "
        + ("; ".join(changes) or "no theme changes shown")
    )


def _p_phrase(p: float, replicates: int) -> str:
    text = format_resampled_p(p, replicates)
    return text if text[0] in "<≤" else f"= {text}"


def _timeline_figure(
    result: BracketingResult, main: SegmentationResult, names: CodeNames, unit: str
) -> Figure:
    tl = result.timeline
    shares = tuple(
        tuple(
            (row[t] / volume) if volume > 0 else None
            for row, volume in zip(tl.counts, tl.volume, strict=True)
        )
        for t in range(len(tl.themes))
    )
    chosen = _chart_indicators(result)
    has_scheme = result.researcher is not None
    spec = TimelineSpec(
        bin_starts=tl.bin_starts,
        bin_ends=tl.bin_ends,
        volume=tl.volume,
        volume_label=f"events per {unit}",
        themes=tuple(names.name(t) for t in tl.themes),
        shares=shares,
        phases=tuple(PhaseBand(p.label, p.start, p.end) for p in main.phases),
        frontiers=tuple(
            FrontierMark(
                f"{f.before} | {f.after}"
                + (f" · support {f.test.support_same_k:.0%}" if f.test.support_same_k else "")
                + (f" · {f.test.verdict}" if f.test.verdict else ""),
                f.date,
                f.test.interval_start,
                f.test.interval_end,
                f.test.best_date,
            )
            for f in main.frontiers
        ),
        proposed=tuple(f.date for f in result.proposal.segmentation.frontiers)
        if has_scheme
        else (),
        indicators=tuple(IndicatorLine(i.name, i.unit, i.values) for i in chosen),
        indicator_label=chosen[0].unit if chosen else "",
    )
    parts = [
        "Phases as bands"
        + (" (triangles above mark the frontiers the data propose)" if has_scheme else "")
        + "; solid vertical lines are the frontiers, labelled with their support (share of "
        "source resamples that find them again) and, for a scheme, the verdict; dotted lines "
        "the best-supported date for each where it differs; shading the likely interval (95%, "
        "from source resamples).",
        f"Bars: events per {unit}.",
        f"Heat strip: each theme's share of the {unit}'s events (hatched: less than one "
        "event in the bin).",
    ]
    if chosen:
        parts.append(
            f"Markers with steps: {len(chosen)} of {len(result.indicators)} external "
            f"indicators as observed, over the period each observation covers, nothing drawn "
            f"between observations (in {chosen[0].unit}; all are listed in the indicators "
            "table)."
        )
    return Figure("timeline", " ".join(parts), spec, width="wide")


def _chart_indicators(result: BracketingResult) -> list[IndicatorSeriesResult]:
    """The most observed indicators sharing the commonest unit (one y axis stays honest)."""
    series = [i for i in result.indicators if any(v is not None for v in i.values)]
    if not series:
        return []
    units: dict[str, int] = {}
    for s in series:
        units[s.unit] = units.get(s.unit, 0) + 1
    unit = max(units, key=lambda u: units[u])
    same = [s for s in series if s.unit == unit]
    same.sort(key=lambda s: (-s.n_observations, s.name))
    return same[:MAX_INDICATOR_LINES]
