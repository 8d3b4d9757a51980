"""``workbench memos list|add``: memos on the project, its documents and codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from workbench.cli.common import coder_for, open_project, project_option
from workbench.cli.output import emit, format_option

if TYPE_CHECKING:
    from workbench.services.project import Project

COLUMNS = ["id", "kind", "about", "coder", "updated", "text"]


@click.group()
def memos() -> None:
    """List, search and write memos (the TUI: F8, M on a document, m on a code)."""


@memos.command("list")
@project_option
@click.option("--search", "query", help="Only memos with these words in the title or text.")
@click.option("--kind", type=click.Choice(["project", "document", "code", "segment"]))
@click.option("--document", "-d", help="Only memos on this document (id, guid or title).")
@click.option("--code", "-c", help="Only memos on this code.")
@click.option("--coder", help="Only this coder's memos.")
@format_option
def memos_list(
    project_spec: str | None,
    query: str | None,
    kind: str | None,
    document: str | None,
    code: str | None,
    coder: str | None,
    fmt: str,
) -> None:
    """Memos, newest first."""
    from workbench.services.memos import list_memos

    project = open_project(project_spec)
    document_id = _document_id(project, document)
    found = list_memos(
        project, query=query, kind=kind, document_id=document_id, code=code, coder=coder
    )
    rows = [
        {
            "id": m.id,
            "kind": m.kind,
            "about": m.about,
            "coder": m.coder,
            "updated": m.updated_at.strftime("%Y-%m-%d %H:%M"),
            "text": m.body if fmt != "table" else m.first_line,
        }
        for m in found
    ]
    emit(rows, COLUMNS, fmt)


@memos.command("add")
@project_option
@click.argument("text")
@click.option("--document", "-d", help="On this document (id, guid or title).")
@click.option("--code", "-c", help="On this code.")
@click.option("--title", help="A title for the memo.")
@click.option("--coder", help="Whose memo (default: the project's default coder).")
def memos_add(
    project_spec: str | None,
    text: str,
    document: str | None,
    code: str | None,
    title: str | None,
    coder: str | None,
) -> None:
    """Write a memo on the project, a document (--document) or a code (--code)."""
    from workbench.services.memos import write_memo

    project = open_project(project_spec)
    memo = write_memo(
        project,
        coder=coder_for(project, coder),
        body=text,
        title=title,
        document_id=_document_id(project, document),
        code=code,
    )
    if memo is not None:
        click.echo(f"saved memo #{memo.id} on {memo.about} by {memo.coder}")


def _document_id(project: Project, ref: str | None) -> int | None:
    if ref is None:
        return None
    from workbench.services.memos import document_ref

    return document_ref(project, ref)
