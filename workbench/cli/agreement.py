"""``agree`` and ``disagreements``: inter-coder agreement from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from workbench.cli.common import open_project, project_option, raw_csv, split_list
from workbench.cli.consensus import consensus
from workbench.cli.output import emit, format_option
from workbench.core import csvcell

if TYPE_CHECKING:
    from workbench.services.agreement import AgreementRun

__all__ = ["agree", "consensus", "disagreements"]

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
    "u_alpha_ci",
    "u_alpha_1995",
    "u_alpha_1995_ci",
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
    classic_by_code = dict(zip(codes, run.unitized_classic, strict=False))
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
        for key, found in (
            ("u_alpha", u_by_code.get(code)),
            ("u_alpha_1995", classic_by_code.get(code)),
        ):
            found_interval = found.interval if found else None
            row[key] = found.value if found else None
            row[f"{key}_low"] = found_interval.lower if found_interval else None
            row[f"{key}_high"] = found_interval.upper if found_interval else None
            row[f"{key}_ci"] = span(row[f"{key}_low"], row[f"{key}_high"])
        row["band"] = interpret(alpha, "krippendorff")
        row["alpha_undefined"] = stats.krippendorff_alpha.undefined_reason
        out.append(row)
    return out


def _data_columns() -> list[str]:
    columns = ["code_id", "code", "units", "prevalence"]
    for key in [*STATISTICS, "alpha", "holsti", "u_alpha", "u_alpha_1995"]:
        columns += [key, f"{key}_low", f"{key}_high"]
    return [*columns, "alpha_q", "band", "alpha_undefined"]


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
    "--dates",
    "dates",
    is_flag=True,
    help="Agreement on when things happened: matched passages' dates, per code and pooled.",
)
@click.option(
    "--phases",
    "phases",
    metavar="SCHEME",
    help="Agreement on which phase of SCHEME the coders' dates put each matched event in.",
)
@click.option(
    "--date-basis",
    type=click.Choice(["resolved", "own"]),
    default="resolved",
    show_default=True,
    help="Dates as bracketing resolves them, or only the dates coders gave.",
)
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
    dates: bool,
    phases: str | None,
    date_basis: str,
    out: Path | None,
    fmt: str,
) -> None:
    """Agreement per code and pooled, each statistic with its 95% interval: percent agreement
    (pairwise), Cohen's, Scott's, Fleiss' and Conger's kappa, Krippendorff's alpha, Gwet's
    AC1, Brennan-Prediger, Holsti's index on segments and |u-alpha on characters (alpha's,
    |u-alpha's, u-alpha 1995's and mv-alpha's intervals with --bootstrap N).

    With --dates, agreement on the dates of the passages both coders coded; with --phases
    SCHEME, on the phases those dates put them in."""
    from workbench.services.agreement import compute_agreement

    if out is not None and out.suffix.lower() not in (".json", ".csv"):
        raise click.BadParameter("use a .json or .csv file", param_hint="--out")
    project = open_project(project_spec)
    if dates or phases:
        from workbench.cli.agreement_dates import show_dates

        show_dates(
            project,
            coders=split_list(coders) or [],
            codes=split_list(codes),
            documents=split_list(documents),
            partial=include_partial,
            rollup=rollup,
            basis=date_basis,
            scheme=phases,
            show_dates=dates,
            bootstrap=bootstrap or 1000,
            seed=seed,
            out=out,
            fmt=fmt,
        )
        return
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
            + (
                ""
                if bootstrap
                else " (alpha's, the continuum alphas' and mv-alpha's with --bootstrap N)"
            )
            + f"; {run.report.pooling}"
        )
        for note in run.notes[:5]:
            click.echo(f"note: {note}")
    columns = (ALL_COLUMNS if show_all else COLUMNS) if fmt == "table" else _data_columns()
    emit(rows, columns, fmt)
    if show_all and fmt == "table" and run.report.multi_valued:
        click.echo(
            "\nmulti-valued alpha (Krippendorff & Craggs 2016): each coder's rating of a unit is "
            "the set of the domain's codes applied to it"
        )
        emit(
            [
                {
                    "domain": run.code_paths.get(m.subject or "", m.subject),
                    "units": m.n_units,
                    "codes": m.n_labels,
                    "mv_alpha": m.value,
                    "mv_alpha_ci": span(
                        m.interval.lower if m.interval else None,
                        m.interval.upper if m.interval else None,
                    ),
                    "undefined": m.undefined_reason,
                }
                for m in run.report.multi_valued
            ],
            ["domain", "units", "codes", "mv_alpha", "mv_alpha_ci", "undefined"],
            "table",
        )
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
            "unitized_classic": plain(run.unitized_classic),
            "holsti": plain(run.holsti),
            "notes": list(run.notes),
        }
        out.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    else:
        columns = _data_columns()
        with out.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(csvcell.record(r, raw=raw_csv()) for r in rows)


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
