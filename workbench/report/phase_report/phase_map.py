"""The phase report's "Phase map" section: phases read from the codebook's markers.

A flexible phase map (Holmes & Poole) reads each bin as the phase its codes mark and
parses runs of bins into phases by stated rules. The rules lead the section, because the
same markers give another map under another minimum run or gap rule; mixed stretches are
printed with their components and shares, so "mixed" never stands alone. The map is set
beside the statistical phases, not above them: it shows what the codebook's theory of
the phases says of the data, the bracketing what the data say on their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.bracketing.phasemap import describe_rules
from workbench.report.formatting import plural
from workbench.report.model import Column, Paragraph, Section, Table

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.bracketing.phasemap import PhaseMapRules
    from workbench.bracketing.result import PhaseMapResult
    from workbench.report.model import Block

__all__ = ["phase_map_section"]


def phase_map_section(
    rule_map: PhaseMapResult, rules: PhaseMapRules, notes: Sequence[str] = ()
) -> Section:
    """The sequence, the rules, and a row per stretch of the map (gaps included)."""
    sequence = " → ".join(rule_map.sequence) or "no phase"
    phases = {p for _, p in rule_map.markers}
    themes = {t for t, _ in rule_map.markers}
    blocks: list[Block] = [
        Paragraph(
            "Each bin is read as the phase that its codes' phase markers point to, and runs "
            "of bins are parsed into phases by the rules below (flexible phase mapping, after "
            "Holmes and Poole). A stretch where no phase holds long enough but two or more "
            "phases share the markers is a mixed phase, named by the phases it mixes; a "
            "stretch without markers is left unphased rather than bridged. The map is the "
            "codebook's reading of the data, set beside the phases above.",
            style="note",
        ),
        Paragraph(f"Rules: {describe_rules(rules)}."),
        Paragraph(
            f"Sequence: {sequence} ({plural(len(rule_map.sequence), 'phase')}; "
            f"{plural(len(themes), 'theme')} mark {plural(len(phases), 'phase')})."
        ),
    ]
    rows = []
    for s in rule_map.segments:
        components = getattr(s, "components", ())
        shares = getattr(s, "shares", ())
        rows.append(
            (
                s.label,
                s.kind,
                s.start,
                s.end,
                getattr(s, "n_bins", 0) or s.last_bin - s.first_bin + 1,
                getattr(s, "interruptions", 0) or None,
                ", ".join(f"{c} {x:.0%}" for c, x in zip(components, shares, strict=False)) or None,
                s.marker_weight,
            )
        )
    blocks.append(
        Table(
            "phase-map",
            "The phase map, stretch by stretch",
            (
                Column("label", "Stretch"),
                Column("kind", "Kind"),
                Column("start", "From", "date"),
                Column("end", "To", "date"),
                Column("bins", "Bins", "int"),
                Column("interruptions", "Carried through", "int", undefined=""),
                Column("markers", "Markers (share)", undefined=""),
                Column("marker_weight", "Marker weight", "count"),
            ),
            tuple(rows),
        )
    )
    blocks.extend(Paragraph(f"Note: {note}.", style="note") for note in notes)
    return Section("Phase map", tuple(blocks), id="phase-map")
