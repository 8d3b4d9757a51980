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


def _attrs(pairs: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{pair!r}: expected key=value", param_hint="--attr")
        out[key.strip()] = value.strip()
    return out


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@project_option
@click.option("--title", help="Title (default: the file name).")
@click.option(
    "--kind",
    type=click.Choice(["interview", "document", "fieldnote", "survey", "other"]),
    default="document",
    show_default=True,
)
@click.option("--case", "case_name", metavar="NAME", help="Case the document belongs to.")
@click.option("--date", metavar="DATE", help="Document date: 2004, 2004-03, Q3 2004 ...")
@click.option("--attr", "attrs", multiple=True, metavar="KEY=VALUE", help="Attribute (repeat).")
@click.option("--allow-duplicate", is_flag=True, help="Import a file already imported.")
@click.option("--coder", help="Who imports (for the audit log).")
def import_files(
    files: tuple[str, ...],
    project_spec: str | None,
    title: str | None,
    kind: str,
    case_name: str | None,
    date: str | None,
    attrs: tuple[str, ...],
    allow_duplicate: bool,
    coder: str | None,
) -> None:
    """Import UTF-8 text documents, one transaction each."""
    from workbench.core.errors import WorkbenchError
    from workbench.services.documents import import_text_file

    if title and len(files) > 1:
        raise click.UsageError("--title applies to one file; import the files one by one")
    project = open_project(project_spec)
    actor = coder or project.config.default_coder
    failed = 0
    for f in files:
        try:
            info = import_text_file(
                project,
                path=f,
                title=title,
                kind=kind,
                case=case_name,
                date=date,
                attributes=_attrs(attrs),
                allow_duplicate=allow_duplicate,
                actor=actor,
            )
        except WorkbenchError as exc:
            failed += 1
            click.echo(f"failed: {exc}", err=True)
            continue
        click.echo(f"imported #{info.id} {info.title!r} ({info.length} characters)")
    if failed:
        raise click.exceptions.Exit(1)


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
