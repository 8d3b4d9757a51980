"""Per-case view of a bracketing: each case placed on the pooled frontiers.

The pooled bracketing (``services.bracketing.run_bracketing``) gives the phases; this
places every case, or the cases asked for, on them with
``workbench.bracketing.case_shift.case_timing``. Case names are checked against the
project first, so a misspelt ``--case`` is refused in one line rather than shown as an
empty row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from workbench.bracketing.case_shift import case_timing
from workbench.core.errors import InputError, NotFoundError
from workbench.store.models import Case

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.bracketing.case_results import CaseTimingResult
    from workbench.bracketing.result import BracketingResult
    from workbench.services.bracketing import EventSet
    from workbench.store.project import Project

__all__ = ["project_case_names", "run_case_timing"]


def project_case_names(project: Project) -> list[str]:
    """The project's case names, sorted."""
    with project.reader() as uow:
        return sorted(uow.session.scalars(select(Case.name)))


def run_case_timing(
    project: Project,
    result: BracketingResult,
    events: EventSet,
    *,
    cases: Sequence[str] | None = None,
    min_case_events: int = 30,
    replicates: int = 200,
    seed: int = 0,
) -> CaseTimingResult:
    """Each case (or the named ``cases``) against the pooled frontiers of ``result``: the
    researcher's phases when the run had a scheme, else the proposed ones."""
    if min_case_events < 1:
        raise InputError("the minimum case size must be at least 1 event")
    known = project_case_names(project)
    if not known:
        raise InputError("the project has no cases: give documents a case to compare cases")
    wanted = None
    if cases:
        missing = [c for c in cases if c not in known]
        if missing:
            shown = ", ".join(known[:10]) + (
                f" and {len(known) - 10} more" if len(known) > 10 else ""
            )
            raise NotFoundError(f"unknown case(s): {', '.join(missing)} (cases: {shown})")
        wanted = list(dict.fromkeys(cases))
    else:
        wanted = known
    return case_timing(
        events.dated,
        result,
        cases=wanted,
        min_case_events=min_case_events,
        replicates=replicates,
        seed=seed,
        reference="researcher" if result.researcher is not None else "proposed",
    )
