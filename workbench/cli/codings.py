"""``codings add|list|remove|import|export``: scripted coding."""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

import click

from workbench.cli.common import coder_for, open_project, project_option, raw_csv, raw_csv_option
from workbench.cli.output import emit, format_option

COLUMNS = ["id", "document", "start", "end", "code_path", "coder", "origin", "event_date", "quote"]


@click.group()
def codings() -> None:
    """Add, list, remove, import and export coded segments."""


@codings.command("add")
@project_option
@click.option("--document", "-d", required=True, help="Document id, guid or title.")
@click.option("--code", "-c", required=True, help="Code id, path or unique name.")
@click.option("--coder", help="Coder handle (default: the project's default coder).")
@click.option("--start", type=int, help="Start offset (characters).")
@click.option("--end", type=int, help="End offset, exclusive.")
@click.option("--quote", help="An exact passage to locate instead of offsets.")
@click.option("--event-date", help="Date of the event: 2004, 2004-03, 2001-07/2004-06 ...")
@click.option("--memo", help="A note on the segment.")
@format_option
def codings_add(
    project_spec: str | None,
    document: str,
    code: str,
    coder: str | None,
    start: int | None,
    end: int | None,
    quote: str | None,
    event_date: str | None,
    memo: str | None,
    fmt: str,
) -> None:
    """Code one segment."""
    from workbench.services.codings import add_coding

    project = open_project(project_spec)
    if (start is None) != (end is None):
        raise click.UsageError("give both --start and --end")
    info = add_coding(
        project.uow(),
        document=document,
        code=code,
        coder=coder_for(project, coder),
        start=start,
        end=end,
        quote=quote,
        event_date=event_date,
        memo=memo,
    )
    if fmt == "table":
        click.echo(
            f"saved coding #{info.id}: [{info.start}, {info.end}) of {info.document!r} "
            f"as {info.code_path} by {info.coder}"
        )
    else:
        emit([asdict(info)], COLUMNS, fmt)


@codings.command("list")
@project_option
@click.option("--document", "-d", help="Only this document.")
@click.option("--code", "-c", help="Only this code.")
@click.option("--children", is_flag=True, help="With --code: include its child codes.")
@click.option("--coder", help="Only this coder.")
@click.option("--limit", type=int)
@format_option
def codings_list(
    project_spec: str | None,
    document: str | None,
    code: str | None,
    children: bool,
    coder: str | None,
    limit: int | None,
    fmt: str,
) -> None:
    """Coded segments with their text."""
    from workbench.services.codings import list_codings

    project = open_project(project_spec)
    rows = list_codings(
        project.uow(),
        document=document,
        code=code,
        coder=coder,
        include_children=children,
        limit=limit,
    )
    emit([asdict(r) for r in rows], COLUMNS + (["memo"] if fmt != "table" else []), fmt)


@codings.command("remove")
@click.argument("coding_id", type=int)
@project_option
@click.option("--coder", help="Who removes it (for the audit log).")
def codings_remove(coding_id: int, project_spec: str | None, coder: str | None) -> None:
    """Remove coding #ID."""
    from workbench.services.codings import remove_coding

    project = open_project(project_spec)
    info = remove_coding(
        project.uow(), coding_id=coding_id, actor=coder or project.config.default_coder
    )
    click.echo(f"removed coding #{info.id} ({info.code_path} on {info.document!r})")


@codings.command("import")
@click.argument("file")
@project_option
@click.option(
    "--as",
    "as_fmt",
    type=click.Choice(["csv", "jsonl"]),
    help="File format (default: from the extension).",
)
@click.option("--add-coders", is_flag=True, help="Create coders the file names.")
@click.option(
    "--origin",
    type=click.Choice(["imported", "manual", "suggested", "adjudicated"]),
    default="imported",
    show_default=True,
)
def codings_import(
    file: str, project_spec: str | None, as_fmt: str | None, add_coders: bool, origin: str
) -> None:
    """Import codings from CSV or JSON Lines: all rows, or none."""
    from workbench.services.codings import import_codings

    project = open_project(project_spec)
    result = import_codings(
        project.uow(),
        path=file,
        fmt=as_fmt,
        origin=origin,
        add_coders=add_coders,
        actor=project.config.default_coder,
    )
    added = f"; new coders: {', '.join(result.coders_added)}" if result.coders_added else ""
    click.echo(f"imported {result.imported} codings into {result.documents} documents{added}")


@codings.command("export")
@project_option
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: standard output).",
)
@click.option(
    "--as",
    "as_fmt",
    type=click.Choice(["csv", "jsonl"]),
    help="Format (default: from --out's extension, else csv).",
)
@click.option("--document", "-d")
@click.option("--code", "-c")
@click.option("--coder")
@raw_csv_option
def codings_export(
    project_spec: str | None,
    out: Path | None,
    as_fmt: str | None,
    document: str | None,
    code: str | None,
    coder: str | None,
) -> None:
    """Export codings in the exchange format (re-importable)."""
    from workbench.services.codings import export_codings_counted

    fmt = as_fmt or ("jsonl" if out and out.suffix.lower() in (".jsonl", ".ndjson") else "csv")
    project = open_project(project_spec)
    exported = export_codings_counted(
        project.uow(), fmt=fmt, raw=raw_csv(), document=document, code=code, coder=coder
    )
    if out is None:
        sys.stdout.write(exported.text)
        return
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(exported.text, encoding="utf-8")
    tmp.replace(out)
    click.echo(f"wrote {exported.codings} codings to {out}", err=True)
