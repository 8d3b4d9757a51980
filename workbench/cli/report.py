"""``report``: phase timelines, agreement, codebook, segments and matrices as documents.

Each report is built once as data (``workbench.services.reports``) and written in the
format asked for: Markdown, self-contained HTML, Word, CSV or JSON. The format defaults to
the ``--out`` file's suffix, and the file to the project's ``exports/`` folder.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from workbench.cli.common import open_project, project_option, raw_csv, raw_csv_option

if TYPE_CHECKING:
    from collections.abc import Callable

    from workbench.services.project import Project

FORMATS = ("md", "html", "docx", "csv", "json")
SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".docx": "docx"}
SUFFIXES |= {".csv": "csv", ".json": "json"}


def _split(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def _output(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options every report shares: format, file, palette, chart files, project."""
    for option in reversed(
        [
            click.option(
                "--format",
                "fmt",
                type=click.Choice(FORMATS),
                help="Output format (default: from the --out suffix, else html).",
            ),
            click.option(
                "--out",
                type=click.Path(dir_okay=False, path_type=Path),
                help="File to write (default: the project's exports/ folder).",
            ),
            click.option(
                "--greyscale",
                "--grayscale",
                is_flag=True,
                help="Grey-scale charts (hatched phases, dashed lines) for print.",
            ),
            click.option(
                "--figures",
                type=click.Path(file_okay=False, path_type=Path),
                help="Also write every chart as SVG and PNG (300 dpi) into this folder.",
            ),
            raw_csv_option,
            project_option,
        ]
    ):
        f = option(f)
    return f


CODER = click.option(
    "--coder",
    "--coders",
    "coders",
    help="Comma-separated coders (default: consensus if adjudicated, else every coder).",
)
SCHEME = click.option("--scheme", help="Bracket scheme (default: the project's only one).")
NO_MEMOS = click.option(
    "--no-memos", is_flag=True, help="Leave the researchers' memos out of the report."
)


def _write(
    project: Project,
    kind: str,
    build: Callable[[], Any],
    fmt: str | None,
    out: Path | None,
    greyscale: bool,
    figures: Path | None,
) -> None:
    from workbench.report.export import write_report
    from workbench.report.palette import palette_for

    if fmt is None:
        fmt = SUFFIXES.get(out.suffix.lower(), "html") if out is not None else "html"
    if out is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        project.exports_dir.mkdir(exist_ok=True)
        out = project.exports_dir / f"report-{kind}-{stamp}.{fmt}"
    report = build()
    written = write_report(
        report,
        out,
        fmt,
        palette=palette_for(greyscale),
        figures_dir=figures,
        raw_csv=raw_csv(),
    )
    click.echo(f"wrote the {kind} report ({fmt}): {written[0]}")
    if len(written) > 1:
        others = written[1:]
        shown = ", ".join(str(p) for p in others[:6])
        more = f" and {len(others) - 6} more" if len(others) > 6 else ""
        click.echo(f"  with {len(others)} more file(s): {shown}{more}")


@click.group()
def report() -> None:
    """Write a report: phases | agreement | codebook | segments | matrix.

    \b
    Formats: md, html (self-contained, charts inline), docx, csv, json.
    Example: workbench report phases --scheme study --coder ana --out phases.docx
    """


@report.command("phases")
@click.option("--scheme", help="The researcher's scheme (default: phases proposed from the data).")
@CODER
@click.option("--level", type=int, help="Roll codes up to this depth (0 = top-level).")
@click.option(
    "--freq",
    type=click.Choice(["month", "quarter", "half", "year"]),
    default="quarter",
    show_default=True,
    help="Calendar bins.",
)
@click.option(
    "--basis",
    type=click.Choice(["event", "narration"]),
    default="event",
    show_default=True,
    help="Event dates, or the dates documents were made.",
)
@click.option(
    "--bootstrap",
    type=int,
    default=200,
    show_default=True,
    help="Source resamples behind intervals, support and p-values (0: inference off).",
)
@click.option("--seed", type=int, default=1, show_default=True)
@NO_MEMOS
@_output
def report_phases(
    scheme: str | None,
    coders: str | None,
    level: int | None,
    freq: str,
    basis: str,
    bootstrap: int,
    seed: int,
    no_memos: bool,
    fmt: str | None,
    out: Path | None,
    greyscale: bool,
    figures: Path | None,
    project_spec: str | None,
) -> None:
    """The phase timeline: chart, phases with exemplar quotes, continuity table, frontier
    tests, the K path and the reproducibility manifest (no --scheme: proposed phases)."""
    from workbench.services.reports import build_phase_report

    project = open_project(project_spec)
    _write(
        project,
        "phases",
        lambda: build_phase_report(
            project,
            scheme=scheme,
            coders=_split(coders),
            level=level,
            freq=freq,
            basis=basis,
            bootstrap=bootstrap,
            seed=seed,
            memos=not no_memos,
        ),
        fmt,
        out,
        greyscale,
        figures,
    )


@report.command("agreement")
@CODER
@click.option(
    "--unit",
    type=click.Choice(["sentence", "turn", "paragraph", "character"]),
    default="sentence",
    show_default=True,
)
@click.option("--codes", help="Comma-separated codes (default: all applied).")
@click.option("--rollup", is_flag=True, help="Count child codes as their top-level code.")
@click.option("--min-share", type=float, help="Share of a unit a segment must cover.")
@click.option("--exclude-uncoded", is_flag=True, help="Leave out units no coder coded.")
@click.option(
    "--bootstrap",
    type=int,
    default=1000,
    show_default=True,
    help="Replicates for α's interval (documents resampled).",
)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--no-dates", is_flag=True, help="Leave out the section on dates.")
@click.option("--phases", "scheme", metavar="SCHEME", help="Add agreement on SCHEME's phases.")
@click.option(
    "--over-time",
    type=click.Choice(["none", "year"]),
    default="none",
    show_default=True,
    help="Also per document-date year.",
)
@click.option(
    "--examples", type=int, default=3, show_default=True, help="Disagreements shown per code."
)
@_output
def report_agreement(
    coders: str | None,
    unit: str,
    codes: str | None,
    rollup: bool,
    min_share: float | None,
    exclude_uncoded: bool,
    bootstrap: int,
    seed: int,
    no_dates: bool,
    scheme: str | None,
    over_time: str,
    examples: int,
    fmt: str | None,
    out: Path | None,
    greyscale: bool,
    figures: Path | None,
    project_spec: str | None,
) -> None:
    """Agreement per code with every statistic and interval, and disagreement examples
    (default coders: every coder except consensus)."""
    from workbench.services.reports import build_agreement_report

    project = open_project(project_spec)
    _write(
        project,
        "agreement",
        lambda: build_agreement_report(
            project,
            coders=_split(coders),
            unit=unit,
            codes=_split(codes),
            rollup=rollup,
            min_share=min_share,
            exclude_uncoded=exclude_uncoded,
            bootstrap=bootstrap,
            seed=seed,
            over_time=over_time,
            examples=examples,
            dates=not no_dates,
            scheme=scheme,
        ),
        fmt,
        out,
        greyscale,
        figures,
    )


@report.command("codebook")
@CODER
@SCHEME
@NO_MEMOS
@_output
def report_codebook(
    coders: str | None,
    scheme: str | None,
    no_memos: bool,
    fmt: str | None,
    out: Path | None,
    greyscale: bool,
    figures: Path | None,
    project_spec: str | None,
) -> None:
    """The codebook: definitions, criteria, examples and frequencies per case and phase, with
    the project's memos and each code's."""
    from workbench.services.reports import build_codebook_report

    project = open_project(project_spec)
    _write(
        project,
        "codebook",
        lambda: build_codebook_report(
            project, coders=_split(coders), scheme=scheme, memos=not no_memos
        ),
        fmt,
        out,
        greyscale,
        figures,
    )


@report.command("segments")
@CODER
@click.option("--codes", help="Comma-separated codes, with their sub-codes (default: all).")
@click.option("--context", type=int, default=120, show_default=True, help="Characters of context.")
@click.option("--limit", type=int, help="At most this many segments per code.")
@NO_MEMOS
@_output
def report_segments(
    coders: str | None,
    codes: str | None,
    context: int,
    limit: int | None,
    no_memos: bool,
    fmt: str | None,
    out: Path | None,
    greyscale: bool,
    figures: Path | None,
    project_spec: str | None,
) -> None:
    """Coded segments by code, each with its context, source, date and memos, and the memos on
    their documents."""
    from workbench.services.reports import build_segment_report

    project = open_project(project_spec)
    _write(
        project,
        "segments",
        lambda: build_segment_report(
            project,
            coders=_split(coders),
            codes=_split(codes),
            context=context,
            limit=limit,
            memos=not no_memos,
        ),
        fmt,
        out,
        greyscale,
        figures,
    )


@report.command("matrix")
@CODER
@SCHEME
@click.option(
    "--level",
    type=int,
    default=0,
    show_default=True,
    help="Roll codes up to this depth (0 = top-level; a large number keeps codes as coded).",
)
@click.option(
    "--within",
    type=int,
    default=200,
    show_default=True,
    help="Co-occurrence distance, in characters.",
)
@_output
def report_matrix(
    coders: str | None,
    scheme: str | None,
    level: int,
    within: int,
    fmt: str | None,
    out: Path | None,
    greyscale: bool,
    figures: Path | None,
    project_spec: str | None,
) -> None:
    """Code x case, code x phase and co-occurrence matrices, as tables and heat maps."""
    from workbench.services.reports import build_matrix_report

    project = open_project(project_spec)
    _write(
        project,
        "matrix",
        lambda: build_matrix_report(
            project, coders=_split(coders), scheme=scheme, level=level, within=within
        ),
        fmt,
        out,
        greyscale,
        figures,
    )
