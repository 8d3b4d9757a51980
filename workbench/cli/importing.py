"""``import`` (documents, folders, manifests, survey tables) and ``indicators``."""

from __future__ import annotations

import time
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.cli.common import open_project, project_option
from workbench.cli.output import emit, format_option

if TYPE_CHECKING:
    from collections.abc import Callable

    from workbench.services.imports import ImportItem, ImportOutcome
    from workbench.services.project import Project

SURVEY = (".csv", ".tsv")
COLUMNS = ["status", "path", "title", "characters", "turns", "sentences", "mentions", "reason"]


def _attrs(pairs: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{pair!r}: expected key=value", param_hint="--attr")
        out[key.strip()] = value.strip()
    return out


@click.command("import")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@project_option
@click.option(
    "--manifest",
    type=click.Path(path_type=Path),
    help="CSV or YAML with one row per file: file, title, kind, date, case, ...",
)
@click.option("--title", help="Title (one file only; default: the file name).")
@click.option(
    "--kind",
    type=click.Choice(["interview", "document", "fieldnote", "survey", "other"]),
    help="Kind of document [document].",
)
@click.option("--case", "case_name", metavar="NAME", help="Case the documents belong to.")
@click.option("--date", metavar="DATE", help="Document date: 2004, 2004-03, Q3 2004 ...")
@click.option("--attr", "attrs", multiple=True, metavar="KEY=VALUE", help="Attribute (repeat).")
@click.option("--allow-duplicate", is_flag=True, help="Import files already imported.")
@click.option(
    "--text-column",
    "text_columns",
    multiple=True,
    metavar="COLUMN",
    help="Survey tables: the answer column(s) (default: free-text columns).",
)
@click.option(
    "--respondent",
    metavar="COLUMN",
    help="Survey tables: one document per respondent (default: per row).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="REFI-QDA projects: refuse one whose source files are missing [import the rest].",
)
@click.option("--coder", help="Who imports (for the audit log).")
@format_option
def import_files(
    paths: tuple[Path, ...],
    project_spec: str | None,
    manifest: Path | None,
    title: str | None,
    kind: str | None,
    case_name: str | None,
    date: str | None,
    attrs: tuple[str, ...],
    allow_duplicate: bool,
    text_columns: tuple[str, ...],
    respondent: str | None,
    strict: bool,
    coder: str | None,
    fmt: str,
) -> None:
    """Import documents: files, folders (recursively) or a --manifest.

    \b
    Formats: .txt .md .html .docx .odt .rtf .pdf .vtt .srt, and .csv/.tsv survey
    tables (one document per row, or per --respondent). Each document is one
    transaction: a file that fails leaves nothing behind and the others go on.
    """
    from workbench.ingest.metadata import DocumentMeta
    from workbench.services.imports import ImportOutcome, collect, import_documents, import_survey

    if not paths and manifest is None:
        raise click.UsageError("give files or folders to import, or --manifest FILE")
    if title and (len(paths) > 1 or manifest or (paths and paths[0].is_dir())):
        raise click.UsageError("--title applies to one file")
    project = open_project(project_spec)
    actor = coder or project.config.default_coder
    meta = DocumentMeta(title, kind, date, case_name, _attrs(attrs))
    from workbench.cli.exchange import import_refi_file, is_refi_file, refi_outcome

    refi = [p for p in paths if is_refi_file(p) and not p.is_dir()]
    surveys = [p for p in paths if p.suffix.lower() in SURVEY and not p.is_dir()]
    others = [p for p in paths if p not in surveys and p not in refi]
    items, outcomes = collect(list(others), meta=meta, manifest=manifest)
    outcomes = list(outcomes)
    from workbench.core.errors import WorkbenchError

    for path in refi:  # REFI-QDA projects and codebooks: their own import, all or nothing
        try:
            done = import_refi_file(project, path, actor=actor, strict=strict, echo=fmt == "table")
            outcomes.append(refi_outcome(done))
        except WorkbenchError as exc:
            for problem in getattr(exc, "problems", []):
                click.echo(f"  {problem}", err=True)
            outcomes.append(ImportOutcome(str(path), "failed", str(exc.message)))
    for survey in surveys:
        try:
            outcomes += import_survey(
                project,
                path=survey,
                text_columns=list(text_columns) or None,
                respondent_column=respondent,
                meta=meta,
                allow_duplicate=allow_duplicate,
                actor=actor,
            )
        except WorkbenchError as exc:
            outcomes.append(ImportOutcome(str(survey), "failed", str(exc.message)))
    if items:
        outcomes += _with_progress(project, items, allow_duplicate, actor, import_documents)
    _summary(outcomes, fmt)
    if any(o.status == "failed" for o in outcomes):
        raise click.exceptions.Exit(1)


def _with_progress(
    project: Project,
    items: list[ImportItem],
    allow_duplicate: bool,
    actor: str | None,
    run: Callable[..., list[ImportOutcome]],
) -> list[ImportOutcome]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    if not console.is_terminal:  # a log or a pipe gets the summary, not a bar's leftovers
        return run(project, items, allow_duplicate=allow_duplicate, actor=actor)
    started = time.perf_counter()
    with Progress(
        TextColumn("importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} files/s  {task.fields[current]}"),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("import", total=len(items), rate="-", current="")

        def advance(outcome: ImportOutcome) -> None:
            done = bar.tasks[0].completed + 1
            rate = done / max(time.perf_counter() - started, 1e-9)
            bar.update(task, advance=1, rate=f"{rate:.1f}", current=Path(outcome.path).name)

        return run(project, items, allow_duplicate=allow_duplicate, actor=actor, on_outcome=advance)


def _summary(outcomes: list[ImportOutcome], fmt: str) -> None:
    """The table (or JSON/CSV) on stdout; each failure and skip also as one line on stderr."""
    rows = [asdict(o) for o in outcomes]
    for r in rows:
        if r["status"] != "imported":
            r.update(characters=None, turns=None, sentences=None, mentions=None)
    if fmt != "table":
        emit(rows, COLUMNS, fmt)
    else:
        counts = {
            s: sum(o.status == s for o in outcomes) for s in ("imported", "skipped", "failed")
        }
        shown = [r for r in rows if r["status"] != "imported"] if len(rows) > 20 else rows
        emit(shown, COLUMNS, "table")
        click.echo(
            f"{counts['imported']} imported, {counts['skipped']} skipped, {counts['failed']} failed"
        )
    for o in outcomes:
        if o.status != "imported":
            label = "error" if o.status == "failed" else "skipped"
            click.echo(f"{label}: {o.path}: {o.reason}", err=True)


@click.group()
def indicators() -> None:
    """Dated quantitative values (survey figures) for triangulating phases."""


@indicators.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@project_option
def indicators_import(file: Path, project_spec: str | None) -> None:
    """Import indicators from CSV: indicator, date, value[, unit, case, source]."""
    from workbench.services.indicators import import_indicators

    project = open_project(project_spec)
    n = import_indicators(project.uow(), path=file, actor=project.config.default_coder)
    click.echo(f"imported {n} indicator values")


@indicators.command("list")
@project_option
@format_option
def indicators_list(project_spec: str | None, fmt: str) -> None:
    """Indicator values in order."""
    from workbench.services.indicators import list_indicators

    project = open_project(project_spec)
    emit(
        [asdict(i) for i in list_indicators(project.uow())],
        ["name", "date", "value", "unit", "case", "source"],
        fmt,
    )
