"""``init``, ``status``, ``import`` and ``documents``."""

from __future__ import annotations

from dataclasses import asdict

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
    """List the project's documents."""


@documents.command("list")
@project_option
@format_option
def documents_list(project_spec: str | None, fmt: str) -> None:
    """Documents with kind, case, date, length and codings."""
    from workbench.services.documents import list_documents

    project = open_project(project_spec)
    rows = [asdict(d) for d in list_documents(project)]
    emit(rows, ["id", "title", "kind", "case", "date", "length", "turns", "codings"], fmt)


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
