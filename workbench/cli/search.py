"""``workbench search QUERY``: every hit across the project, keyword in context."""

from __future__ import annotations

import click

from workbench.cli.common import coder_for, open_project, project_option
from workbench.cli.output import emit, format_option

COLUMNS = ["document", "start", "end", "speaker", "before", "match", "after", "codes"]


@click.command("search")
@project_option
@click.argument("query")
@click.option(
    "--mode",
    type=click.Choice(["exact", "regex", "fuzzy"]),
    default="exact",
    show_default=True,
    help="exact: the words in order, each from its start; regex: a regular expression "
    "(case-insensitive unless it has capitals); fuzzy: also words that read alike.",
)
@click.option("--code", "-c", help="Only hits inside segments of this code (or its children).")
@click.option("--coder", help="With --code: only that coder's segments.")
@click.option("--document", "-d", help="Only documents whose title has these words (or an id).")
@click.option(
    "--kind", type=click.Choice(["interview", "document", "fieldnote", "survey", "other"])
)
@click.option("--case", help="Only documents of this case.")
@click.option("--speaker", help="Only hits in this speaker's turns.")
@click.option("--date", help="Only documents dated within: 2003, 2001-2004, spring 2002 ...")
@click.option("--context", type=int, default=40, show_default=True, help="Characters each side.")
@click.option("--limit", type=int, default=500, show_default=True, help="Hits shown at most.")
@click.option(
    "--code-all",
    "code_all",
    metavar="CODE",
    help="Code every hit found with CODE (one action: 'ctrl+z' in the TUI undoes it).",
)
@format_option
def search(
    project_spec: str | None,
    query: str,
    mode: str,
    code: str | None,
    coder: str | None,
    document: str | None,
    kind: str | None,
    case: str | None,
    speaker: str | None,
    date: str | None,
    context: int,
    limit: int,
    code_all: str | None,
    fmt: str,
) -> None:
    """Search the documents' text: QUERY in context, with where each hit is.

    \b
    workbench search "peer council" -p demo
    workbench search "innovat" --kind interview --speaker R1 --format csv
    workbench search "20[0-9][0-9]" --mode regex --code "Adaptation to local context"
    """
    from workbench.services.search import SearchFilters, code_hits
    from workbench.services.search import search as run

    if limit < 1:
        raise click.UsageError("--limit must be at least 1")
    project = open_project(project_spec)
    filters = SearchFilters(
        code=code,
        coder=coder,
        document=document,
        kind=kind,
        case=case,
        speaker=speaker,
        date=date,
    )
    result = run(
        project,
        query=query,
        mode=mode,
        filters=filters,
        limit=None if code_all else limit,
        context=context,
    )
    rows = [
        {
            "document": h.document,
            "document_id": h.document_id,
            "start": h.start,
            "end": h.end,
            "speaker": h.speaker,
            "before": h.before,
            "match": h.match,
            "after": h.after,
            "codes": list(h.codes),
        }
        for h in (result.hits if not code_all else result.hits[:limit])
    ]
    if fmt == "table":
        for r in rows:
            where = f"{r['document']} [{r['start']}, {r['end']})"
            who = f" {r['speaker']}:" if r["speaker"] else ""
            click.echo(f"{where}{who} {r['before']}[{r['match']}]{r['after']}")
        how = "index" if result.indexed else "full scan"
        click.echo(
            f"{result.total:,} hit{'' if result.total == 1 else 's'} in {result.documents:,} "
            f"document{'' if result.documents == 1 else 's'} "
            f"({result.seconds:.2f} s, {how})",
            err=bool(rows),
        )
        for note in result.notes:
            click.echo(note, err=True)
    else:
        emit(rows, [*COLUMNS[:1], "document_id", *COLUMNS[1:]], fmt)
        for note in result.notes:
            click.echo(note, err=True)
    if code_all:
        if not result.hits:
            raise click.ClickException("no hits to code")
        done = code_hits(
            project,
            hits=[(h.document_id, h.start, h.end) for h in result.hits],
            code=code_all,
            coder=coder_for(project, None),
        )
        already = f"; {done.already:,} already coded so" if done.already else ""
        click.echo(
            f"saved: coded {done.added:,} hits as {done.code_path}{already}", err=fmt != "table"
        )
