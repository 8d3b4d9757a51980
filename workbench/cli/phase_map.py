"""``bracket --phase-map``: the rule-based phase map's options and its text output."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from collections.abc import Callable

    from workbench.bracketing.result import PhaseMapResult
    from workbench.services.phase_map import PhaseMapSetup
    from workbench.services.project import Project

DEFAULTS: dict[str, Any] = {
    "min_run": 3,
    "interruption": 1,
    "max_gap": "1",
    "mixed_share": 0.25,
    "dominance": 0.6,
}


def phase_map_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--phase-map and its parsing rules (defaults after Holmes & Poole)."""
    options = [
        click.option(
            "--phase-map",
            is_flag=True,
            help="Map phases from the codebook's phase markers (flexible phase mapping).",
        ),
        click.option(
            "--min-run",
            type=click.IntRange(min=1),
            default=DEFAULTS["min_run"],
            show_default=True,
            help="Phase map: bins in a row that found a phase.",
        ),
        click.option(
            "--interruption",
            type=click.IntRange(min=0),
            default=DEFAULTS["interruption"],
            show_default=True,
            help="Phase map: bins read otherwise that a phase carries on through.",
        ),
        click.option(
            "--max-gap",
            default=DEFAULTS["max_gap"],
            show_default=True,
            help="Phase map: empty bins bridged (a number, or 'any').",
        ),
        click.option(
            "--mixed-share",
            type=click.FloatRange(min=0.0, max=0.5, min_open=True),
            default=DEFAULTS["mixed_share"],
            show_default=True,
            help="Phase map: share of a stretch's markers that names a mixed phase's component.",
        ),
        click.option(
            "--dominance",
            type=click.FloatRange(min=0.5, max=1.0),
            default=DEFAULTS["dominance"],
            show_default=True,
            help="Phase map: share of a bin's markers that reads it as one phase.",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def phase_map_setup(
    project: Project, level: int | None, options: dict[str, Any]
) -> PhaseMapSetup | None:
    """The codebook's markers and the rules, or None without --phase-map."""
    if not options.get("phase_map"):
        changed = [
            "--" + key.replace("_", "-")
            for key, default in DEFAULTS.items()
            if options.get(key, default) != default
        ]
        if changed:
            raise click.UsageError(f"{', '.join(changed)} only apply with --phase-map")
        return None
    from workbench.services.phase_map import phase_map_rules

    gap_text = str(options["max_gap"]).strip().lower()
    if gap_text == "any":
        max_gap = None
    elif gap_text.isdigit():
        max_gap = int(gap_text)
    else:
        raise click.BadParameter("a number of bins, or 'any'", param_hint="--max-gap")
    return phase_map_rules(
        project,
        level=level,
        min_run=options["min_run"],
        max_interruption=options["interruption"],
        max_gap=max_gap,
        mixed_min_share=options["mixed_share"],
        dominance=options["dominance"],
    )


def show_phase_map(rule_map: PhaseMapResult | None, setup: PhaseMapSetup) -> None:
    """The map as text: the rules, the sequence, then every segment with its dates."""
    from workbench.bracketing.phasemap import describe_rules

    if rule_map is None:
        return
    click.echo(f"\nPhase map from the codebook's phase markers ({describe_rules(setup.rules)}):")
    sequence = " -> ".join(rule_map.sequence) or "no phase"
    click.echo(f"  sequence: {sequence}")
    for segment in rule_map.segments:
        bins = getattr(segment, "n_bins", segment.last_bin - segment.first_bin + 1)
        detail = f"{bins} bin{'s' if bins != 1 else ''}"
        interruptions = getattr(segment, "interruptions", 0)
        if interruptions:
            detail += f", carried through {interruptions} bin{'s' if interruptions != 1 else ''}"
        components = getattr(segment, "components", ())
        shares = getattr(segment, "shares", ())
        if segment.kind != "phase" and components:
            mix = ", ".join(f"{c} {s:.0%}" for c, s in zip(components, shares, strict=False))
            detail += f"; markers: {mix}"
        click.echo(f"  {segment.label:<32} {segment.start} to {segment.end}  {detail}")
    for note in setup.notes:
        click.echo(f"note: {note}")
