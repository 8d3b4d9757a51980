"""The agreement report's sections on when things happened and on phases.

Built from the pure results (``agreement.dates``, ``agreement.phase_assignment``) and a
few plain records the service hands over: the passages dated differently and those the
coders' dates put in different phases, with their text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.report.chartspec import IntervalChart
from workbench.report.formatting import plural, signed
from workbench.report.model import Column, Figure, Paragraph, QuoteBlock, Section, Table

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.agreement.dates import DateAgreementResult, DateStatisticsResult
    from workbench.agreement.intervals import IntervalResult
    from workbench.agreement.phase_assignment import PhaseAgreementResult
    from workbench.report.inputs import CodeNames
    from workbench.report.model import Block, CellValue

SOURCES = {"own": "coder's date", "mention": "from the text", "document": "document date"}


@dataclass(frozen=True, slots=True)
class DatedPassage:
    """A passage two or more coders coded with one code, with each coder's dating."""

    code: str
    document: str
    start: int
    end: int
    text: str
    dates: tuple[tuple[str, str, str], ...]  # (coder, date, source)
    phases: tuple[str | None, ...] = ()


def _ends(interval: IntervalResult | None) -> tuple[float | None, float | None]:
    return (interval.lower, interval.upper) if interval is not None else (None, None)


def _ci(low: float | None, high: float | None, digits: int = 2) -> str | None:
    if low is None or high is None:
        return None
    return f"{signed(low, digits)} to {signed(high, digits)}"


def _date_row(stats: DateStatisticsResult, code_id: str, label: str) -> tuple[CellValue, ...]:
    exact_low, exact_high = _ends(stats.exact.interval)
    overlap_low, overlap_high = _ends(stats.overlap.interval)
    range_low, range_high = _ends(stats.alpha_range.interval)
    mid_low, mid_high = _ends(stats.alpha_midpoint.interval)
    diff = stats.difference
    return (
        code_id,
        label,
        stats.n_units,
        stats.n_pairs,
        stats.exact.value,
        exact_low,
        exact_high,
        stats.overlap.value,
        _ci(overlap_low, overlap_high),
        overlap_low,
        overlap_high,
        stats.nested,
        diff.median_days,
        f"{diff.lower:g} to {diff.upper:g}" if diff.lower is not None else None,
        diff.lower,
        diff.upper,
        stats.alpha_range.value,
        _ci(range_low, range_high),
        range_low,
        range_high,
        stats.alpha_midpoint.value,
        mid_low,
        mid_high,
        stats.alpha_range.undefined_reason or stats.alpha_midpoint.undefined_reason,
    )


def date_section(
    result: DateAgreementResult,
    *,
    codes: CodeNames,
    coders: Sequence[str],
    basis: str,
    notes: Sequence[str],
    passages: Sequence[DatedPassage],
    examples: int = 5,
) -> Section:
    """Agreement on the dates of passages both coders coded, per code and pooled."""
    order = codes.order(tuple(c.subject or "" for c in result.codes))
    by_code = {c.subject: c for c in result.codes}
    shown = frozenset(order)
    rows = [_date_row(by_code[c], c, codes.label(c, shown)) for c in order]
    rows.append(_date_row(result.pooled, "(pooled)", "All codes (pooled)"))
    table = Table(
        "dates",
        "Agreement on when things happened, per code",
        (
            Column("code_id", "Code id", display=False),
            Column("code", "Code"),
            Column("passages", "Passages", "int"),
            Column("pairs", "Coder pairs", "int", display=False),
            Column("exact", "Same date", "share", digits=1, undefined="undefined"),
            Column("exact_low", "Same date low", "float", display=False),
            Column("exact_high", "Same date high", "float", display=False),
            Column("overlap", "Overlap", "share", digits=1, undefined="undefined"),
            Column("overlap_ci", "Overlap 95% CI"),
            Column("overlap_low", "Overlap low", "float", display=False),
            Column("overlap_high", "Overlap high", "float", display=False),
            Column("nested", "Precision only", "share", digits=1),
            Column("median_days", "Median |Δ| days", "count", undefined="undefined"),
            Column("median_ci", "Median 95% CI"),
            Column("median_low", "Median low", "float", display=False),
            Column("median_high", "Median high", "float", display=False),
            Column("alpha_range", "α (ranges)", "float", undefined="undefined"),
            Column("alpha_range_ci", "α 95% CI"),
            Column("alpha_range_low", "α low", "float", display=False),
            Column("alpha_range_high", "α high", "float", display=False),
            Column("alpha_midpoint", "α (midpoints)", "float", undefined="undefined"),
            Column("alpha_midpoint_low", "α (midpoints) low", "float", display=False),
            Column("alpha_midpoint_high", "α (midpoints) high", "float", display=False),
            Column("undefined", "Why undefined", display=False),
        ),
        tuple(rows),
        notes=(
            "Same date: identical ranges (same precision too). Overlap: the datings share at "
            "least one day. Precision only: they differ but one contains the other (2004 and "
            "March 2004). Median |Δ|: between the ranges' midpoints. α (ranges): "
            + result.distance_note
            + ". Intervals: 95%, across documents.",
        ),
        emphasis_rows=frozenset({len(rows) - 1}),
        wide=True,
    )
    pooled = result.pooled
    which = "their own dates only" if basis == "own" else "the dates bracketing uses"
    lead: list[Block] = [
        Paragraph(
            f"When {' and '.join(coders)} coded the same passage with the same code, did they "
            f"date it alike? {plural(pooled.n_units, 'passage')} were coded and dated by two "
            f"or more of them ({which}: a segment's own date, else a date mentioned near it, "
            "else the document's)."
        )
    ]
    if pooled.overlap.value is not None:
        lead.append(
            Paragraph(
                f"Pooled, {pooled.overlap.value:.0%} of the coder pairs date a passage "
                f"compatibly (their ranges overlap) and {pooled.exact.value or 0:.0%} "
                "identically; the median difference between their midpoints is "
                f"{pooled.difference.median_days:g} days."
            )
        )
    if notes:
        lead.append(Paragraph("Notes: " + "; ".join(notes) + ".", style="note"))
    blocks: list[Block] = [*lead, table, _date_figure(result, order, codes)]
    if passages:
        blocks.append(
            Paragraph(
                f"{plural(len(passages), 'passage')} dated differently"
                + (f"; the first {examples} are shown." if len(passages) > examples else ".")
                + " Each is settled in the review (F6) by taking one coder's date.",
            )
        )
        blocks += [_quote(p) for p in passages[:examples]]
    return Section("Agreement on dates", tuple(blocks), id="dates")


def _quote(p: DatedPassage) -> QuoteBlock:
    said = "; ".join(f"{c}: {d} ({SOURCES.get(s, s)})" for c, d, s in p.dates)
    return QuoteBlock(
        text=" ".join(p.text.split()),
        attribution=f"{p.document}, characters {p.start}–{p.end}, {p.code}. {said}",
    )


def _date_figure(result: DateAgreementResult, order: Sequence[str], codes: CodeNames) -> Figure:
    by_code = {c.subject: c for c in result.codes}
    stats = [by_code[c] for c in order] + [result.pooled]
    labels = [codes.path(c).replace("/", " / ") for c in order] + ["All codes (pooled)"]
    return Figure(
        "date-alpha-by-code",
        "Krippendorff's α on the dates (range distance) per code with its 95% interval "
        "across documents; dashed lines at the .667 and .800 conventions.",
        IntervalChart(
            labels=tuple(labels),
            values=tuple(s.alpha_range.value for s in stats),
            lows=tuple(_ends(s.alpha_range.interval)[0] for s in stats),
            highs=tuple(_ends(s.alpha_range.interval)[1] for s in stats),
            x_label="Krippendorff's α on dates (range distance)",
            references=((0.667, ".667"), (0.8, ".800")),
            x_max=1.0,
        ),
        width="wide",
    )


def phase_section(
    result: PhaseAgreementResult,
    *,
    scheme: str,
    coders: Sequence[str],
    split: Sequence[DatedPassage],
    examples: int = 5,
) -> Section:
    """Whether the coders' dates put each passage in the same phase of ``scheme``."""
    two = len(coders) == 2
    entries: list[tuple[str, float | None, float | None, float | None]] = [
        (
            "Same phase (share of coder pairs)",
            result.same_phase,
            *_ends(result.same_phase_interval),
        ),
        (f"{'Cohen' if two else 'Conger'}'s κ", result.kappa.value, *_ends(result.kappa.interval)),
        ("κ, linear weights", result.weighted_kappa.value, *_ends(result.weighted_kappa.interval)),
    ]
    for label, alpha, boot in (
        ("α, nominal", result.alpha_nominal, result.bootstrap_nominal),
        ("α, ordinal (phases in order)", result.alpha_ordinal, result.bootstrap_ordinal),
    ):
        entries.append(
            (label, alpha.value, boot.lower if boot else None, boot.upper if boot else None)
        )
    statistics = Table(
        "phase-agreement",
        f"Agreement on the phase of scheme {scheme!r}",
        (
            Column("statistic", "Statistic"),
            Column("value", "Value", "float", undefined="undefined"),
            Column("ci", "95% CI"),
            Column("low", "Low", "float", display=False),
            Column("high", "High", "float", display=False),
        ),
        tuple((name, value, _ci(low, high), low, high) for name, value, low, high in entries),
        notes=(
            "Each coder's date puts the passage before the first phase, in a phase or after "
            "the last; a date spanning a frontier goes to the phase holding most of its days"
            + (f" ({result.straddling:.1%} of the datings do)" if result.straddling else "")
            + ". Intervals: 95%, across documents.",
        ),
    )
    blocks: list[Block] = [
        Paragraph(
            f"Before trusting that the phases of {scheme!r} are not an artefact of one coder's "
            f"dating: over {plural(result.n_units, 'passage')} dated by two or more coders, "
            + (
                f"their dates put {result.same_phase:.0%} in the same phase."
                if result.same_phase is not None
                else "no passage could be compared."
            )
        ),
        statistics,
    ]
    if result.table is not None:
        a, b = coders[0], coders[1]
        labels = result.labels
        blocks.append(
            Table(
                "phase-table",
                f"Where {a} (rows) and {b} (columns) put the passages",
                (
                    Column("phase", f"{a} \\ {b}"),
                    *(Column(f"p{j}", label, "int") for j, label in enumerate(labels)),
                ),
                tuple((labels[i], *row) for i, row in enumerate(result.table)),
                notes=("The diagonal holds the passages both placed in the same phase.",),
            )
        )
    if split:
        blocks.append(
            Paragraph(
                f"{plural(len(split), 'passage')} placed in different phases"
                + (f"; the first {examples} are shown." if len(split) > examples else ".")
            )
        )
        blocks += [_quote(p) for p in split[:examples]]
    return Section("Agreement on phases", tuple(blocks), id="phases")
