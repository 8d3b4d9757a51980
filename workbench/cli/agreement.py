"""``agree`` and ``disagreements``: inter-coder agreement from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from workbench.cli.common import coder_for, open_project, project_option, split_list
from workbench.cli.output import emit, format_option

if TYPE_CHECKING:
    from workbench.services.agreement import AgreementRun

COLUMNS = [
    "code",
    "units",
    "prevalence",
    "percent",
    "percent_ci",
    "kappa",
    "kappa_ci",
    "alpha",
    "alpha_ci",
    "ac1",
    "ac1_ci",
    "holsti",
    "band",
]
ALL_COLUMNS = [
    "code",
    "units",
    "prevalence",
    "percent",
    "percent_ci",
    "cohen",
    "cohen_ci",
    "scott",
    "scott_ci",
    "fleiss",
    "fleiss_ci",
    "conger",
    "conger_ci",
    "alpha",
    "alpha_ci",
    "ac1",
    "ac1_ci",
    "bp",
    "bp_ci",
    "holsti",
    "holsti_ci",
    "u_alpha",
    "band",
]
STATISTICS = {
    "percent": "percent_agreement",
    "cohen": "cohen_kappa",
    "scott": "scott_pi",
    "fleiss": "fleiss_kappa",
    "conger": "conger_kappa",
    "ac1": "gwet_ac1",
    "bp": "brennan_prediger",
}


def _common(f: Any) -> Any:
    for option in reversed(
        [
            click.option("--coders", required=True, help="Comma-separated handles, e.g. ana,ben."),
            click.option(
                "--unit",
                type=click.Choice(["sentence", "turn", "paragraph", "character"]),
                default="sentence",
                show_default=True,
            ),
            click.option(
                "--documents", help="Comma-separated documents (default: all coded by every coder)."
            ),
            click.option(
                "--min-share",
                type=float,
                help="Share of a unit a coder's segments must cover (default: any overlap).",
            ),
            click.option(
                "--rollup", is_flag=True, help="Count child codes as their top-level code."
            ),
            project_option,
        ]
    ):
        f = option(f)
    return f


def span(low: float | None, high: float | None) -> str | None:
    """An interval as the table prints it."""
    if low is None or high is None:
        return None
    return f"{low:.3f}–{high:.3f}"


def rows_of(run: AgreementRun) -> list[dict[str, Any]]:
    """One row per code and the pooled row: every value with its interval's ends."""
    from workbench.agreement import interpret

    codes = [c.code for c in run.report.codes]
    u_by_code = dict(zip(codes, run.unitized, strict=True))
    holsti_by_code = dict(zip([*codes, "(pooled)"], run.holsti, strict=False))
    out = []
    for code, stats in [
        *((c.code, c.statistics) for c in run.report.codes),
        ("(pooled)", run.report.pooled),
    ]:
        alpha = stats.krippendorff_alpha.value
        boot = stats.bootstrap
        row: dict[str, Any] = {
            "code": run.code_paths.get(code, code),
            "code_id": code,
            "units": stats.n_units,
            "prevalence": stats.prevalence,
        }
        for key, attribute in STATISTICS.items():
            result = getattr(stats, attribute)
            interval = result.interval
            row[key] = result.value
            row[f"{key}_low"] = interval.lower if interval else None
            row[f"{key}_high"] = interval.upper if interval else None
            row[f"{key}_ci"] = span(row[f"{key}_low"], row[f"{key}_high"])
        kappa = "cohen" if stats.n_coders == 2 else "conger"
        row["kappa"] = row[kappa]
        row["kappa_ci"] = row[f"{kappa}_ci"]
        row["alpha"] = alpha
        row["alpha_low"] = boot.lower if boot else None
        row["alpha_high"] = boot.upper if boot else None
        row["alpha_ci"] = span(row["alpha_low"], row["alpha_high"])
        row["alpha_q"] = boot.q if boot else None
        holsti = holsti_by_code.get(code)
        row["holsti"] = holsti.value if holsti else None
        holsti_interval = holsti.interval if holsti else None
        row["holsti_low"] = holsti_interval.lower if holsti_interval else None
        row["holsti_high"] = holsti_interval.upper if holsti_interval else None
        row["holsti_ci"] = span(row["holsti_low"], row["holsti_high"])
        unitized = u_by_code.get(code)
        row["u_alpha"] = unitized.value if unitized else None
        row["band"] = interpret(alpha, "krippendorff")
        row["alpha_undefined"] = stats.krippendorff_alpha.undefined_reason
        out.append(row)
    return out


def _data_columns() -> list[str]:
    columns = ["code_id", "code", "units", "prevalence"]
    for key in [*STATISTICS, "alpha", "holsti"]:
        columns += [key, f"{key}_low", f"{key}_high"]
    return [*columns, "alpha_q", "u_alpha", "band", "alpha_undefined"]


@click.command()
@_common
@click.option("--codes", help="Comma-separated codes (ids or paths); default: all applied.")
@click.option(
    "--exclude-uncoded",
    is_flag=True,
    help="Leave out units no coder coded (they inflate agreement).",
)
@click.option(
    "--bootstrap",
    type=int,
    default=0,
    show_default=True,
    help="Bootstrap replicates for alpha's confidence interval.",
)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--over-time",
    type=click.Choice(["none", "year"]),
    default="none",
    show_default=True,
    help="Also per document-date bin, to see drift.",
)
@click.option(
    "--bootstrap-method",
    type=click.Choice(["units", "krippendorff"]),
    default="units",
    show_default=True,
    help="Resample documents (units with one document), or KALPHA's pairs of values.",
)
@click.option(
    "--include-partial",
    is_flag=True,
    help="Also compare documents only some coders coded (the others count as coding nothing).",
)
@click.option(
    "--units-independent",
    is_flag=True,
    help="Intervals over units as if independent, not across documents (to match other tools).",
)
@click.option("--all", "show_all", is_flag=True, help="Every coefficient in the table.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the full result as .json or the table as .csv.",
)
@format_option
def agree(
    coders: str,
    unit: str,
    documents: str | None,
    min_share: float | None,
    rollup: bool,
    project_spec: str | None,
    codes: str | None,
    exclude_uncoded: bool,
    bootstrap: int,
    seed: int,
    over_time: str,
    bootstrap_method: str,
    include_partial: bool,
    units_independent: bool,
    show_all: bool,
    out: Path | None,
    fmt: str,
) -> None:
    """Agreement per code and pooled, each statistic with its 95% interval: percent agreement
    (pairwise), Cohen's, Scott's, Fleiss' and Conger's kappa, Krippendorff's alpha, Gwet's
    AC1, Brennan-Prediger, Holsti's index on segments and |u-alpha on characters."""
    from workbench.services.agreement import compute_agreement

    if out is not None and out.suffix.lower() not in (".json", ".csv"):
        raise click.BadParameter("use a .json or .csv file", param_hint="--out")
    project = open_project(project_spec)
    run = compute_agreement(
        project,
        coders=split_list(coders) or [],
        unit=unit,
        codes=split_list(codes),
        documents=split_list(documents),
        min_share=min_share,
        exclude_uncoded=exclude_uncoded,
        rollup=rollup,
        bootstrap=bootstrap,
        seed=seed,
        over_time=over_time,
        partial=include_partial,
        bootstrap_method=bootstrap_method,
        cluster_by_document=not units_independent,
    )
    rows = rows_of(run)
    if out is not None:
        _write(out, run, rows)
    if fmt == "table":
        across = "documents" if run.clustered else "units"
        click.echo(
            f"{len(run.documents)} documents, unit: {run.unit}, coders: "
            f"{', '.join(run.report.coders)}; percent agreement is pairwise; "
            f"kappa is {'Cohen' if len(run.report.coders) == 2 else 'Conger'}'s; "
            f"95% intervals across {across}"
            + ("" if bootstrap else " (alpha's with --bootstrap N)")
            + f"; {run.report.pooling}"
        )
        for note in run.notes[:5]:
            click.echo(f"note: {note}")
    columns = (ALL_COLUMNS if show_all else COLUMNS) if fmt == "table" else _data_columns()
    emit(rows, columns, fmt)
    if over_time != "none" and fmt == "table":
        click.echo("\nover time (pooled):")
        emit(
            [
                {
                    "group": g.group,
                    "units": g.pooled.n_units,
                    "alpha": g.pooled.krippendorff_alpha.value,
                    "alpha_ci": span(
                        g.pooled.bootstrap.lower if g.pooled.bootstrap else None,
                        g.pooled.bootstrap.upper if g.pooled.bootstrap else None,
                    ),
                    "percent": g.pooled.percent_agreement.value,
                }
                for g in run.report.groups
            ],
            ["group", "units", "alpha", "alpha_ci", "percent"],
            "table",
        )
    if out is not None:
        click.echo(f"wrote {out}", err=True)


def plain(o: Any) -> Any:
    """Results as JSON-ready values (dataclasses to dicts, numpy scalars to numbers)."""
    import dataclasses

    if dataclasses.is_dataclass(o) and not isinstance(o, type):
        return {f.name: plain(getattr(o, f.name)) for f in dataclasses.fields(o)}
    if isinstance(o, (list, tuple)):
        return [plain(x) for x in o]
    if isinstance(o, dict):
        return {str(k): plain(v) for k, v in o.items()}
    if hasattr(o, "item"):
        return o.item()
    if hasattr(o, "isoformat"):
        return o.isoformat()
    return o if isinstance(o, (str, int, float, bool, type(None))) else str(o)


def _write(out: Path, run: AgreementRun, rows: list[dict[str, Any]]) -> None:
    import csv

    if out.suffix.lower() == ".json":
        data = {
            "unit": run.unit,
            "coders": list(run.report.coders),
            "documents": [
                {"id": i, "title": t} for i, t in zip(run.document_ids, run.documents, strict=True)
            ],
            "documents_left_out": [
                {"id": d.id, "title": d.title, "coded_by": list(d.coded_by)} for d in run.left_out
            ],
            "intervals_across": "documents" if run.clustered else "units",
            "table": rows,
            "report": plain(run.report),
            "unitized": plain(run.unitized),
            "holsti": plain(run.holsti),
            "notes": list(run.notes),
        }
        out.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    else:
        columns = _data_columns()
        with out.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)


@click.command()
@_common
@click.option("--code", "code", required=True, help="The code to review.")
@format_option
def disagreements(
    coders: str,
    unit: str,
    documents: str | None,
    min_share: float | None,
    rollup: bool,
    project_spec: str | None,
    code: str,
    fmt: str,
) -> None:
    """Units where the coders differ on one code, with their text."""
    from dataclasses import asdict

    from workbench.services.agreement import list_disagreements

    project = open_project(project_spec)
    found = list_disagreements(
        project,
        coders=split_list(coders) or [],
        code=code,
        unit=unit,
        documents=split_list(documents),
        min_share=min_share,
        rollup=rollup,
    )
    emit(
        [asdict(d) for d in found],
        ["document", "start", "end", "with_code", "without_code", "text"],
        fmt,
    )
    if fmt == "table":
        click.echo(f"{len(found)} disagreement(s) on {code}")


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


def _segments_cell(segments: Any, fmt: str) -> Any:
    if fmt == "json":
        return [{"id": s.id, "code": s.code, "start": s.start, "end": s.end} for s in segments]
    return ", ".join(f"#{s.id} {s.code_name}" for s in segments) or "-"


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
@project_option
@format_option
def consensus_list(
    coders: str | None,
    code: str | None,
    unit: str,
    documents: str | None,
    show_all: bool,
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
            if item.settled and not show_all:
                continue
            row: dict[str, Any] = {
                "document": doc.title,
                "start": item.start,
                "end": item.end,
                "codes": list(item.codes) if fmt == "json" else ", ".join(item.code_paths),
                "state": item.state if fmt != "table" or not item.decided else item.decided,
                "text": review.document.text[item.start : item.end],
            }
            for side in item.sides:
                row[side.coder] = _segments_cell(side.segments, fmt)
            rows.append(row)
    emit(rows, ["document", "start", "end", "codes", *who, "state", "text"], fmt)
    if fmt == "table":
        for note in overview.notes:
            click.echo(f"note: {note}")
        click.echo(
            f"{overview.open} open disagreement(s) between {' and '.join(who)} "
            f"(unit: {unit}); settle each with 'consensus take ID', 'consensus both ID ID' "
            "or 'consensus neither'"
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
