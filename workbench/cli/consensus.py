"""``consensus``: adjudicate, building the consensus coder's codings (origin "adjudicated")."""

from __future__ import annotations

from typing import Any

import click

from workbench.cli.common import coder_for, open_project, project_option, split_list
from workbench.cli.output import emit, format_option


def _segments_cell(segments: Any, fmt: str) -> Any:
    if fmt == "json":
        return [{"id": s.id, "code": s.code, "start": s.start, "end": s.end} for s in segments]
    return ", ".join(f"#{s.id} {s.code_name}" for s in segments) or "-"


@click.group()
def consensus() -> None:
    """Adjudicate: build the consensus coder's codings (origin "adjudicated")."""


@consensus.command("adopt")
@click.option("--coders", required=True, help="Comma-separated handles, e.g. ana,ben.")
@click.option("--codes", help="Only these codes.")
@project_option
def consensus_adopt(coders: str, codes: str | None, project_spec: str | None) -> None:
    """Store every segment all coders agree on (same code, overlapping) as consensus."""
    from workbench.services.adjudication import adopt_agreements

    project = open_project(project_spec)
    r = adopt_agreements(
        project,
        coders=split_list(coders) or [],
        codes=split_list(codes),
        actor=coder_for(project, None),
    )
    click.echo(
        f"adopted {r.adopted} agreed segments in {r.documents} documents "
        f"({r.already} were already there); review the rest with "
        f"'workbench consensus list' (or F6 in 'workbench code')"
    )


@consensus.command("take")
@click.argument("coding_id", type=int)
@click.option("--start", type=int, help="Edited start offset.")
@click.option("--end", type=int, help="Edited end offset.")
@project_option
def consensus_take(
    coding_id: int, start: int | None, end: int | None, project_spec: str | None
) -> None:
    """Settle a disagreement with coding #ID (take A or B), as is or with an edited span."""
    from workbench.services.adjudication import take_coding

    project = open_project(project_spec)
    info = take_coding(
        project, coding_id=coding_id, start=start, end=end, actor=coder_for(project, None)
    )
    click.echo(
        f"saved consensus coding #{info.id}: [{info.start}, {info.end}) of "
        f"{info.document!r} as {info.code_path}"
    )


@consensus.command("list")
@click.option("--coders", help="Comma-separated handles (default: the two with most codings).")
@click.option("--code", "code", help="Only disagreements on this code.")
@click.option(
    "--unit",
    type=click.Choice(["sentence", "turn", "paragraph", "character"]),
    default="sentence",
    show_default=True,
)
@click.option("--documents", help="Comma-separated documents (default: all compared).")
@click.option("--all", "show_all", is_flag=True, help="Also the settled disagreements.")
@click.option("--dates", "only_dates", is_flag=True, help="Only passages dated differently.")
@project_option
@format_option
def consensus_list(
    coders: str | None,
    code: str | None,
    unit: str,
    documents: str | None,
    show_all: bool,
    only_dates: bool,
    project_spec: str | None,
    fmt: str,
) -> None:
    """Disagreements to settle, with each coder's coding ids: then take, both or neither."""
    from workbench.services.review import (
        default_review_coders,
        review_document,
        review_overview,
    )

    project = open_project(project_spec)
    who = split_list(coders) or default_review_coders(project)
    overview = review_overview(
        project, coders=who, unit=unit, code=code, documents=split_list(documents)
    )
    rows: list[dict[str, Any]] = []
    for doc in overview.rows:
        if not doc.total:
            continue
        review = review_document(project, document_id=doc.id, coders=who, unit=unit, code=code)
        for item in review.items:
            if (item.settled and not show_all) or (only_dates and item.kind != "date"):
                continue
            codes_cell: Any = list(item.codes) if fmt == "json" else ", ".join(item.code_paths)
            if item.kind == "date" and fmt != "json":
                dated = " vs ".join(f"{c} {w or 'undated'}" for c, w, _ in item.dates)
                codes_cell = f"date ({dated}): {codes_cell}"
            row: dict[str, Any] = {
                "document": doc.title,
                "start": item.start,
                "end": item.end,
                "kind": item.kind,
                "dates": {c: w for c, w, _ in item.dates} if item.kind == "date" else None,
                "codes": codes_cell,
                "state": item.state if fmt != "table" or not item.decided else item.decided,
                "text": review.document.text[item.start : item.end],
            }
            for side in item.sides:
                row[side.coder] = _segments_cell(side.segments, fmt)
            rows.append(row)
    columns = ["document", "start", "end", "codes", *who, "state", "text"]
    emit(rows, columns if fmt != "json" else [*columns, "kind", "dates"], fmt)
    if fmt == "table":
        for note in overview.notes:
            click.echo(f"note: {note}")
        click.echo(
            f"{overview.open} open disagreement(s) between {' and '.join(who)} "
            f"(unit: {unit}); settle each with 'consensus take ID', 'consensus both ID ID' "
            "or 'consensus neither', a date with 'consensus date ID'"
        )


@consensus.command("date")
@click.argument("coding_id", type=int)
@project_option
def consensus_date(coding_id: int, project_spec: str | None) -> None:
    """Settle a date disagreement: the consensus coding of that passage takes coding #ID's
    date (coded there by the consensus with that date if it has no coding yet)."""
    from workbench.services.adjudication import take_date

    project = open_project(project_spec)
    info = take_date(project, coding_id=coding_id, actor=coder_for(project, None))
    click.echo(
        f"the consensus dates {info.code_path} on [{info.start}, {info.end}) of "
        f"{info.document!r} {info.event_date} (consensus coding #{info.id})"
    )


@consensus.command("both")
@click.argument("coding_ids", type=int, nargs=-1, required=True)
@project_option
def consensus_both(coding_ids: tuple[int, ...], project_spec: str | None) -> None:
    """Settle a disagreement with both readings: codings #IDs (of two or more coders)."""
    from workbench.services.adjudication import take_both

    project = open_project(project_spec)
    taken = take_both(project, coding_ids=list(coding_ids), actor=coder_for(project, None))
    for info in taken:
        click.echo(
            f"saved consensus coding #{info.id}: [{info.start}, {info.end}) of "
            f"{info.document!r} as {info.code_path}"
        )


@consensus.command("neither")
@click.option("--document", "-d", "document", required=True, help="Id or exact title.")
@click.option("--start", type=int, required=True)
@click.option("--end", type=int, required=True)
@click.option("--codes", required=True, help="The disputed codes that do not apply here.")
@click.option("--coders", help="The compared coders (recorded with the decision).")
@click.option("--took", help="The coder whose reading (no code here) you take.")
@project_option
def consensus_neither(
    document: str,
    start: int,
    end: int,
    codes: str,
    coders: str | None,
    took: str | None,
    project_spec: str | None,
) -> None:
    """Settle a disagreement by leaving [START, END) without the disputed codes (recorded
    in the audit log; the passage then counts as settled)."""
    from workbench.services.adjudication import take_neither

    project = open_project(project_spec)
    mark = take_neither(
        project,
        document=document,
        start=start,
        end=end,
        codes=split_list(codes) or [],
        coders=split_list(coders),
        took=took,
        actor=coder_for(project, None),
    )
    click.echo(
        f"settled [{mark.start}, {mark.end}) as neither {', '.join(mark.codes)} "
        f"(decision {mark.key[:8]})"
    )


@consensus.command("undo")
@project_option
def consensus_undo(project_spec: str | None) -> None:
    """Undo your last action: a take, both or neither (also one made in the coding UI)."""
    from workbench.services.history import undo

    project = open_project(project_spec)
    result = undo(project, actor=coder_for(project, None))
    if result is None:
        click.echo("nothing to undo")
    elif result.skipped:
        click.echo(f"skipped: '{result.description}' was changed meanwhile by someone else")
    else:
        click.echo(f"undone: {result.description}")
