"""``codebook load|show|validate|diff|save``, ``codes find|new|rename|recolour|move|merge|retire``.

Codes edited in the project (here or in the TUI) reach the YAML file with ``codebook save``.
"""

from __future__ import annotations

from dataclasses import asdict

import click

from workbench.cli.common import open_project, project_option
from workbench.cli.output import emit, format_option


@click.group()
def codebook() -> None:
    """Load, check and compare YAML codebooks (format: codebooks/README.md)."""


@codebook.command("validate")
@click.argument("files", nargs=-1, required=True)
def codebook_validate(files: tuple[str, ...]) -> None:
    """Check codebook files; print each problem as file:line:column: message."""
    from workbench.core.errors import WorkbenchError
    from workbench.services.codebook import validate_codebook

    bad = 0
    for f in files:
        try:
            book = validate_codebook(f)
        except WorkbenchError as exc:
            bad += 1
            click.echo(f"error: {exc}", err=True)
            continue
        click.echo(f"{f}: ok, codebook {book.id!r} with {len(book.codes)} codes")
    if bad:
        raise click.exceptions.Exit(1)


def _merge_pairs(pairs: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        old, sep, new = pair.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise click.BadParameter(f"{pair!r}: expected OLD=NEW", param_hint="--merge-into")
        out[old.strip()] = new.strip()
    return out


@codebook.command("load")
@click.argument("file")
@project_option
@click.option(
    "--retire",
    multiple=True,
    metavar="ID",
    help="Keep a dropped code (and its codings) as retired.",
)
@click.option(
    "--merge-into",
    "merge_into",
    multiple=True,
    metavar="OLD=NEW",
    help="Move a dropped code's codings to another code.",
)
def codebook_load(
    file: str, project_spec: str | None, retire: tuple[str, ...], merge_into: tuple[str, ...]
) -> None:
    """Load a codebook, or a revision of one already loaded."""
    from workbench.services.codebook import load_codebook_file, register_codebook

    project = open_project(project_spec)
    result = load_codebook_file(
        project.uow(),
        path=file,
        actor=project.config.default_coder,
        retire=retire,
        merge_into=_merge_pairs(merge_into),
    )
    register_codebook(project, file)
    d = result.diff
    click.echo(
        f"loaded codebook {result.codebook!r} ({result.name}): {len(d.added)} added, "
        f"{len(d.renamed)} renamed, {len(d.moved)} moved, {len(d.changed)} changed, "
        f"{d.unchanged} unchanged, {len(result.retired)} retired, "
        f"{len(result.merged)} merged, {len(result.deleted)} removed"
    )
    for source, target, n in result.merged:
        click.echo(f"  merged {source} into {target}: {n} codings moved")


@codebook.command("diff")
@click.argument("file")
@project_option
@format_option
def codebook_diff(file: str, project_spec: str | None, fmt: str) -> None:
    """What loading FILE would change in the project."""
    from workbench.services.codebook import diff_codebook_file

    project = open_project(project_spec)
    book, diff = diff_codebook_file(project.uow(), path=file)
    rows = [{"id": c.id, "change": c.kind, "detail": c.detail} for c in diff.changes]
    if fmt == "table":
        click.echo(f"codebook {book.id!r}: {len(rows)} change(s), {diff.unchanged} unchanged")
        if not rows:
            return
    emit(rows, ["change", "id", "detail"], fmt)


@codebook.command("show")
@project_option
@click.option("--all", "show_all", is_flag=True, help="Include retired and merged codes.")
@click.option("--details", is_flag=True, help="Print definitions and criteria.")
@format_option
def codebook_show(project_spec: str | None, show_all: bool, details: bool, fmt: str) -> None:
    """The project's code tree with coding counts."""
    from workbench.services.codebook import list_codes

    project = open_project(project_spec)
    infos = list_codes(project.uow(), include_inactive=show_all)
    if fmt != "table":
        emit(
            [asdict(c) for c in infos],
            [
                "guid",
                "path",
                "codebook",
                "status",
                "colour",
                "shortcut",
                "codings",
                "version",
                "description",
                "inclusion",
                "exclusion",
                "examples",
                "keywords",
            ],
            fmt,
        )
        return
    if not infos:
        click.echo("(no codes: load one with 'workbench codebook load codebooks/FILE.yaml')")
    for c in infos:
        key = f"[{c.shortcut}] " if c.shortcut else ""
        flag = f" ({c.status})" if c.status != "active" else ""
        click.echo(f"{'  ' * c.depth}{key}{c.name}{flag}  <{c.guid}>  {c.codings}")
        if details:
            pad = "  " * (c.depth + 2)
            for label, text in (
                ("means", c.description),
                ("use when", c.inclusion),
                ("not when", c.exclusion),
            ):
                if text:
                    click.echo(f"{pad}{label}: {' '.join(text.split())}")


@click.group()
def codes() -> None:
    """Find, rename, merge and retire codes."""


@codes.command("find")
@click.argument("text")
@project_option
@click.option("--limit", default=10, show_default=True)
@format_option
def codes_find(text: str, project_spec: str | None, limit: int, fmt: str) -> None:
    """Fuzzy look-up over names, paths, keywords and synonyms."""
    from workbench.services.codebook import find_codes

    project = open_project(project_spec)
    matches = find_codes(project.uow(), query=text, limit=limit)
    emit([asdict(m) for m in matches], ["id", "path", "score", "field", "matched"], fmt)
    if not matches and fmt == "table":
        raise click.exceptions.Exit(1)


@codes.command("rename")
@click.argument("code")
@click.argument("new_name")
@click.option(
    "--expect-version",
    type=int,
    help="Refuse if the code changed since you read this version (codebook show --format json).",
)
@project_option
def codes_rename(
    code: str, new_name: str, expect_version: int | None, project_spec: str | None
) -> None:
    """Rename CODE (its id and codings stay)."""
    from workbench.services.codebook import rename_code

    project = open_project(project_spec)
    info = rename_code(
        project.uow(),
        code=code,
        new_name=new_name,
        actor=project.config.default_coder,
        expected_version=expect_version,
    )
    click.echo(f"renamed <{info.guid}> to {info.name!r}")


@codes.command("merge")
@click.argument("source")
@click.argument("target")
@project_option
def codes_merge(source: str, target: str, project_spec: str | None) -> None:
    """Move SOURCE's codings and children to TARGET; SOURCE is marked merged."""
    from workbench.services.codebook import merge_codes

    project = open_project(project_spec)
    n = merge_codes(project.uow(), source=source, target=target, actor=project.config.default_coder)
    click.echo(f"merged {source} into {target}: {n} codings moved")


@codes.command("retire")
@click.argument("code")
@project_option
def codes_retire(code: str, project_spec: str | None) -> None:
    """Hide CODE from pickers; its codings stay."""
    from workbench.services.codebook import retire_code

    project = open_project(project_spec)
    retire_code(project.uow(), code=code, actor=project.config.default_coder)
    click.echo(f"retired {code}")


@codebook.command("save")
@click.option("--codebook", "book", help="Which codebook, when the project has several.")
@click.option(
    "--to",
    "target",
    type=click.Path(dir_okay=False),
    help="Write here (default: the codebook's file named in workbench.yaml).",
)
@project_option
def codebook_save(book: str | None, target: str | None, project_spec: str | None) -> None:
    """Write the project's codebook (with the TUI's edits) to its YAML file.

    The file is written afresh from the project, so its comments are not kept; the
    file as it was is kept beside it as FILE.bak. 'codebook diff FILE' shows nothing
    to change afterwards.
    """
    from workbench.services.codebook_edits import save_codebook

    project = open_project(project_spec)
    saved = save_codebook(project, codebook=book, path=target)
    kept = f" (the previous file is {saved.backup.name})" if saved.backup else ""
    click.echo(f"saved codebook {saved.codebook!r}: {saved.codes} codes to {saved.path}{kept}")


@codes.command("new")
@click.argument("name")
@click.option("--parent", help="Put it under this code (id, path or unique name).")
@click.option("--colour", help="#RRGGBB or blue, orange, green, red, purple, ...")
@click.option("--description", help="What the code means.")
@project_option
def codes_new(
    name: str,
    parent: str | None,
    colour: str | None,
    description: str | None,
    project_spec: str | None,
) -> None:
    """Add a code to the project (then 'codebook save' to write it to the YAML file)."""
    from workbench.services.codebook_edits import create_code

    project = open_project(project_spec)
    info = create_code(
        project,
        name=name,
        parent=parent,
        colour=colour,
        description=description,
        actor=project.config.default_coder,
    )
    click.echo(f"added <{info.guid}> {info.path}")


@codes.command("recolour")
@click.argument("code")
@click.argument("colour")
@project_option
def codes_recolour(code: str, colour: str, project_spec: str | None) -> None:
    """Give CODE another colour (#RRGGBB or a name; "none" for the default)."""
    from workbench.services.codebook_edits import edit_code

    project = open_project(project_spec)
    value = None if colour.lower() == "none" else colour
    info = edit_code(project, code=code, colour=value, actor=project.config.default_coder)
    click.echo(f"<{info.guid}> is now {info.colour or 'the default colour'}")


@codes.command("move")
@click.argument("code")
@click.argument("parent")
@project_option
def codes_move(code: str, parent: str, project_spec: str | None) -> None:
    """Put CODE under PARENT ("top" for the top level); its codings stay."""
    from workbench.services.codebook_edits import edit_code

    project = open_project(project_spec)
    above = None if parent.lower() == "top" else parent
    info = edit_code(project, code=code, parent=above, actor=project.config.default_coder)
    click.echo(f"moved <{info.guid}> to {info.path}")
