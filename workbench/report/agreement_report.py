"""The agreement report: every statistic per code, its interval, and what the coders did.

A reviewer asks for "the kappa"; a careful one asks which kappa, on which units, how
percent agreement was defined and what the disagreements look like. This report answers
all of that in one place: the per-code table with every coefficient (undefined ones say
so, never 0), the alpha forest plot, agreement over time when asked for, examples of the
units the coders split on, and the definitions of each statistic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.agreement import interpret
from workbench.report.agreement_definitions import STATISTICS
from workbench.report.chartspec import IntervalChart
from workbench.report.formatting import plural, signed
from workbench.report.model import (
    Column,
    DefinitionList,
    Figure,
    Paragraph,
    QuoteBlock,
    Report,
    Section,
    Table,
    slug,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.agreement import (
        AgreementReportResult,
        CoefficientResult,
        PercentAgreementResult,
        StatisticsResult,
        UnitizedAlphaResult,
    )
    from workbench.agreement.holsti import HolstiResult
    from workbench.agreement.multivalued import MultiValuedAlphaResult
    from workbench.agreement.unitized_classic import ClassicUnitizedResult
    from workbench.report.inputs import CodeNames, DisagreementExample, Provenance
    from workbench.report.model import Block, CellValue

POOLED = "(pooled)"


def build_agreement_report(
    result: AgreementReportResult,
    *,
    provenance: Provenance,
    codes: CodeNames,
    unit: str,
    documents: Sequence[str],
    unitized: Sequence[UnitizedAlphaResult] = (),
    holsti: Sequence[HolstiResult] = (),
    unitized_classic: Sequence[ClassicUnitizedResult] = (),
    notes: Sequence[str] = (),
    disagreements: Sequence[DisagreementExample] = (),
    examples_per_code: int = 3,
    rollup: bool = False,
    extra_sections: Sequence[Section] = (),
    left_out: Sequence[tuple[str, str]] = (),
) -> Report:
    """The report for one agreement run; ``disagreements`` are the units coders split on."""
    order = codes.order(tuple(c.code for c in result.codes))
    by_code = {c.code: c.statistics for c in result.codes}
    u_by_code = dict(zip([c.code for c in result.codes], unitized, strict=False))
    holsti_by_code = dict(zip([*(c.code for c in result.codes), POOLED], holsti, strict=False))
    classic = {c.subject or "": c for c in unitized_classic}
    table = _per_code_table(
        order, by_code, u_by_code, holsti_by_code, classic, result.pooled, codes
    )
    coders = ", ".join(result.coders)
    intro = Paragraph(
        f"Agreement between {coders} on {plural(len(documents), 'document')} (those every "
        f"coder coded), with the {unit} as the unit: a unit counts as coded with a code when "
        + (
            f"the coder's segments cover at least {result.min_share:.0%} of it"
            if result.min_share
            else "any of the coder's segments for that code touches it"
        )
        + (". Units no coder coded are left out." if result.exclude_uncoded else ".")
        + (" Child codes count as their top-level code." if rollup else "")
        + f" The pooled row is {result.pooling}."
    )
    summary_blocks: list[Block] = [intro]
    pooled_alpha = result.pooled.krippendorff_alpha.value
    if pooled_alpha is not None:
        summary_blocks.append(
            Paragraph(
                f"Pooled over codes, Krippendorff's α = {signed(pooled_alpha)} "
                f"({interpret(pooled_alpha, 'krippendorff')}), percent agreement "
                f"{_pct(result.pooled.percent_agreement.value)}, over "
                f"{result.pooled.n_units:,} unit × code decisions."
            )
        )
    if notes:
        summary_blocks.append(Paragraph("Notes: " + "; ".join(notes) + ".", style="note"))
    if left_out:
        summary_blocks.append(
            Paragraph(
                f"Not compared ({plural(len(left_out), 'document')} only some coders coded): "
                + "; ".join(f"{title} (coded by {who})" for title, who in left_out)
                + ".",
                style="note",
            )
        )
    sections = [
        Section("Summary", tuple(summary_blocks), id="summary"),
        Section(
            "Agreement per code",
            (table, _alpha_figure(order, by_code, result, codes)),
            id="per-code",
        ),
    ]
    if result.multi_valued:
        sections.append(_multi_valued_section(result.multi_valued, codes))
    if result.groups:
        sections.append(_over_time(result))
    sections.append(_disagreement_section(order, disagreements, by_code, codes, examples_per_code))
    sections.extend(extra_sections)
    sections.append(
        Section(
            "Definitions",
            (
                Paragraph(
                    "Every coefficient is computed on the same presence/absence matrix per "
                    "code (units × coders). A statistic that cannot be computed (for "
                    "example, every unit has the same value) is reported as undefined, with "
                    "the reason, never as a number.",
                    style="note",
                ),
                DefinitionList(STATISTICS),
            ),
            id="definitions",
        )
    )
    manifest = (
        *provenance.manifest(),
        ("Unit", unit),
        ("Minimum share", "any overlap" if result.min_share is None else f"{result.min_share}"),
        ("Units no coder coded", "left out" if result.exclude_uncoded else "kept"),
        ("Percent agreement", "pairwise"),
        ("Pooling", result.pooling),
        ("Documents", "; ".join(documents)),
    )
    return Report(
        kind="agreement",
        title=f"Inter-coder agreement: {coders}",
        subtitle=(
            f"{provenance.project} · {plural(len(documents), 'document')} · unit: {unit} · "
            f"{provenance.date}"
        ),
        sections=tuple(sections),
        manifest=manifest,
        extra_tables=(
            _all_disagreements(disagreements, codes),
            _documents_table(documents, left_out),
        ),
        primary_table="per-code",
        generated=provenance.generated,
        metadata={"project": provenance.project, "coders": coders, "unit": unit},
    )


def _pct(value: float | None) -> str:
    return "undefined" if value is None else f"{value:.1%}"


def _value(
    result: CoefficientResult | UnitizedAlphaResult | ClassicUnitizedResult | None,
) -> float | None:
    return None if result is None else result.value


def _ends(result: CoefficientResult | PercentAgreementResult) -> tuple[float | None, float | None]:
    interval = result.interval
    return (interval.lower, interval.upper) if interval is not None else (None, None)


def _interval_ends(
    result: UnitizedAlphaResult | ClassicUnitizedResult | MultiValuedAlphaResult | None,
) -> tuple[float | None, float | None]:
    interval = result.interval if result is not None else None
    return (interval.lower, interval.upper) if interval is not None else (None, None)


def _ci(low: float | None, high: float | None) -> str | None:
    if low is None or high is None:
        return None
    return f"{signed(low, 2)} to {signed(high, 2)}"


def _row(
    code: str,
    label: str,
    stats: StatisticsResult,
    unitized: UnitizedAlphaResult | None,
    holsti: HolstiResult | None,
) -> tuple[CellValue, ...]:
    alpha = stats.krippendorff_alpha
    boot = stats.bootstrap
    low = boot.lower if boot is not None else None
    high = boot.upper if boot is not None else None
    kappa = stats.cohen_kappa if stats.n_coders == 2 else stats.conger_kappa
    reasons = "; ".join(
        f"{name}: {reason}"
        for name, reason in (
            ("percent", stats.percent_agreement.undefined_reason),
            ("cohen", stats.cohen_kappa.undefined_reason),
            ("fleiss", stats.fleiss_kappa.undefined_reason),
            ("conger", stats.conger_kappa.undefined_reason),
            ("alpha", alpha.undefined_reason),
            ("ac1", stats.gwet_ac1.undefined_reason),
            ("bp", stats.brennan_prediger.undefined_reason),
            ("u_alpha", unitized.undefined_reason if unitized is not None else None),
        )
        if reason
    )
    holsti_low = holsti.interval.lower if holsti and holsti.interval else None
    holsti_high = holsti.interval.upper if holsti and holsti.interval else None
    return (
        code,
        label,
        stats.n_units,
        stats.prevalence,
        stats.percent_agreement.value,
        _ci(*_ends(stats.percent_agreement)),
        *_ends(stats.percent_agreement),
        kappa.value,
        _ci(*_ends(kappa)),
        _value(stats.cohen_kappa),
        *_ends(stats.cohen_kappa),
        _value(stats.scott_pi),
        *_ends(stats.scott_pi),
        _value(stats.fleiss_kappa),
        *_ends(stats.fleiss_kappa),
        _value(stats.conger_kappa),
        *_ends(stats.conger_kappa),
        alpha.value,
        _ci(low, high),
        low,
        high,
        boot.q if boot is not None else None,
        _value(stats.gwet_ac1),
        _ci(*_ends(stats.gwet_ac1)),
        *_ends(stats.gwet_ac1),
        _value(stats.brennan_prediger),
        *_ends(stats.brennan_prediger),
        holsti.value if holsti is not None else None,
        holsti_low,
        holsti_high,
        _value(unitized),
        _ci(*_interval_ends(unitized)),
        *_interval_ends(unitized),
        interpret(alpha.value, "krippendorff"),
        stats.cohen_kappa.observed_agreement,
        stats.cohen_kappa.expected_agreement,
        stats.fleiss_kappa.expected_agreement,
        stats.gwet_ac1.expected_agreement,
        alpha.observed_disagreement,
        alpha.expected_disagreement,
        stats.n_coders,
        reasons or None,
    )


def _hidden(key: str, label: str) -> tuple[Column, Column, Column]:
    return (
        Column(key, label, "float", display=False),
        Column(f"{key}_low", f"{label} low", "float", display=False),
        Column(f"{key}_high", f"{label} high", "float", display=False),
    )


def _per_code_table(
    order: Sequence[str],
    by_code: dict[str, StatisticsResult],
    u_by_code: dict[str, UnitizedAlphaResult],
    holsti: dict[str, HolstiResult],
    classic: dict[str, ClassicUnitizedResult],
    pooled: StatisticsResult,
    codes: CodeNames,
) -> Table:
    shown = frozenset(order)
    rows = [
        (
            *_row(c, codes.label(c, shown), by_code[c], u_by_code.get(c), holsti.get(c)),
            _value(classic.get(c)),
            *_interval_ends(classic.get(c)),
        )
        for c in order
    ]
    rows.append(
        (*_row(POOLED, "All codes (pooled)", pooled, None, holsti.get(POOLED)), None, None, None)
    )
    names = [codes.name(c) for c in order] + ["pooled"]
    undefined = [f"{name}: {row[-4]}" for name, row in zip(names, rows, strict=True) if row[-4]]
    kappa = "Cohen's" if pooled.n_coders == 2 else "Conger's"
    notes = [
        f"Prev.: share of ratings that apply the code. % agr.: pairwise percent agreement. κ: "
        f"{kappa} kappa. Holsti: CR on segments. |u-α: per code on the character continuum "
        "(not pooled). Band: Krippendorff's conventions for α. Intervals: 95%, across "
        "documents (see Definitions).",
    ]
    if undefined:
        notes.append("Undefined statistics: " + " | ".join(undefined[:12]))
        if len(undefined) > 12:
            notes.append(f"… and {len(undefined) - 12} more (see the CSV/JSON export).")
    return Table(
        "per-code",
        "Agreement per code",
        (
            Column("code_id", "Code id", display=False),
            Column("code", "Code"),
            Column("units", "Units", "int"),
            Column("prevalence", "Prev.", "share"),
            Column("percent_agreement", "% agr.", "share", digits=1, undefined="undefined"),
            Column("percent_ci", "% agr. 95% CI", display=False),
            Column("percent_low", "% agr. low", "float", display=False),
            Column("percent_high", "% agr. high", "float", display=False),
            _statistic("kappa", "κ"),
            Column("kappa_ci", "κ 95% CI", hide_if_empty=True),
            *_hidden("cohen_kappa", "Cohen κ"),
            *_hidden("scott_pi", "Scott π"),
            *_hidden("fleiss_kappa", "Fleiss κ"),
            *_hidden("conger_kappa", "Conger κ"),
            _statistic("alpha", "α"),
            Column("alpha_ci", "α 95% CI", hide_if_empty=True),
            Column("alpha_low", "α low", "float", display=False),
            Column("alpha_high", "α high", "float", display=False),
            Column("alpha_q", "q (α < .667)", "float", display=False),
            _statistic("ac1", "AC1"),
            Column("ac1_ci", "AC1 95% CI", display=False),
            Column("ac1_low", "AC1 low", "float", display=False),
            Column("ac1_high", "AC1 high", "float", display=False),
            *_hidden("brennan_prediger", "BP κ"),
            Column("holsti", "Holsti", "float"),
            Column("holsti_low", "Holsti low", "float", display=False),
            Column("holsti_high", "Holsti high", "float", display=False),
            Column("u_alpha", "|u-α", "float"),
            Column("u_alpha_ci", "|u-α 95% CI", hide_if_empty=True),
            Column("u_alpha_low", "|u-α low", "float", display=False),
            Column("u_alpha_high", "|u-α high", "float", display=False),
            Column("band", "Band"),
            Column("observed_agreement", "pa", "float", display=False),
            Column("cohen_expected", "pe (Cohen)", "float", display=False),
            Column("fleiss_expected", "pe (Fleiss)", "float", display=False),
            Column("ac1_expected", "pe (AC1)", "float", display=False),
            Column("alpha_observed_disagreement", "Do", "float", display=False),
            Column("alpha_expected_disagreement", "De", "float", display=False),
            Column("coders", "Coders", "int", display=False),
            Column("undefined_reasons", "Why undefined", display=False),
            *_hidden("u_alpha_1995", "u-α (1995/2004)"),
        ),
        tuple(rows),
        notes=tuple(notes),
        emphasis_rows=frozenset({len(rows) - 1}),
        wide=True,
    )


def _multi_valued_section(results: Sequence[MultiValuedAlphaResult], codes: CodeNames) -> Section:
    """mv-alpha per domain (a top-level code's subtree) and over all codes."""
    rows = []
    for m in results:
        subject = m.subject or ""
        label = subject if subject.startswith("(") else codes.path(subject)
        low, high = _interval_ends(m)
        rows.append(
            (
                label,
                m.n_units,
                m.n_labels,
                m.value,
                _ci(low, high),
                low,
                high,
                m.undefined_reason or m.interval_reason,
            )
        )
    table = Table(
        "multi-valued",
        "Multi-valued alpha per domain",
        (
            Column("domain", "Domain"),
            Column("units", "Units", "int"),
            Column("codes", "Codes", "int"),
            _statistic("mv_alpha", "mv-α"),
            Column("mv_alpha_ci", "mv-α 95% CI", hide_if_empty=True),
            Column("mv_alpha_low", "mv-α low", "float", display=False),
            Column("mv_alpha_high", "mv-α high", "float", display=False),
            Column("note", "Note", hide_if_empty=True),
        ),
        tuple(rows),
        notes=(
            "Krippendorff & Craggs (2016): each coder's rating of a unit is the set of the "
            "domain's codes applied to it, so codes applied together are compared, not "
            "refused. Intervals: 95%, percentile bootstrap resampling documents.",
        ),
    )
    return Section("Multi-valued alpha", (table,), id="multi-valued")


def _statistic(key: str, label: str) -> Column:
    return Column(key, label, "float", undefined="undefined")


def _alpha_figure(
    order: Sequence[str],
    by_code: dict[str, StatisticsResult],
    result: AgreementReportResult,
    codes: CodeNames,
) -> Figure:
    stats = [by_code[c] for c in order] + [result.pooled]
    labels = [codes.path(c).replace("/", " / ") for c in order] + ["All codes (pooled)"]
    has_ci = any(s.bootstrap is not None for s in stats)
    return Figure(
        "alpha-by-code",
        "Krippendorff's α per code"
        + (" with its 95% interval (documents resampled)" if has_ci else "")
        + "; dashed lines at the .667 and .800 conventions.",
        IntervalChart(
            labels=tuple(labels),
            values=tuple(s.krippendorff_alpha.value for s in stats),
            lows=tuple(s.bootstrap.lower if s.bootstrap else None for s in stats),
            highs=tuple(s.bootstrap.upper if s.bootstrap else None for s in stats),
            x_label="Krippendorff's α (nominal)",
            references=((0.667, ".667"), (0.8, ".800")),
            x_max=1.0,
        ),
        width="wide",
    )


def _over_time(result: AgreementReportResult) -> Section:
    rows = [
        (
            str(g.group),
            g.pooled.n_units,
            g.pooled.percent_agreement.value,
            g.pooled.krippendorff_alpha.value,
            interpret(g.pooled.krippendorff_alpha.value, "krippendorff"),
        )
        for g in result.groups
    ]
    table = Table(
        "over-time",
        "Pooled agreement per document-date group",
        (
            Column("group", "Group"),
            Column("units", "Unit × code decisions", "int"),
            Column("percent_agreement", "% agr.", "share", undefined="undefined"),
            Column("alpha", "α", "float", undefined="undefined"),
            Column("band", "Band"),
        ),
        tuple(rows),
        notes=("Drift in agreement over time often marks a change in how a code was read.",),
    )
    return Section("Agreement over time", (table,), id="over-time")


def _disagreement_section(
    order: Sequence[str],
    found: Sequence[DisagreementExample],
    by_code: dict[str, StatisticsResult],
    codes: CodeNames,
    per_code: int,
) -> Section:
    grouped: dict[str, list[DisagreementExample]] = {}
    for d in found:
        grouped.setdefault(d.code, []).append(d)
    counts = Table(
        "disagreement-counts",
        "Units the coders split on, per code",
        (
            Column("code_id", "Code id", display=False),
            Column("code", "Code"),
            Column("disagreements", "Units split", "int"),
            Column("alpha", "α", "float", undefined="undefined"),
        ),
        tuple(
            (
                c,
                codes.label(c, frozenset(order)),
                len(grouped.get(c, [])),
                by_code[c].krippendorff_alpha.value,
            )
            for c in order
        ),
    )
    children = []
    for code in order:
        examples = grouped.get(code, [])
        if not examples:
            continue
        blocks: list[Block] = [
            Paragraph(
                f"{plural(len(examples), 'unit')} split"
                + (f"; the first {per_code} are shown." if len(examples) > per_code else ".")
            )
        ]
        blocks += [
            QuoteBlock(
                text=" ".join(d.text.split()),
                attribution=(
                    f"{d.document}, characters {d.start}–{d.end}; coded by "
                    f"{', '.join(d.with_code)}, not by {', '.join(d.without_code)}"
                ),
            )
            for d in examples[:per_code]
        ]
        children.append(Section(codes.path(code), tuple(blocks), id=f"split-{slug(code)}"))
    lead = Paragraph(
        "Examples of units on which the coders split: each is a unit one coder coded with "
        "the code and another did not. They are where a code's definition or its boundaries "
        "need discussing before adjudication.",
        style="note",
    )
    return Section("Disagreement examples", (lead, counts), tuple(children), id="disagreements")


def _documents_table(documents: Sequence[str], left_out: Sequence[tuple[str, str]]) -> Table:
    """Every document compared, and those left out with who coded them (CSV/JSON only)."""
    return Table(
        "documents",
        "Documents compared and left out",
        (
            Column("document", "Document"),
            Column("compared", "Compared"),
            Column("coded_by", "Coded by"),
        ),
        (
            *((title, "yes", None) for title in documents),
            *((title, "no", who) for title, who in left_out),
        ),
        shown=False,
    )


def _all_disagreements(found: Sequence[DisagreementExample], codes: CodeNames) -> Table:
    return Table(
        "disagreements",
        "Every unit the coders split on",
        (
            Column("code_id", "Code id"),
            Column("code", "Code"),
            Column("document", "Document"),
            Column("start", "Start", "int"),
            Column("end", "End", "int"),
            Column("with_code", "Coded by"),
            Column("without_code", "Not coded by"),
            Column("text", "Text"),
        ),
        tuple(
            (
                d.code,
                codes.path(d.code),
                d.document,
                d.start,
                d.end,
                ",".join(d.with_code),
                ",".join(d.without_code),
                d.text,
            )
            for d in found
        ),
        shown=False,
    )
