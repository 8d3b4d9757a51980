"""``time-basis``: bracket on event time and on narration time, side by side."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from workbench.cli.common import open_project, project_option, split_list
from workbench.cli.output import emit, format_option

if TYPE_CHECKING:
    from workbench.services.time_basis import TimeBasisRun


def _days(value: float | None) -> str | None:
    return None if value is None else f"{value:.0f}"


def _share(value: float | None) -> str | None:
    return None if value is None else f"{value:.0%}"


@click.command("time-basis")
@project_option
@click.option("--scheme", help="Place codings in this scheme's phases (default: the data's).")
@click.option(
    "--freq",
    type=click.Choice(["month", "quarter", "half", "year"]),
    default="quarter",
    show_default=True,
    help="Calendar bins.",
)
@click.option("--coder", "coders", help="Comma-separated coders (default: all).")
@click.option("--codes", help="Comma-separated codes (with their children).")
@click.option("--level", type=int, help="Roll codes up to this depth (0 = top-level).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the comparison and both bracketings as JSON.",
)
@format_option
def time_basis(
    project_spec: str | None,
    scheme: str | None,
    freq: str,
    coders: str | None,
    codes: str | None,
    level: int | None,
    out: Path | None,
    fmt: str,
) -> None:
    """Event time against narration time: how late things were told (per source kind),
    how many codings fall in another phase when dated by the document, and which frontiers
    and theme classes change."""
    from workbench.services.time_basis import compare_bases

    project = open_project(project_spec)
    run = compare_bases(
        project,
        scheme=scheme,
        coders=split_list(coders),
        codes=split_list(codes),
        level=level,
        params={"bin_unit": freq},
    )
    data = _plain(run)
    if out is not None:
        out.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    if fmt == "json":
        click.echo(json.dumps(data["comparison"], indent=2, ensure_ascii=False))
        return
    _show(run, fmt)
    if out is not None:
        click.echo(f"wrote {out}", err=True)


def _plain(run: TimeBasisRun) -> dict[str, Any]:
    from workbench.bracketing.result import to_jsonable

    return {
        "comparison": to_jsonable(run.comparison),
        "n_event_only": run.n_event_only,
        "event": run.event.to_dict(),
        "narration": run.narration.to_dict(),
    }


def _show(run: TimeBasisRun, fmt: str) -> None:
    c = run.comparison
    click.echo(
        f"{c.n_pairs} codings dated on both bases (event: own date, a date mentioned, else "
        f"the document's; narration: the document's date); phases from {c.phases_from}"
    )
    if run.n_event_only:
        click.echo(f"note: {run.n_event_only} codings have no document date and are left out")
    click.echo("\nWhat changes:")
    for line in c.conclusions:
        click.echo(f"  - {line}")
    click.echo("\nLag of narration behind the event, per source kind (days):")
    emit(
        [
            {
                "kind": lag.source_kind,
                "codings": lag.n,
                "median": _days(lag.median_days),
                "q1": _days(lag.q1_days),
                "q3": _days(lag.q3_days),
                "over_a_year": _share(lag.share_over_a_year),
                "other_phase": _share(lag.share_in_other_phase),
            }
            for lag in c.lags
        ],
        ["kind", "codings", "median", "q1", "q3", "over_a_year", "other_phase"],
        fmt,
    )
    click.echo("\nProposed frontiers:")
    click.echo(f"  event time:     {', '.join(map(str, c.event_frontiers)) or 'none'}")
    click.echo(f"  narration time: {', '.join(map(str, c.narration_frontiers)) or 'none'}")
    if c.class_changes:
        click.echo("\nThemes classed differently:")
        emit(
            [
                {
                    "frontier": x.frontier,
                    "theme": x.theme,
                    "event": x.event_class,
                    "narration": x.narration_class,
                }
                for x in c.class_changes
            ],
            ["frontier", "theme", "event", "narration"],
            fmt,
        )
