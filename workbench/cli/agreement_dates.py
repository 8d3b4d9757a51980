"""``agree --dates`` and ``agree --phases SCHEME``: agreement on when things happened."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from workbench.cli.common import raw_csv
from workbench.cli.output import emit
from workbench.core import csvcell

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.agreement.dates import DateStatisticsResult
    from workbench.agreement.intervals import IntervalResult
    from workbench.services.date_agreement import DateAgreementRun, PhaseAgreementRun

DATE_COLUMNS = [
    "code",
    "passages",
    "exact",
    "exact_ci",
    "overlap",
    "overlap_ci",
    "nested",
    "median_days",
    "median_ci",
    "alpha_range",
    "alpha_range_ci",
    "alpha_midpoint",
    "alpha_midpoint_ci",
]


def _ends(interval: IntervalResult | None) -> tuple[float | None, float | None]:
    return (interval.lower, interval.upper) if interval is not None else (None, None)


def _span(low: float | None, high: float | None, digits: int = 3) -> str | None:
    if low is None or high is None:
        return None
    return f"{low:.{digits}f}–{high:.{digits}f}"


def date_row(stats: DateStatisticsResult, label: str, code_id: str) -> dict[str, Any]:
    """One code's (or the pool's) date agreement with every interval's ends."""
    row: dict[str, Any] = {
        "code": label,
        "code_id": code_id,
        "passages": stats.n_units,
        "pairs": stats.n_pairs,
        "nested": stats.nested,
    }
    for key, share in (("exact", stats.exact), ("overlap", stats.overlap)):
        low, high = _ends(share.interval)
        row |= {key: share.value, f"{key}_low": low, f"{key}_high": high}
        row[f"{key}_ci"] = _span(low, high)
    difference = stats.difference
    row |= {
        "median_days": difference.median_days,
        "median_low": difference.lower,
        "median_high": difference.upper,
        "median_ci": _span(difference.lower, difference.upper, 1),
    }
    alphas = (("alpha_range", stats.alpha_range), ("alpha_midpoint", stats.alpha_midpoint))
    for key, alpha in alphas:
        low, high = _ends(alpha.interval)
        row |= {key: alpha.value, f"{key}_low": low, f"{key}_high": high}
        row[f"{key}_ci"] = _span(low, high)
        row[f"{key}_undefined"] = alpha.undefined_reason
    return row


def date_rows(run: DateAgreementRun) -> list[dict[str, Any]]:
    rows = [
        date_row(c, run.code_paths.get(c.subject or "", c.subject or ""), c.subject or "")
        for c in run.result.codes
    ]
    rows.append(date_row(run.result.pooled, "(pooled)", "(pooled)"))
    return rows


def phase_rows(run: PhaseAgreementRun) -> list[dict[str, Any]]:
    """The phase statistics as rows: statistic, value, interval."""
    r = run.result
    two = len(run.dates.coders) == 2
    entries: list[tuple[str, float | None, float | None, float | None]] = [
        ("same phase (share of coder pairs)", r.same_phase, *_ends(r.same_phase_interval)),
        (f"{'Cohen' if two else 'Conger'}'s kappa", r.kappa.value, *_ends(r.kappa.interval)),
        ("kappa, linear weights", r.weighted_kappa.value, *_ends(r.weighted_kappa.interval)),
        ("Fleiss' kappa", r.fleiss_kappa.value, *_ends(r.fleiss_kappa.interval)),
    ]
    for label, alpha, boot in (
        ("alpha, nominal", r.alpha_nominal, r.bootstrap_nominal),
        ("alpha, ordinal (phases in order)", r.alpha_ordinal, r.bootstrap_ordinal),
    ):
        entries.append(
            (label, alpha.value, boot.lower if boot else None, boot.upper if boot else None)
        )
    return [
        {"statistic": name, "value": value, "low": low, "high": high, "ci": _span(low, high)}
        for name, value, low, high in entries
    ]


def show_dates(
    project: Any,
    *,
    coders: list[str],
    codes: list[str] | None,
    documents: list[str] | None,
    partial: bool,
    rollup: bool,
    basis: str,
    scheme: str | None,
    show_dates: bool,
    bootstrap: int,
    seed: int,
    out: Path | None,
    fmt: str,
) -> None:
    from workbench.services.date_agreement import compute_date_agreement, compute_phase_agreement

    options = {
        "coders": coders,
        "codes": codes,
        "documents": documents,
        "partial": partial,
        "rollup": rollup,
        "basis": basis,
    }
    phase_run = None
    if scheme:
        phase_run = compute_phase_agreement(
            project, scheme=scheme, bootstrap=bootstrap, seed=seed, **options
        )
        run = phase_run.dates
    else:
        run = compute_date_agreement(project, **options)
    rows = date_rows(run)
    if out is not None:
        _write(out, run, rows, phase_run)
    if fmt == "table":
        pooled = run.result.pooled
        which = "their own" if basis == "own" else "as bracketing resolves them"
        click.echo(
            f"{len(run.documents)} documents, coders: {', '.join(run.coders)}; "
            f"{pooled.n_units} passages both coded with one code and dated ({pooled.n_pairs} "
            f"coder pairs); dates: {which}; 95% intervals across documents"
        )
        for note in run.notes[:5]:
            click.echo(f"note: {note}")
    if show_dates:
        if fmt == "table":
            click.echo(
                "exact: same date and precision; overlap: the datings share a day; nested: "
                "they differ only in precision; " + run.result.distance_note
            )
        emit(rows, DATE_COLUMNS, fmt)
        if fmt == "table" and run.disagreements:
            click.echo(
                f"{len(run.disagreements)} passages dated differently: 'workbench consensus "
                "list --dates' lists them, F6 in 'workbench code' settles them"
            )
    if phase_run is not None:
        if fmt == "table":
            click.echo(
                f"\nphase agreement under scheme {scheme!r}: where the coders' dates put each "
                "passage (before the first phase, a phase, after the last)"
            )
        emit(phase_rows(phase_run), ["statistic", "value", "ci"], fmt)
        if fmt == "table":
            result = phase_run.result
            if result.straddling:
                click.echo(
                    f"note: {result.straddling:.1%} of the datings span a frontier (placed in the "
                    "phase holding most of their days)"
                )
            if result.table is not None:
                a, b = phase_run.dates.coders
                click.echo(f"\nwhere {a} (rows) and {b} (columns) put the passages:")
                labels = result.labels
                emit(
                    [
                        {"phase": labels[i], **{labels[j]: count for j, count in enumerate(row)}}
                        for i, row in enumerate(result.table)
                    ],
                    ["phase", *labels],
                    "table",
                )
            click.echo(f"{len(phase_run.split)} passages placed in different phases")


def _write(
    out: Path,
    run: DateAgreementRun,
    rows: list[dict[str, Any]],
    phase_run: PhaseAgreementRun | None,
) -> None:
    import csv

    from workbench.cli.agreement import plain

    if out.suffix.lower() == ".json":
        data: dict[str, Any] = {
            "coders": list(run.coders),
            "date_basis": run.basis,
            "documents": [
                {"id": i, "title": t} for i, t in zip(run.document_ids, run.documents, strict=True)
            ],
            "documents_left_out": [
                {"id": d.id, "title": d.title, "coded_by": list(d.coded_by)} for d in run.left_out
            ],
            "dates": rows,
            "date_result": plain(run.result),
            "disagreements": [
                {
                    "document": u.document,
                    "start": u.start,
                    "end": u.end,
                    "code": u.code_path,
                    "dates": {c.coder: c.date_text for c in u.codings},
                    "sources": {c.coder: c.source for c in u.codings},
                }
                for u in run.disagreements
            ],
            "notes": list(run.notes),
        }
        if phase_run is not None:
            data["phases"] = {
                "scheme": phase_run.scheme,
                "statistics": phase_rows(phase_run),
                "result": plain(phase_run.result),
                "split": [
                    {
                        "document": u.document,
                        "start": u.start,
                        "end": u.end,
                        "code": u.code_path,
                        "phases": dict(zip([c.coder for c in u.codings], names, strict=True)),
                    }
                    for u, names in phase_run.split
                ],
            }
        out.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    else:
        with out.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]), extrasaction="ignore")
            writer.writeheader()
            writer.writerows(csvcell.record(r, raw=raw_csv()) for r in rows)
