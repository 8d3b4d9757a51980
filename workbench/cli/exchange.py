"""``export qdpx|qdc``: the project or its codebook for other QDA tools (REFI-QDA).

Importing goes through ``workbench import FILE.qdpx|FILE.qdc``, which calls
``import_refi_file`` below, so both directions print the same way: one summary
line on standard output and each warning (what was left out or read differently)
as one line on standard error.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.cli.common import open_project, project_option

if TYPE_CHECKING:
    from workbench.services.exchange import RefiImportResult
    from workbench.services.imports import ImportOutcome
    from workbench.services.project import Project

REFI_SUFFIXES = (".qdpx", ".qdc")


@click.group("export")
def export() -> None:
    """Export for other QDA tools: a REFI-QDA project (.qdpx) or codebook (.qdc).

    \b
    workbench export qdpx --out study.qdpx     # documents, codes, codings, dates...
    workbench export qdc --out codes.qdc       # the codebook only
    """


@export.command("qdpx")
@click.option(
    "--out",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write [exports/<project>.qdpx].",
)
@click.option(
    "--offsets",
    type=click.Choice(["codepoints", "utf16"]),
    default="codepoints",
    show_default=True,
    help="How selection positions count: code points (the standard, QualCoder, ATLAS.ti) "
    "or UTF-16 code units (NVivo).",
)
@project_option
def export_qdpx_command(out: Path | None, offsets: str, project_spec: str | None) -> None:
    """The whole project as a REFI-QDA .qdpx file.

    Documents travel as UTF-8 plain text with their selections and codings,
    coders as users, codes with colours and descriptions, cases and document
    dates as variables, memos as named notes, a coding's own event date as the
    last line of its description, phases as sets; what only the workbench keeps
    travels in a comment and under workbench/ in the archive.
    """
    from workbench.services.exchange import export_qdpx

    project = open_project(project_spec)
    click.echo(export_qdpx(project, out=out, offsets=offsets).describe())


@export.command("qdc")
@click.option(
    "--out",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write [exports/<codebook or project>.qdc].",
)
@click.option("--codebook", metavar="ID", help="Only this codebook's codes [all].")
@project_option
def export_qdc_command(out: Path | None, codebook: str | None, project_spec: str | None) -> None:
    """The code tree as a REFI-QDA .qdc codebook."""
    from workbench.services.exchange import export_qdc

    project = open_project(project_spec)
    click.echo(export_qdc(project, out=out, codebook=codebook).describe())


def is_refi_file(path: Path) -> bool:
    """True for the files ``workbench import`` hands to ``import_refi_file``."""
    return path.suffix.lower() in REFI_SUFFIXES


def echo_refi_import(result: RefiImportResult) -> None:
    click.echo(f"{result.path}: {result.describe()}")
    for warning in result.warnings:
        click.echo(f"warning: {result.path}: {warning}", err=True)


def refi_outcome(result: RefiImportResult) -> ImportOutcome:
    """The import table's row for a REFI-QDA file: what it was and what it added."""
    from workbench.services.imports import ImportOutcome

    added = (
        f"{result.codes} codes"
        if result.format == "qdc"
        else f"{result.documents} documents, {result.codings} codings"
    )
    return ImportOutcome(
        result.path,
        "imported",
        title=f"{result.kind}: {added}",
        characters=result.characters,
        turns=result.turns,
        sentences=result.sentences,
        mentions=result.mentions,
    )


def import_refi_file(
    project: Project, path: Path, *, actor: str | None, strict: bool = False, echo: bool = True
) -> RefiImportResult:
    """Import a .qdpx or .qdc into ``project`` and print what it did; errors propagate.

    A failure raises ``InputError`` (``RefiImportError`` with one line per problem
    in ``problems`` when there are several), which ``main`` prints; the project is
    unchanged then.
    """
    from workbench.services.exchange import import_refi

    result = import_refi(project, path=path, actor=actor, strict=strict)
    if echo:
        echo_refi_import(result)
    return result
