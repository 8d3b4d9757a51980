"""Bracket on event time and on narration time, and say what the choice changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from workbench.bracketing.time_basis import BasisComparisonResult, DatedPair, compare_time_bases
from workbench.services.bracketing import run_bracketing
from workbench.store.models import Document

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.bracketing.result import BracketingResult, SegmentationResult
    from workbench.store.project import Project

__all__ = ["TimeBasisRun", "compare_bases"]


@dataclass(frozen=True, slots=True)
class TimeBasisRun:
    comparison: BasisComparisonResult
    event: BracketingResult
    narration: BracketingResult
    n_event_only: int  # dated on event time but not on narration time (no document date)


def _classes(segmentation: SegmentationResult | None) -> dict[str, dict[str, str]]:
    if segmentation is None:
        return {}
    return {
        f"{f.before} | {f.after}": {t.theme: t.classification for t in f.continuity.themes}
        for f in segmentation.frontiers
    }


def compare_bases(
    project: Project,
    *,
    scheme: str | None = None,
    coders: Sequence[str] | None = None,
    codes: Sequence[str] | None = None,
    level: int | None = None,
    params: dict[str, Any] | None = None,
) -> TimeBasisRun:
    """Both bracketings and their comparison. Codings are placed in the scheme's phases,
    or without a scheme in the phases the data propose on event time."""
    event, event_set = run_bracketing(
        project, scheme=scheme, coders=coders, codes=codes, level=level, params=params
    )
    narration, told_set = run_bracketing(
        project,
        scheme=scheme,
        coders=coders,
        codes=codes,
        level=level,
        basis="narration",
        params=params,
    )
    with project.reader() as uow:
        kinds = dict(uow.session.execute(select(Document.title, Document.kind)).all())
    told = {e.event_id: e for e in told_set.dated}
    pairs = [
        DatedPair(
            e.event_id,
            str(kinds.get(e.source, "other")),
            e.start,
            e.end,
            told[e.event_id].start,
            told[e.event_id].end,
        )
        for e in event_set.dated
        if e.event_id in told
    ]
    if scheme:
        basis_phases = event.researcher
        phases_from = f"scheme {scheme!r}"
    else:
        basis_phases = event.proposal.segmentation
        phases_from = "the phases proposed on event time"
    assert basis_phases is not None
    phases = [(p.label, p.start, p.end) for p in basis_phases.phases]
    event_frontiers = [f.date for f in event.proposal.segmentation.frontiers]
    narration_frontiers = [f.date for f in narration.proposal.segmentation.frontiers]
    # Theme classes are compared at the same frontiers: the scheme's, or the proposed ones
    # when both bases propose as many phases.
    if scheme:
        event_classes, narration_classes = (
            _classes(event.researcher),
            _classes(narration.researcher),
        )
    elif len(event_frontiers) == len(narration_frontiers):
        event_classes = _classes(event.proposal.segmentation)
        narration_classes = _classes(narration.proposal.segmentation)
    else:
        event_classes = narration_classes = {}
    comparison = compare_time_bases(
        pairs,
        phases=phases,
        phases_from=phases_from,
        event_frontiers=event_frontiers,
        narration_frontiers=narration_frontiers,
        event_classes=event_classes,
        narration_classes=narration_classes,
    )
    return TimeBasisRun(comparison, event, narration, len(event_set.dated) - len(pairs))
