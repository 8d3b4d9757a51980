"""How strongly the data mark each frontier, how K was chosen, cases, indicators, notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.report.chartspec import KPathChart
from workbench.report.formatting import date_range, plural
from workbench.report.model import (
    BulletList,
    Column,
    DefinitionList,
    Figure,
    Paragraph,
    Section,
    Table,
)

if TYPE_CHECKING:
    from workbench.bracketing.result import (
        BracketingResult,
        SegmentationResult,
    )
    from workbench.report.inputs import CodeNames
    from workbench.report.model import Block

from workbench.report.phase_report.phases import phase_table


def frontier_table(seg: SegmentationResult, table_id: str, title: str, *, with_p: bool) -> Table:
    rows = []
    for f in seg.frontiers:
        t = f.test
        rows.append(
            (
                f"{f.before} → {f.after}",
                f.stated_date or f.date,
                t.best_date,
                date_range(t.interval_start, t.interval_end)
                + ("" if t.interval_contiguous else " (not contiguous)"),
                t.interval_start,
                t.interval_end,
                t.gain,
                t.quasi_gain,
                t.df,
                t.p_value,
                t.jsd_bits,
                f"{t.jsd_ci[0]:.3f} to {t.jsd_ci[1]:.3f}" if t.jsd_ci else None,
                t.support_same_k,
                t.support_default_k,
                t.support_note or None,
                t.verdict,
                None if t.stated_inside is None else ("inside" if t.stated_inside else "outside"),
            )
        )
    columns = [
        Column("frontier", "Frontier"),
        Column("date", "Date", "date"),
        Column("best_date", "Best date", "date"),
        Column("interval", "Likely interval"),
        Column("interval_start", "Interval start", "date", display=False),
        Column("interval_end", "Interval end", "date", display=False),
        Column("gain", "Gain", "float", digits=1),
        Column("quasi_gain", "Quasi-gain", "float", digits=1),
        Column("df", "df", "int"),
        Column("p_value", "p", "p", undefined="n/a", display=with_p),
        Column("jsd_bits", "JSD (bits)", "float"),
        Column("jsd_ci", "JSD 95% CI", hide_if_empty=True),
        Column("support_same_k", "Support", "share", hide_if_empty=True),
        Column("support_default_k", "Support at default K", "share", display=False),
        Column("support_note", "Weak frontier", hide_if_empty=True),
        Column("verdict", "Is the change here?", hide_if_empty=True),
        Column("stated_inside", "Stated date vs likely interval", hide_if_empty=True),
    ]
    notes: tuple[str, ...] = ()
    if all(f.test.support_same_k is None and f.test.jsd_ci is None for f in seg.frontiers):
        notes = (
            "Inference was off (--bootstrap 0): likely intervals, JSD intervals, support, "
            "p-values and verdicts are not computed; the interval shown is the best date only.",
        )
    return Table(table_id, title, tuple(columns), tuple(rows), notes=notes)


def frontier_tests_section(seg: SegmentationResult, researcher: bool) -> Section:
    lead = Paragraph(
        "Gain: the drop in segmentation cost from keeping the two phases apart (twice the "
        "events times the weighted Jensen-Shannon divergence); quasi-gain divides it by the "
        "overdispersion factor. "
        + (
            "The p-value answers “do the two phases differ?”: resamples of whole sources "
            "(interviews, documents) are moved to the two phases' pooled theme mix, and p is "
            "the share of them whose divergence reaches the estimate, so it cannot fall below "
            "1/(resamples + 1); codes within one source are not independent observations. "
            "“Is the change here?” is a different "
            "question, answered by the verdict: supported (the phases differ and the stated "
            "date lies in the likely interval), displaced (they differ, but the data place the "
            "change outside it) or not supported (no difference shown). "
            if researcher
            else "No p-value is given: the search chose these frontiers, and a p-value would "
            "ignore the search. Each frontier sits at the resamples' consensus (the middle of "
            "the dates where most resamples put it), which is also its best date. "
        )
        + "The likely interval (95%) is the shortest range of dates holding 95% of the places "
        "where resamples of whole sources put the frontier, its neighbours held fixed and "
        "each imprecise date redrawn within its span, widened "
        "by half a bin and to at least the precision of the dates that place it; it is not "
        "a guarantee. Support is the share of resamples whose "
        "own segmentation puts a frontier within the tolerance; a frontier below the "
        "threshold is marked weak. The JSD interval may reach 0, which is what no difference "
        "looks like.",
        style="note",
    )
    table = frontier_table(seg, "frontier-tests", "Frontier tests", with_p=researcher)
    return Section("Frontier tests", (lead, table), id="frontier-tests")


# --------------------------------------------------------------------------- proposal


def proposal_section(result: BracketingResult, names: CodeNames, *, has_scheme: bool) -> Section:
    prop = result.proposal
    seg = prop.segmentation
    settings = DefinitionList(
        (
            ("Cost", prop.cost),
            ("Search", prop.search),
            ("Shortest phase", plural(prop.min_phase_bins, "bin")),
            ("Largest K tried", str(prop.k_max)),
            ("Themes used", str(prop.n_themes_used)),
            (
                "Overdispersion",
                f"φ = {prop.dispersion:.2f} (Pearson χ² {prop.dispersion_x2:.1f} on "
                f"{prop.dispersion_df} df)",
            ),
            ("Proposed K", f"{prop.default_k}: {prop.default_rule}"),
            ("PELT", "not run" if prop.pelt_k is None else f"K = {prop.pelt_k}"),
            ("Bootstrap replicates", str(prop.bootstrap_replicates)),
        )
    )
    path = Table(
        "k-path",
        "The K path: best segmentation for each number of phases",
        (
            Column("k", "K", "int"),
            Column("cost", "Cost", "float", digits=1),
            Column("n_params", "Parameters", "int"),
            Column("bic", "BIC", "float", digits=1),
            Column("qbic", "qBIC", "float", digits=1),
            Column("boundaries", "Frontiers"),
            Column("support", "Support", hide_if_empty=True),
        ),
        tuple(
            (
                e.k,
                e.cost,
                e.n_params,
                e.bic,
                e.qbic,
                ", ".join(d.isoformat() for d in e.boundaries) or "none",
                ", ".join(f"{s:.0%}" for s in e.support) if e.support else None,
            )
            for e in prop.path
        ),
        emphasis_rows=frozenset(i for i, e in enumerate(prop.path) if e.k == prop.default_k),
        notes=("The proposed K is in bold. qBIC divides the cost by the overdispersion φ.",),
    )
    criteria = Table(
        "criteria",
        "Model-selection criteria",
        (Column("criterion", "Criterion"), Column("k", "K", "int"), Column("rule", "Rule")),
        tuple((c.name, c.k, c.note) for c in prop.criteria),
    )
    chart = Figure(
        "k-path-chart",
        "Information criteria against the number of phases K (lower is better); the dotted "
        "line marks the proposed K.",
        KPathChart(
            tuple(e.k for e in prop.path),
            (("BIC", tuple(e.bic for e in prop.path)), ("qBIC", tuple(e.qbic for e in prop.path))),
            prop.default_k,
            "criterion value",
        ),
        width="column",
    )
    blocks: list[Block] = [
        Paragraph(
            "The automatic bracketing finds, for each number of phases K, the segmentation of "
            "the binned theme counts with the lowest cost, then chooses K. With inference on, "
            "K grows while a permutation test finds a further change inside the phases "
            "(within each phase, the themes of sources of similar size exchanged between "
            "their places in time and each source's own themes shuffled over its dates; "
            "each step at the stated alpha, so a study with no change gets a frontier in "
            "about 1 case in 20 at 5%), then stops at the largest such K whose frontiers "
            "are each found "
            "again in at least half of the source resamples; the criteria's note gives each "
            "step's p-value. BIC and quasi-BIC are shown for comparison (without inference "
            "K is the quasi-BIC choice). It is reported whole so that the choice can be "
            "checked."
        ),
        settings,
        path,
        chart,
        criteria,
    ]
    if has_scheme:
        blocks += [
            phase_table(seg, names, "proposed-phases", "Phases proposed from the data"),
            frontier_table(
                seg, "proposed-frontier-tests", "Tests of the proposed frontiers", with_p=False
            ),
        ]
    return Section("How many phases: the K path and diagnostics", tuple(blocks), id="k-path")


# --------------------------------------------------------------------------- other views


def cases_section(result: BracketingResult) -> Section | None:
    if not result.cases:
        return None
    table = Table(
        "cases",
        "Each case bracketed on its own",
        (
            Column("case", "Case"),
            Column("events", "Events", "int"),
            Column("k", "K", "int", undefined="–"),
            Column("frontiers", "Frontiers"),
            Column("distance_days", "Days from pooled frontiers"),
            Column("mean_abs_distance_days", "Mean distance (days)", "float", digits=0),
            Column("skipped", "Not bracketed because", undefined=""),
        ),
        tuple(
            (
                c.case,
                c.n_events,
                c.k if not c.skipped else None,
                ", ".join(d.isoformat() for d in c.frontiers) or "none",
                ", ".join(str(d) for d in c.distance_days) or "–",
                c.mean_abs_distance_days,
                c.skipped,
            )
            for c in result.cases
        ),
    )
    return Section(
        "Cases",
        (
            Paragraph(
                "Each case with enough events is bracketed on its own: frontiers close to the "
                "pooled ones suggest the phases hold across cases, not only in the aggregate.",
                style="note",
            ),
            table,
        ),
        id="cases",
    )


def indicators_section(result: BracketingResult, seg: SegmentationResult) -> Section:
    rows = []
    for series in result.indicators:
        means = []
        for p in seg.phases:
            values = [v for v in series.values[p.first_bin : p.last_bin + 1] if v is not None]
            means.append(sum(values) / len(values) if values else None)
        rows.append((series.name, series.unit, series.n_observations, *means))
    table = Table(
        "indicators",
        "External indicators by phase (mean over the phase's bins)",
        (
            Column("indicator", "Indicator"),
            Column("unit", "Unit"),
            Column("observations", "Obs.", "int"),
            *(
                Column(f"phase_{i}", p.label, "float", digits=1)
                for i, p in enumerate(seg.phases, start=1)
            ),
        ),
        tuple(rows),
        notes=("–: no observation within the phase.",),
    )
    return Section("Indicators", (table,), id="indicators")


def data_notes_section(result: BracketingResult, seg: SegmentationResult) -> Section:
    blocks: list[Block] = []
    undated = result.undated
    if undated.count:
        by_theme = ", ".join(f"{t} {n}" for t, n in undated.by_theme)
        reasons = "; ".join(f"{r} ({n})" for r, n in undated.reasons)
        blocks.append(
            Paragraph(
                f"{plural(undated.count, 'coded segment')} could not be placed in time and are "
                f"left out of the timeline: {reasons}. By theme: {by_theme}."
            )
        )
    else:
        blocks.append(Paragraph("Every coded segment could be placed in time."))
    if seg.weight_outside:
        blocks.append(
            Paragraph(
                f"Events weighing {seg.weight_outside:.1f} fall outside every phase (before the "
                "first or after the last) and count in no phase."
            )
        )
    if result.diagnostics:
        blocks.append(
            Paragraph(
                "Diagnostics: what in the data limits what the figures above mean.",
                style="note",
            )
        )
        blocks.append(BulletList(tuple(d.message for d in result.diagnostics)))
    if result.warnings:
        blocks.append(BulletList(tuple(result.warnings)))
    return Section("Data notes", tuple(blocks), id="data-notes")
