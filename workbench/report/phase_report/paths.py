"""The phase report's "Path types" section: cases' phase sequences compared.

A sequence index plot (one row per case, its phase per time bin, grouped by path type),
the table of path types (medoid and members), each case's sequence written as spells,
and the case-by-case distance matrix (exported, not printed). What the distances mean,
and what they do not, is said above the table, because an OM distance is easy to
over-read as a measure of how different two cases' processes were.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.bracketing.sequences import spells
from workbench.report.chartspec import SequenceIndexChart
from workbench.report.formatting import plural
from workbench.report.model import Column, Figure, Paragraph, Section, Table

if TYPE_CHECKING:
    from workbench.bracketing.result import TimelineResult
    from workbench.bracketing.sequences import PathTypesResult
    from workbench.report.model import Block

__all__ = ["case_paths_section"]

SUB_WORDS = {
    "constant": "2 for any two phases",
    "trate": "2 minus the transition rates between the two phases, both ways",
}
NORM_WORDS = {
    "maxdist": "divided by the largest distance two sequences of those lengths can have "
    "(0: the same path; 1: as far apart as possible)",
    "maxlength": "divided by the longer sequence's length",
    "none": "not normalised",
}


def case_paths_section(paths: PathTypesResult, timeline: TimelineResult) -> Section | None:
    """The section, or None when no case has a sequence."""
    if not paths.cases:
        return None
    unit = paths.bin_unit
    blocks: list[Block] = [
        Paragraph(
            f"Each case's sequence is the pooled phase it reads as in each {unit}, from its "
            "first coding to its last (the crossings of the Cases section). Two sequences "
            "are compared by optimal matching: the cheapest series of substitutions (one "
            f"phase for another in a {unit}) and insertions or deletions (indels) that turns "
            "one into the other. A case that crosses a frontier s bins later than another is "
            "about s substitutions away; one that never reaches a phase differs by that "
            "phase's length. Distances compare timing and order, not why the cases differ; "
            f"they grow with the number of bins (a month counts three times a quarter), and "
            "they do not see returns to an earlier phase, because a case is read forward "
            "through the pooled phases.",
            style="note",
        ),
        Paragraph(
            f"Costs: substitution {paths.substitution} ({SUB_WORDS[paths.substitution]}), "
            f"indel {paths.indel:g}; distances {NORM_WORDS.get(paths.norm, paths.norm)}. "
            f"Grouping: {paths.rule}."
        ),
    ]
    if paths.silhouettes:
        tried = ", ".join(f"{k} types {w:.2f}" for k, w in paths.silhouettes)
        blocks.append(Paragraph(f"Mean silhouette width: {tried}.", style="note"))
    if paths.note:
        blocks.append(Paragraph(paths.note[:1].upper() + paths.note[1:] + "."))
    order = sorted(range(len(paths.cases)), key=lambda i: (paths.assignment[i], paths.cases[i]))
    labels = {t.number: f"type {t.number}" for t in paths.types}
    blocks.append(
        Figure(
            "case-paths",
            f"Sequence index plot: one row per case, its phase in each {unit} as a "
            "coloured (and, in grey, hatched) cell, from its first coding to its last; rows "
            "grouped by path type, labelled on the right.",
            SequenceIndexChart(
                bin_starts=timeline.bin_starts,
                bin_ends=timeline.bin_ends,
                states=paths.states,
                rows=tuple(paths.cases[i] for i in order),
                starts=tuple(paths.starts[i] for i in order),
                sequences=tuple(paths.sequences[i] for i in order),
                groups=tuple(labels[paths.assignment[i]] for i in order),
            ),
        )
    )
    blocks.append(
        Table(
            "path-types",
            "Path types",
            (
                Column("type", "Type", "int"),
                Column("cases", "Cases", "int"),
                Column("medoid", "Medoid"),
                Column("medoid_path", f"Medoid's path ({unit}s per phase)"),
                Column("mean_distance", "Mean distance to medoid", "float", 2),
                Column("silhouette", "Silhouette", "float", 2, undefined="–"),
                Column("members", "Members"),
            ),
            tuple(
                (
                    t.number,
                    len(t.members),
                    t.medoid,
                    t.medoid_path,
                    t.mean_distance,
                    t.silhouette,
                    ", ".join(t.members),
                )
                for t in paths.types
            ),
            wide=True,
        )
    )
    blocks.append(
        Table(
            "case-sequences",
            "Each case's sequence",
            (
                Column("case", "Case"),
                Column("type", "Type", "int"),
                Column("first_bin", "From", "date"),
                Column("path", f"Path ({unit}s per phase)"),
                Column("note", "Note", undefined=""),
            ),
            tuple(
                (
                    paths.cases[i],
                    paths.assignment[i],
                    timeline.bin_starts[paths.starts[i]] if timeline.bin_starts else None,
                    spells(paths.sequences[i], paths.states),
                    "a frontier placed at a best guess (too few events to tell)"
                    if paths.cases[i] in paths.guessed
                    else None,
                )
                for i in order
            ),
        )
    )
    blocks.append(
        Table(
            "case-distances",
            "Distances between cases' sequences",
            (
                Column("case", "Case"),
                Column("type", "Type", "int"),
                *(Column(f"d_{name}", name, "float", 3) for name in paths.cases),
            ),
            tuple(
                (name, kind, *row)
                for name, kind, row in zip(
                    paths.cases, paths.assignment, paths.distances, strict=True
                )
            ),
            shown=False,
        )
    )
    if paths.skipped:
        blocks.append(
            Paragraph(
                f"Left out: {plural(len(paths.skipped), 'case')} not placed on the pooled "
                f"frontiers ({', '.join(paths.skipped[:8])}"
                f"{' and more' if len(paths.skipped) > 8 else ''}).",
                style="note",
            )
        )
    return Section("Path types", tuple(blocks), id="case-paths")
