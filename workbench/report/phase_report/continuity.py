"""What continues and what breaks at each frontier, theme by theme."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.report.formatting import plural, signed
from workbench.report.model import (
    Column,
    DefinitionList,
    Paragraph,
    Section,
    Table,
)

if TYPE_CHECKING:
    from workbench.bracketing.result import (
        BracketingResult,
        FrontierResult,
        SegmentationResult,
    )
    from workbench.report.inputs import CodeNames


CLASSES = (
    "emergent",
    "disappearing",
    "intensified",
    "attenuated",
    "continuous",
    "inconclusive",
    "absent",
)
CLASS_RULES = (
    (
        "emergent",
        "a significant increase (false discovery rate) from near nothing: below the presence "
        "threshold, or below twice it and a fifth of the share after",
    ),
    ("intensified", "a significant increase of a theme already present"),
    ("disappearing", "a significant decrease to near nothing (the mirror rule)"),
    ("attenuated", "a significant decrease of a theme that stays present"),
    (
        "continuous",
        "equivalence shown: the interval of the log share-ratio lies inside the margin "
        "(no significant change is never enough)",
    ),
    ("inconclusive", "neither a change nor equivalence shown"),
    ("absent", "below the presence threshold on both sides (not tested)"),
)


def continuity_section(
    seg: SegmentationResult, names: CodeNames, result: BracketingResult
) -> Section:
    params = result.manifest.parameters
    rules = DefinitionList(CLASS_RULES)
    lead = Paragraph(
        "Each theme is compared across each frontier by the log ratio of its shares after "
        "and before. Sources that speak to both sides (an interviewee recounting the whole "
        "past) are also compared with themselves, so that a source's lean on a theme "
        "cancels; the log ratio combines that within-source comparison with the pooled "
        "shares, so it can differ a little from the ratio of the two shares shown. Its "
        "standard error is source-level (cluster-robust), with Student's t on the effective "
        "number of sources (one long interview is one observation, however many codes it "
        "holds). For the equivalence test each theme's clustering correction is pooled with "
        "those of the other themes at the frontier, which share its sources (empirical-Bayes "
        "moderation, as limma does for gene variances), and t uses the degrees of freedom "
        "that pooling gives; the change test and the interval shown keep the theme's own "
        "correction, or the pooled one where it is larger. Tests are at "
        f"α = {params.get('alpha', 0.05)}. Each class is a separate "
        "finding, so both kinds of claim are controlled by false discovery rate over the "
        "themes at a frontier: changes by Benjamini-Hochberg (where nothing changed, the "
        "chance of any false change stays at α), continuity by its two-stage version, "
        "which first estimates how many themes change (the expected share of wrong "
        "“continuous” labels stays at α). Inconclusive means the data cannot tell, not "
        "that nothing changed. The presence threshold is a share of "
        f"{float(params.get('presence_threshold', 0.02)):.0%} and the equivalence margin a "
        f"ratio of ×{_ratio(params.get('equivalence_margin'))}. The classes are:",
        style="note",
    )
    frontiers = seg.frontiers
    if not frontiers:
        return Section(
            "Continuity and discontinuity",
            (Paragraph("One phase only: there is no frontier to compare across."),),
            id="continuity",
        )
    themes = names.order(frozenset(c.theme for f in frontiers for c in f.continuity.themes))
    by_frontier = [{c.theme: c.classification for c in f.continuity.themes} for f in frontiers]
    overview = Table(
        "continuity",
        "Continuity and discontinuity of each theme at each frontier",
        (
            Column("theme_id", "Theme id", display=False),
            Column("theme", "Theme"),
            *(
                Column(f"frontier_{i + 1}", f"{f.before} → {f.after}")
                for i, f in enumerate(frontiers)
            ),
            Column("persisting", "In every phase"),
        ),
        tuple(
            (
                t,
                names.name(t),
                *(m.get(t, "absent") for m in by_frontier),
                "yes" if t in seg.persisting_themes else "",
            )
            for t in themes
        ),
        notes=("“In every phase”: present above the threshold in each phase.",),
    )
    details = tuple(_frontier_detail(i, f, names) for i, f in enumerate(frontiers, start=1))
    return Section(
        "Continuity and discontinuity", (lead, rules, overview), details, id="continuity"
    )


def _ratio(margin: object) -> str:
    import math

    try:
        return f"{math.exp(float(margin)):.2f}"  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "?"


def _frontier_detail(number: int, f: FrontierResult, names: CodeNames) -> Section:
    c = f.continuity
    rows = []
    for t in c.themes:
        if t.classification == "absent":
            continue
        ci = (
            f"{signed(t.ci_low, 2)} to {signed(t.ci_high, 2)}"
            if t.ci_low is not None and t.ci_high is not None
            else None
        )
        rows.append(
            (
                t.theme,
                names.name(t.theme),
                t.share_before,
                t.share_after,
                t.log_ratio,
                ci,
                t.ci_low,
                t.ci_high,
                t.p_holm,
                t.p_equivalence_holm,
                t.classification,
            )
        )
    carriers = (
        f"{plural(c.n_carrier_sources, 'source')} in {plural(c.n_carrier_cases, 'case')} "
        "speak to both sides of the frontier"
        + (f" (cases: {', '.join(c.carrier_cases)})" if c.carrier_cases else "")
        + "."
    )
    bridging = (
        f" Themes carried across by the same sources: "
        f"{', '.join(names.name(t) for t in c.bridging_themes)}."
        if c.bridging_themes
        else ""
    )
    table = Table(
        f"frontier-{number}-themes",
        f"Theme shares across {f.before} → {f.after} ({f.date})",
        (
            Column("theme_id", "Theme id", display=False),
            Column("theme", "Theme"),
            Column("share_before", "Share before", "share"),
            Column("share_after", "Share after", "share"),
            Column("log_ratio", "Log ratio", "float", digits=2, undefined="n/a"),
            Column("ci", "95% CI"),
            Column("ci_low", "CI low", "float", display=False),
            Column("ci_high", "CI high", "float", display=False),
            Column("p_holm", "p change (FDR)", "p"),
            Column("p_equivalence_holm", "p equiv. (FDR)", "p"),
            Column("classification", "Class"),
        ),
        tuple(rows),
        notes=("Themes absent on both sides are left out.",),
    )
    return Section(
        f"Frontier {number}: {f.before} → {f.after}",
        (Paragraph(carriers + bridging), table),
        id=f"frontier-{number}",
    )
