"""The agreement report's sections on dates and phases, from the date agreement services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.report.inputs import CodeNames
    from workbench.store.project import Project


def _document_texts(project: Project, ids: set[int]) -> dict[int, str]:
    from sqlalchemy import select

    from workbench.store.models import Document

    if not ids:
        return {}
    with project.reader() as uow:
        rows = uow.session.execute(select(Document.id, Document.text).where(Document.id.in_(ids)))
        return {row.id: row.text for row in rows}


def date_sections(
    project: Project,
    coders: Sequence[str],
    codes: Sequence[str] | None,
    rollup: bool,
    names: CodeNames,
    dates: bool,
    scheme: str | None,
    basis: str,
    bootstrap: int,
    seed: int,
) -> list[Any]:
    """The report's date and phase sections (none when no passage was dated twice)."""
    from workbench.report.agreement_dates_report import DatedPassage, date_section, phase_section
    from workbench.services.date_agreement import compute_date_agreement, compute_phase_agreement

    if not dates and scheme is None:
        return []
    options = {"coders": list(coders), "codes": list(codes) if codes else None, "rollup": rollup}
    phase_run = None
    if scheme is not None:
        phase_run = compute_phase_agreement(
            project, scheme=scheme, basis=basis, bootstrap=bootstrap, seed=seed, **options
        )
        run = phase_run.dates
    else:
        run = compute_date_agreement(project, basis=basis, **options)
    shown = list(run.disagreements[:50])
    if phase_run is not None:
        shown += [u for u, _ in phase_run.split[:50]]
    texts = _document_texts(project, {u.document_id for u in shown})

    def passage(unit: Any, phases: tuple[str | None, ...] = ()) -> DatedPassage:
        return DatedPassage(
            unit.code,
            unit.document,
            unit.start,
            unit.end,
            texts[unit.document_id][unit.start : unit.end],
            tuple((c.coder, c.date_text, c.source) for c in unit.codings),
            phases,
        )

    sections = []
    if dates and run.result.pooled.n_units:
        sections.append(
            date_section(
                run.result,
                codes=names,
                coders=run.coders,
                basis=basis,
                notes=run.notes,
                passages=[passage(u) for u in run.disagreements[:50]],
            )
        )
    if phase_run is not None:
        sections.append(
            phase_section(
                phase_run.result,
                scheme=scheme or "",
                coders=run.coders,
                split=[passage(u, phases) for u, phases in phase_run.split[:50]],
            )
        )
    return sections
