"""``init``, ``status``, ``import`` and ``documents``."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from workbench.cli.common import open_project, project_option
from workbench.cli.output import emit, emit_mapping, format_option


@click.command()
@click.argument("name")
@click.option(
    "--db",
    "database",
    metavar="URL",
    help="Database URL (default: sqlite file workbench.db in the project).",
)
@click.option("--coder", metavar="HANDLE", help="Add this coder as lead and make it the default.")
def init(name: str, database: str | None, coder: str | None) -> None:
    """Create a project in ./projects/NAME (or at the path NAME)."""
    from workbench.services.project import init_project

    project = init_project(name, database=database, coder=coder)
    click.echo(f"created project {project.name!r} at {project.root}")
    project.close()


@click.command()
@project_option
@format_option
def status(project_spec: str | None, fmt: str) -> None:
    """Documents, codings per coder and codes in use."""
    from workbench.services.project import project_status

    project = open_project(project_spec)
    report = project_status(project)
    if fmt != "table":
        emit_mapping(asdict(report), fmt)
        return
    click.echo(f"project   {report.project}  ({report.database}, schema {report.schema_revision})")
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(report.documents_by_kind.items()))
    click.echo(
        f"documents {report.documents}{f' ({kinds})' if kinds else ''}; cases {report.cases}"
    )
    click.echo(f"codebooks {', '.join(report.codebooks) or '(none loaded)'}")
    click.echo(f"codes     {report.codes_active} active, {report.codes_in_use} in use")
    click.echo(f"codings   {report.codings}")
    for handle, n in report.codings_by_coder.items():
        click.echo(f"  {handle:<20} {n}")
    if report.top_codes:
        click.echo("most used codes")
        for path, n in report.top_codes:
            click.echo(f"  {n:>6}  {path}")


@click.group()
def documents() -> None:
    """List the project's documents, revise them, see their versions."""


@documents.command("list")
@project_option
@format_option
def documents_list(project_spec: str | None, fmt: str) -> None:
    """Documents with kind, case, date, length and codings."""
    from workbench.services.documents import list_documents

    project = open_project(project_spec)
    rows = [asdict(d) for d in list_documents(project)]
    emit(rows, ["id", "title", "kind", "case", "date", "length", "turns", "codings"], fmt)


REVISION_COLUMNS = ["coding", "code", "coder", "how", "score", "old", "new", "quote"]


@documents.command("revise")
@click.argument("document")
@click.argument("file", type=click.Path(path_type=Path))
@project_option
@click.option("--dry-run", is_flag=True, help="Show where each coding would land; change nothing.")
@click.option(
    "--drop-lost", is_flag=True, help="Remove the codings whose passage is gone from the new text."
)
@click.option(
    "--min-score",
    type=click.FloatRange(1, 100),
    default=85.0,
    show_default=True,
    help="Least similarity (0-100) for an edited passage to keep its coding.",
)
@click.option("--all", "show_all", is_flag=True, help="List every coding, not only moved ones.")
@click.option("--coder", help="Who revises (for the audit log).")
@format_option
def documents_revise(
    document: str,
    file: Path,
    project_spec: str | None,
    dry_run: bool,
    drop_lost: bool,
    min_score: float,
    show_all: bool,
    coder: str | None,
    fmt: str,
) -> None:
    """Replace DOCUMENT's text by FILE's, carrying its codings over.

    Each coding keeps its passage: unchanged (same), shifted by edits before it
    (moved), edited but recognisable (fuzzy, with its similarity), or gone (lost).
    Lost codings refuse the revision unless --drop-lost; the old text is kept as an
    earlier version.
    """
    from workbench.services.revisions import revise_document

    project = open_project(project_spec)
    report = revise_document(
        project,
        document=document,
        path=file,
        actor=coder or project.config.default_coder,
        dry_run=dry_run,
        drop_lost=drop_lost,
        min_score=min_score,
    )
    rows = [
        {
            "coding": c.coding_id,
            "code": c.code,
            "coder": c.coder,
            "how": c.how,
            "score": c.score,
            "old": f"{c.old_start}-{c.old_end}",
            "new": f"{c.new_start}-{c.new_end}" if c.new_start is not None else None,
            "quote": c.old_quote if c.new_quote is None or c.how != "fuzzy" else c.new_quote,
        }
        for c in report.codings
        if show_all or fmt != "table" or c.how != "same"
    ]
    if fmt != "table":
        emit(rows, REVISION_COLUMNS, fmt)
        return
    if rows:
        emit(rows, REVISION_COLUMNS, fmt)
    counts = ", ".join(f"{n} {how}" for how, n in report.counts.items())
    if report.applied:
        click.echo(
            f"revised {report.title!r} to version {report.revision} from {report.source}: "
            f"{len(report.codings)} codings ({counts}); {report.dropped} dropped; "
            f"{report.turns} turns, {report.sentences} sentences, {report.mentions} date mentions"
        )
    else:
        click.echo(
            f"dry run, nothing changed: {report.title!r} from {report.source} would carry "
            f"{len(report.codings)} codings over ({counts})"
        )


@documents.command("versions")
@click.argument("document")
@project_option
@format_option
def documents_versions(document: str, project_spec: str | None, fmt: str) -> None:
    """DOCUMENT's versions, oldest first; the last is the current text."""
    from workbench.services.revisions import document_versions

    project = open_project(project_spec)
    rows = document_versions(project, document=document)
    emit(rows, ["revision", "source", "length", "sha256", "since", "replaced", "by"], fmt)


@click.group()
def speakers() -> None:
    """Speaker labels of transcripts and the roles they map to."""


@speakers.command("list")
@project_option
@format_option
def speakers_list(project_spec: str | None, fmt: str) -> None:
    """Labels with their role, number of turns and documents."""
    from workbench.services.speakers import list_speakers

    project = open_project(project_spec)
    emit([asdict(s) for s in list_speakers(project)], ["label", "role", "turns", "documents"], fmt)


@speakers.command("set")
@click.argument("label")
@click.argument("role", required=False)
@project_option
def speakers_set(label: str, role: str | None, project_spec: str | None) -> None:
    """Map LABEL to ROLE (e.g. councillor); without ROLE, remove the mapping."""
    from workbench.services.speakers import set_speaker_role

    project = open_project(project_spec)
    n = set_speaker_role(project, label=label, role=role, actor=project.config.default_coder)
    click.echo(f"{label!r} -> {role or '(no role)'}; {n} turns updated")
