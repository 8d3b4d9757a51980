"""``phases`` (bracket schemes) and ``bracket`` (the bracketing engine)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from workbench.cli.cases import case_options, case_setup, show_cases, show_paths
from workbench.cli.common import open_project, project_option, split_list
from workbench.cli.output import emit, format_option
from workbench.cli.phase_map import phase_map_options, phase_map_setup, show_phase_map

if TYPE_CHECKING:
    from workbench.bracketing.result import BracketingResult, FrontierResult, SegmentationResult

SCHEME = click.option("--scheme", default="study", show_default=True, help="Bracket scheme.")


@click.group()
def phases() -> None:
    """The researcher's phases, in named bracket schemes."""


@phases.command("add")
@click.argument("label")
@click.option("--start", required=True, help="First date: 1999, 2001-07, Q3 2001 ...")
@click.option("--end", required=True, help="Last date (inclusive).")
@click.option("--justification", "--why", "why", help="Why the phase starts and ends there.")
@SCHEME
@project_option
def phases_add(
    label: str, start: str, end: str, why: str | None, scheme: str, project_spec: str | None
) -> None:
    """Add a phase LABEL to a scheme (created if new)."""
    from workbench.services.phases import add_phase

    project = open_project(project_spec)
    p = add_phase(
        project,
        scheme=scheme,
        label=label,
        start=start,
        end=end,
        justification=why,
        actor=project.config.default_coder,
    )
    click.echo(f"added phase {p.label!r} ({p.start} to {p.end}) to scheme {p.scheme!r}")


@phases.command("edit")
@click.argument("label")
@click.option("--label", "new_label", help="New label.")
@click.option("--start")
@click.option("--end")
@click.option("--justification", "--why", "why")
@click.option(
    "--expect-version",
    type=int,
    help="Refuse if the phase changed since this version (see 'phases list').",
)
@SCHEME
@project_option
def phases_edit(
    label: str,
    new_label: str | None,
    start: str | None,
    end: str | None,
    why: str | None,
    expect_version: int | None,
    scheme: str,
    project_spec: str | None,
) -> None:
    """Change a phase's label, dates or justification."""
    from workbench.services.phases import edit_phase

    project = open_project(project_spec)
    p = edit_phase(
        project,
        scheme=scheme,
        label=label,
        expected_version=expect_version,
        new_label=new_label,
        start=start,
        end=end,
        justification=why,
        actor=project.config.default_coder,
    )
    click.echo(f"phase {p.label!r}: {p.start} to {p.end} (version {p.version})")


@phases.command("remove")
@click.argument("label")
@SCHEME
@click.option(
    "--expect-version",
    type=int,
    help="Refuse if the phase changed since this version (see 'phases list').",
)
@project_option
def phases_remove(
    label: str, scheme: str, expect_version: int | None, project_spec: str | None
) -> None:
    """Remove a phase from a scheme."""
    from workbench.services.phases import remove_phase

    project = open_project(project_spec)
    remove_phase(
        project,
        scheme=scheme,
        label=label,
        actor=project.config.default_coder,
        expected_version=expect_version,
    )
    click.echo(f"removed phase {label!r} from scheme {scheme!r}")


@phases.command("list")
@click.option("--scheme", help="Only this scheme.")
@project_option
@format_option
def phases_list(scheme: str | None, project_spec: str | None, fmt: str) -> None:
    """Schemes and their phases."""
    from workbench.services.phases import list_phases

    project = open_project(project_spec)
    emit(
        [asdict(p) for p in list_phases(project, scheme=scheme)],
        ["scheme", "label", "start", "end", "version", "justification"],
        fmt,
    )


@phases.command("load")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Replace a scheme of the same name.")
@project_option
def phases_load(file: Path, replace: bool, project_spec: str | None) -> None:
    """Load a scheme from YAML (scheme: {name, description}; phases: [...])."""
    from workbench.services.phases import load_scheme_file

    project = open_project(project_spec)
    infos = load_scheme_file(
        project, path=file, actor=project.config.default_coder, replace=replace
    )
    click.echo(
        f"loaded scheme {infos[0].scheme!r} with {len(infos)} phases"
        if infos
        else "loaded an empty scheme"
    )


@click.command()
@project_option
@click.option("--scheme", help="Test this scheme's phases (default: propose phases only).")
@click.option(
    "--auto",
    is_flag=True,
    help="Propose phases from the data (always done; this flag only makes it explicit).",
)
@click.option(
    "--freq",
    type=click.Choice(["month", "quarter", "half", "year"]),
    default="quarter",
    show_default=True,
    help="Calendar bins.",
)
@click.option(
    "--coder",
    "coders",
    help="Comma-separated coders (default: all; 'consensus' for adjudicated codings).",
)
@click.option("--codes", help="Comma-separated codes (with their children).")
@click.option("--level", type=int, help="Roll codes up to this depth (0 = top-level).")
@click.option(
    "--basis",
    type=click.Choice(["event", "narration"]),
    default="event",
    show_default=True,
    help="Event dates, or the dates documents were made.",
)
@click.option(
    "--count",
    type=click.Choice(["application", "presence"]),
    default="application",
    show_default=True,
    help="Count codings, or sources per theme per bin.",
)
@click.option(
    "--cost",
    type=click.Choice(["multinomial", "poisson"]),
    default="multinomial",
    show_default=True,
)
@click.option(
    "--min-phase",
    type=float,
    default=6.0,
    show_default=True,
    help="Shortest proposed phase, in months.",
)
@click.option(
    "--bootstrap",
    type=int,
    default=200,
    show_default=True,
    help="Source resamples behind K, support, intervals, p-values and verdicts.",
)
@click.option(
    "--resample",
    type=click.Choice(["source", "case"]),
    default="source",
    show_default=True,
    help="The independent unit of the resamples: sources, or whole cases.",
)
@click.option(
    "--no-inference",
    is_flag=True,
    help="Skip the source resamples (fast; figures that need them say 'not computed').",
)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the full result as JSON (default: the project's exports/).",
)
@phase_map_options
@case_options
@format_option
def bracket(
    project_spec: str | None,
    scheme: str | None,
    auto: bool,
    freq: str,
    coders: str | None,
    codes: str | None,
    level: int | None,
    basis: str,
    count: str,
    cost: str,
    min_phase: float,
    bootstrap: int,
    resample: str,
    no_inference: bool,
    seed: int,
    out: Path | None,
    fmt: str,
    **phase_map: Any,
) -> None:
    """Bracket dated codings into phases: proposed frontiers, the scheme's frontiers tested,
    and what continues and what breaks at each frontier; with --phase-map, the phase map
    from the codebook's phase markers."""
    from workbench.services.bracketing import run_bracketing, write_result

    del auto
    per_case = case_setup(phase_map)
    project = open_project(project_spec)
    params: dict[str, Any] = {
        "bin_unit": freq,
        "count_unit": count,
        "cost": cost,
        "min_phase_length": min_phase,
        "bootstrap": 0 if no_inference else bootstrap,
        "resample": resample,
        "seed": seed,
    }
    if per_case is not None:
        params["min_case_events"] = per_case.min_case_events
    setup = phase_map_setup(project, level, phase_map)
    result, events = run_bracketing(
        project,
        scheme=scheme,
        coders=split_list(coders),
        codes=split_list(codes),
        level=level,
        basis=basis,
        params=params,
        rules=setup.rules if setup else None,
    )
    if out is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        project.exports_dir.mkdir(exist_ok=True)
        out = project.exports_dir / f"bracket-{scheme or 'auto'}-{stamp}.json"
    extra: dict[str, Any] = {
        "scheme": scheme,
        "coders": list(events.coders),
        "basis": basis,
        "level": level,
    }
    timing = None
    if per_case is not None:
        from workbench.services.case_bracketing import run_case_timing

        timing = run_case_timing(
            project,
            result,
            events,
            cases=per_case.cases,
            min_case_events=per_case.min_case_events,
            replicates=params["bootstrap"],
            seed=seed,
        )
        extra["case_timing"] = timing.to_dict()
    paths = None
    if per_case is not None and timing is not None and per_case.compare:
        from workbench.services.case_paths import compare_case_paths, write_case_distances

        paths = compare_case_paths(
            result,
            timing,
            substitution=per_case.substitution,
            method=per_case.linkage,
            n_types=per_case.n_types,
        )
        extra["case_paths"] = paths.to_dict()
        if per_case.distances is not None:
            write_case_distances(paths, per_case.distances)
    write_result(result, out, extra)
    if fmt == "json":
        click.echo(out.read_text(encoding="utf-8"))
        return
    _summary(result, len(events.dated), len(events.undated), scheme)
    if setup is not None:
        show_phase_map(result.rule_map, setup)
    if timing is not None:
        show_cases(timing)
    if paths is not None:
        show_paths(paths)
        if per_case is not None and per_case.distances is not None:
            click.echo(f"distances: {per_case.distances}")
    click.echo(f"\nfull result: {out}")


def _p_text(p: float, replicates: int, unit: str) -> str:
    floor = 1.0 / (replicates + 1)
    if p <= floor * (1 + 1e-9):
        return f"p <= {floor:.2g} (none of {replicates} {unit} resamples as extreme)"
    return f"p = {p:.2g} ({replicates} {unit} resamples)"


def frontier_lines(f: FrontierResult, replicates: int, unit: str = "source") -> list[str]:
    """The lines of one frontier: date with its interval and support, JSD, verdict."""
    t = f.test
    if t.interval_method.startswith("not computed"):
        where = f"{f.date} (likely interval not computed)"
    else:
        where = f"{f.date} (likely {t.interval_start} to {t.interval_end})"
    jsd = f"JSD {t.jsd_bits:.3f} bits"
    if t.jsd_ci is not None:
        jsd += f" [{t.jsd_ci[0]:.3f}, {t.jsd_ci[1]:.3f}]"
    parts = [where, jsd]
    if f.stated_date is None:
        if t.support_same_k is None:
            parts.append("support not computed")
        else:
            parts.append(f"support {t.support_same_k:.0%}")
    lines = [f"  frontier {f.before} | {f.after}: " + "; ".join(parts)]
    if t.support_note:
        lines.append(f"      WEAK FRONTIER: {t.support_note}")
    if f.stated_date is not None:
        if t.verdict is None:
            lines.append("      is the change here? not computed (inference off)")
        else:
            differ = _p_text(t.p_value, replicates, unit) if t.p_value is not None else "p n/a"
            inside = "inside" if t.stated_inside else "outside"
            lines.append(
                f"      is the change here? {t.verdict.upper()}: stated {f.stated_date} is "
                f"{inside} the likely interval; data's best date {t.best_date}; phases differ: "
                f"{differ}"
            )
    return lines


def _segmentation(seg: SegmentationResult, title: str, replicates: int, unit: str) -> None:
    click.echo(f"\n{title}")
    for p in seg.phases:
        top = ", ".join(f"{t.theme} {t.share:.0%}" for t in p.dominant_themes[:3])
        click.echo(
            f"  {p.label:<28} {p.start} to {p.end}  {p.n_events:>5} events, "
            f"{p.n_sources} sources; {top}"
        )
    for f in seg.frontiers:
        for line in frontier_lines(f, replicates, unit):
            click.echo(line)
        changes = [c for c in f.continuity.themes if c.classification not in ("absent",)]
        for kind in (
            "emergent",
            "disappearing",
            "intensified",
            "attenuated",
            "continuous",
            "inconclusive",
        ):
            names = [c.theme for c in changes if c.classification == kind]
            if names:
                click.echo(f"      {kind:<13} {', '.join(names)}")
    if seg.persisting_themes:
        click.echo(f"  persisting across all phases: {', '.join(seg.persisting_themes)}")


def _summary(result: BracketingResult, n_dated: int, n_undated: int, scheme: str | None) -> None:
    tl = result.timeline
    click.echo(
        f"{n_dated} dated events ({n_undated} undated, listed in the result) in "
        f"{len(tl.bin_starts)} {tl.bin_unit} bins, {len(tl.themes)} themes, "
        f"{tl.n_sources} sources, {tl.n_cases} cases"
    )
    prop = result.proposal
    crit = "; ".join(f"{c.name} K={c.k}" for c in prop.criteria)
    click.echo(
        f"K path: {crit}; proposed K={prop.default_k} ({prop.default_rule}); "
        f"source-level dispersion {prop.dispersion:.2f}"
    )
    rule = next((c.note for c in prop.criteria if c.name == "bootstrap"), None)
    if rule:
        click.echo(f"K rule: {rule}")
    if reps := prop.bootstrap_replicates:
        unit = str(result.manifest.parameters.get("resample", "source"))
        click.echo(
            f"Intervals, support, p-values and verdicts come from {reps} resamples of whole "
            f"{unit}s (events within a {unit} are not independent)."
        )
    reps = prop.bootstrap_replicates
    unit = str(result.manifest.parameters.get("resample", "source"))
    _segmentation(prop.segmentation, "Proposed phases (from the data):", reps, unit)
    if result.researcher is not None:
        title = f"Scheme {scheme!r} (researcher's phases):"
        _segmentation(result.researcher, title, reps, unit)
    if result.diagnostics:
        click.echo("\nDiagnostics:")
        for d in result.diagnostics:
            click.echo(f"  - {d.message}")
    for w in result.warnings[:5]:
        click.echo(f"warning: {w}")
