"""``workbench code``: open the terminal coding UI on a project.

Textual is imported inside the command, so ``workbench --help`` and the headless
commands never load it.
"""

from __future__ import annotations

import click

from workbench.cli.common import coder_for, open_project, project_option


@click.command("code")
@project_option
@click.option("--coder", metavar="HANDLE", help="Who codes (default: the project's default coder).")
@click.option("--blind", is_flag=True, help="Show only your own codings (for agreement studies).")
@click.option("--document", "-d", metavar="ID|TITLE", help="Open this document straight away.")
@click.option(
    "--theme",
    default="textual-dark",
    show_default=True,
    help="Colour theme, e.g. textual-light (ctrl+p then 'theme' switches while running).",
)
def code(
    project_spec: str | None,
    coder: str | None,
    blind: bool,
    document: str | None,
    theme: str,
) -> None:
    """Open the coding UI: read, code, date, memo, accept suggestions, undo, retrieve.

    \b
    Keys: select with shift+arrows or w/s/t/p, then a (pick a code) or a digit
    (the code's shortcut); F1 lists every key, ctrl+p every action.
    """
    from workbench.services.reading import coder_exists

    project = open_project(project_spec)
    handle = coder_for(project, coder)
    if not coder_exists(project, handle):
        raise click.UsageError(
            f"unknown coder {handle!r}: add it with 'workbench coders add {handle}'"
        )
    document_id = None
    if document is not None:
        from workbench.services.documents import document_info, list_documents

        matches = [
            d.id for d in list_documents(project) if document in (str(d.id), d.guid, d.title)
        ]
        if not matches:
            raise click.UsageError(f"no document {document!r}")
        document_id = document_info(project, matches[0]).id

    from workbench.tui.factory import make_app
    from workbench.tui.settings import TuiSettings

    app = make_app(
        project,
        TuiSettings(coder=handle, blind=blind, theme=theme, open_document=document_id),
    )
    try:
        app.run()
    finally:
        project.close()
    unconfirmed = app.services.unconfirmed
    if app.unsaved or unconfirmed:  # kept while the database could not be reached, left at quit
        for description in app.unsaved or []:
            click.echo(f"Not saved: {description}", err=True)
        for description in unconfirmed:
            click.echo(
                f"Perhaps not saved: {description} (the database had not answered when the "
                "app closed; check it before doing it again)",
                err=True,
            )
        raise SystemExit(1)
