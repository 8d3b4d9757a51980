"""Agreement on when things happened, and on the phases those dates put events in.

A matched unit is one passage coded with one code by two or more coders
(``agreement.matching``); each coder's segment there has a date. By default that is the
date bracketing uses (``basis="resolved"``: the segment's own date, else the nearest
mention, else the document's date), because phase agreement is about the events the
bracketing will see. ``basis="own"`` compares only the dates coders gave themselves.
Dates the rule supplied can agree for no merit of the coders (two segments over the same
mention get the same date); the run counts those pairs and says so.

Documents are chosen as for code agreement (``services.agreement.compared_documents``),
and every interval is computed across documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy import select

from workbench.agreement.dates import date_agreement
from workbench.agreement.matching import match_segments
from workbench.agreement.phase_assignment import assign_phases, phase_agreement
from workbench.core.dates import format_range, range_from_iso
from workbench.core.errors import InputError
from workbench.services.agreement import LeftOut, check_coders, compared_documents
from workbench.services.resolve import CodeResolver, coder_by_handle
from workbench.store.models import Coding, Document

if TYPE_CHECKING:
    from workbench.agreement.dates import DateAgreementResult
    from workbench.agreement.phase_assignment import PhaseAgreementResult
    from workbench.core.dates import DateRange
    from workbench.store.project import Project

BASES = ("resolved", "own")
OWN = "own"


@dataclass(frozen=True, slots=True)
class DatedCoding:
    """One coder's segment in a matched unit, with its date and where the date came from."""

    coding_id: int
    coder: str
    start: int
    end: int
    date: DateRange | None
    source: str  # own | mention | document | none

    @property
    def date_text(self) -> str:
        return format_range(self.date) if self.date else "undated"


@dataclass(frozen=True, slots=True)
class MatchedDating:
    """A passage coded with one code by two or more coders, and each coder's dating."""

    document_id: int
    document: str
    code: str
    code_path: str
    start: int
    end: int
    codings: tuple[DatedCoding, ...]

    def dated(self) -> list[DatedCoding]:
        return [c for c in self.codings if c.date is not None]

    @property
    def agree(self) -> bool:
        """Every dated coding gives the same range (and there are two)."""
        dated = self.dated()
        return len(dated) >= 2 and len({(c.date.start, c.date.end) for c in dated if c.date}) == 1

    @property
    def compatible(self) -> bool:
        """All dated ranges share at least one day."""
        dated = [c.date for c in self.dated() if c.date]
        return bool(dated) and max(d.start for d in dated) <= min(d.end for d in dated)


@dataclass(frozen=True, slots=True)
class DateAgreementRun:
    """Date agreement with what a reader needs to interpret it."""

    coders: tuple[str, ...]
    basis: str
    documents: tuple[str, ...]
    document_ids: tuple[int, ...]
    left_out: tuple[LeftOut, ...]
    code_paths: dict[str, str]
    units: tuple[MatchedDating, ...]
    result: DateAgreementResult
    notes: tuple[str, ...]
    rule_pairs: int  # agreeing pairs whose dates both came from the rule, not the coders
    pairs: int

    @property
    def disagreements(self) -> tuple[MatchedDating, ...]:
        """Matched units whose dated codings do not all give the same date."""
        return tuple(u for u in self.units if len(u.dated()) >= 2 and not u.agree)


@dataclass(frozen=True, slots=True)
class PhaseAgreementRun:
    """Phase assignment agreement under one bracket scheme."""

    scheme: str
    dates: DateAgreementRun
    result: PhaseAgreementResult
    placed: tuple[tuple[MatchedDating, tuple[str | None, ...]], ...]  # each unit's phases

    @property
    def split(self) -> tuple[tuple[MatchedDating, tuple[str | None, ...]], ...]:
        """Matched units the coders' dates put in different phases."""
        return tuple(
            (unit, phases)
            for unit, phases in self.placed
            if len({p for p in phases if p is not None}) > 1
        )


def compute_date_agreement(
    project: Project,
    *,
    coders: list[str],
    codes: list[str] | None = None,
    documents: list[str] | None = None,
    partial: bool = False,
    rollup: bool = False,
    basis: str = "resolved",
) -> DateAgreementRun:
    """Date agreement per code and pooled over the matched units of the compared documents."""
    if basis not in BASES:
        raise InputError(f"date basis must be one of {', '.join(BASES)}, not {basis!r}")
    check_coders(coders)
    notes: list[str] = []
    left_out: list[LeftOut] = []
    with project.reader() as uow:
        s = uow.session
        resolver = CodeResolver(s)
        who = {coder_by_handle(s, c).id: c for c in coders}

        def label(code_id: int) -> str:
            code = resolver.codes[code_id]
            while rollup and code.parent_id is not None:
                code = resolver.codes[code.parent_id]
            return code.guid

        wanted = {label(resolver.get(c).id) for c in codes} if codes else None
        rows = s.execute(
            select(
                Coding.id,
                Coding.document_id,
                Coding.coder_id,
                Coding.start,
                Coding.end,
                Coding.code_id,
                Coding.event_start,
                Coding.event_end,
                Coding.event_precision,
            ).where(Coding.coder_id.in_(who))
        ).all()
        ids = compared_documents(
            s,
            rows=[(r.document_id, r.coder_id) for r in rows],
            who=who,
            coders=coders,
            documents=documents,
            partial=partial,
            left_out=left_out,
            notes=notes,
        )
        if not ids:
            raise InputError(f"no document was coded by all of {', '.join(coders)}")
        titles = {
            d.id: d.title
            for d in s.execute(select(Document.id, Document.title).where(Document.id.in_(ids)))
        }
        paths = {c.guid: resolver.path(c) for c in resolver.codes.values()}
        own = {
            r.id: range_from_iso(r.event_start, r.event_end, r.event_precision)
            for r in rows
            if r.event_start and r.event_end and r.event_precision
        }
    dates = _dates(project, coders, basis, own)
    chosen = set(ids)
    grouped: dict[tuple[int, str], dict[str, list[tuple[int, int, int]]]] = {}
    detail: dict[int, tuple[str, int, int]] = {}
    for r in rows:
        if r.document_id not in chosen:
            continue
        code = label(r.code_id)
        if wanted is not None and code not in wanted:
            continue
        coder = who[r.coder_id]
        grouped.setdefault((r.document_id, code), {}).setdefault(coder, []).append(
            (r.id, r.start, r.end)
        )
        detail[r.id] = (coder, r.start, r.end)
    units: list[MatchedDating] = []
    for (doc_id, code), segments in sorted(grouped.items()):
        for unit in match_segments(segments, coders):
            if unit.n_coders < 2:
                continue
            codings = []
            for member in unit.members:
                if member is None:
                    continue
                coder, a, b = detail[member]
                when, source = dates.get(member, (None, "none"))
                codings.append(DatedCoding(member, coder, a, b, when, source))
            units.append(
                MatchedDating(
                    doc_id,
                    titles[doc_id],
                    code,
                    paths.get(code, code),
                    unit.start,
                    unit.end,
                    tuple(codings),
                )
            )
    result, rule_pairs, pairs = _statistics(units, coders)
    if pairs and rule_pairs:
        notes.append(
            f"{rule_pairs} of {pairs} coder pairs got both their dates from the text or the "
            "document's date, not from the coders (agreement there follows from the rule); "
            "--date-basis own compares only the dates coders gave"
        )
    undated = sum(1 for u in units if len(u.dated()) < 2)
    if undated:
        notes.append(
            f"{undated} of {len(units)} matched passages have fewer than two dated codings "
            "and are not compared"
        )
    return DateAgreementRun(
        coders=tuple(coders),
        basis=basis,
        documents=tuple(titles[i] for i in ids),
        document_ids=tuple(ids),
        left_out=tuple(left_out),
        code_paths=paths,
        units=tuple(units),
        result=result,
        notes=tuple(notes),
        rule_pairs=rule_pairs,
        pairs=pairs,
    )


def _dates(
    project: Project, coders: list[str], basis: str, own: dict[int, DateRange]
) -> dict[int, tuple[DateRange | None, str]]:
    """Each coding's date and its source, as bracketing resolves it (or the own date only)."""
    if basis == OWN:
        return {coding_id: (when, OWN) for coding_id, when in own.items()}
    from workbench.core.dates import DateRange, Precision
    from workbench.services.bracketing import collect_events

    events = collect_events(project, coders=coders)
    out: dict[int, tuple[DateRange | None, str]] = {}
    for event in events.dated:
        known = event.precision in {str(p) for p in Precision}
        precision = Precision(event.precision) if known else Precision.RANGE
        out[int(event.event_id)] = (DateRange(event.start, event.end, precision), event.date_source)
    return out


def _statistics(
    units: list[MatchedDating], coders: list[str]
) -> tuple[DateAgreementResult, int, int]:
    n, m = len(units), len(coders)
    start = np.full((n, m), np.nan)
    end = np.full((n, m), np.nan)
    source = np.full((n, m), "", dtype=object)
    column = {c: i for i, c in enumerate(coders)}
    for row, unit in enumerate(units):
        for coding in unit.codings:
            if coding.date is not None:
                j = column[coding.coder]
                start[row, j] = coding.date.start.toordinal()
                end[row, j] = coding.date.end.toordinal()
                source[row, j] = coding.source
    result = date_agreement(
        start,
        end,
        subjects=[u.code for u in units],
        clusters=np.array([u.document_id for u in units], dtype=np.int64),
    )
    rule_pairs = pairs = 0
    for a in range(m):
        for b in range(a + 1, m):
            both = ~np.isnan(start[:, a]) & ~np.isnan(start[:, b])
            pairs += int(np.count_nonzero(both))
            same = both & (start[:, a] == start[:, b]) & (end[:, a] == end[:, b])
            rule = same & (source[:, a] != OWN) & (source[:, b] != OWN)
            rule_pairs += int(np.count_nonzero(rule))
    return result, rule_pairs, pairs


def compute_phase_agreement(
    project: Project,
    *,
    coders: list[str],
    scheme: str,
    codes: list[str] | None = None,
    documents: list[str] | None = None,
    partial: bool = False,
    rollup: bool = False,
    basis: str = "resolved",
    bootstrap: int = 1000,
    seed: int = 1,
) -> PhaseAgreementRun:
    """Whether the coders' dates put each matched event in the same phase of ``scheme``."""
    from workbench.services.bracketing import scheme_phases

    phases = scheme_phases(project, scheme)
    run = compute_date_agreement(
        project,
        coders=coders,
        codes=codes,
        documents=documents,
        partial=partial,
        rollup=rollup,
        basis=basis,
    )
    n, m = len(run.units), len(coders)
    start = np.full((n, m), np.nan)
    end = np.full((n, m), np.nan)
    column = {c: i for i, c in enumerate(coders)}
    for row, unit in enumerate(run.units):
        for coding in unit.codings:
            if coding.date is not None:
                start[row, column[coding.coder]] = coding.date.start.toordinal()
                end[row, column[coding.coder]] = coding.date.end.toordinal()
    assignment = assign_phases(
        start,
        end,
        [(p.start.toordinal(), p.end.toordinal()) for p in phases],
        [p.label for p in phases],
    )
    result = phase_agreement(
        assignment,
        clusters=np.array([u.document_id for u in run.units], dtype=np.int64),
        bootstrap_replicates=bootstrap,
        rng=seed,
    )
    placed = []
    for row, unit in enumerate(run.units):
        names: list[str | None] = []
        for coding in unit.codings:
            value = assignment.category[row, column[coding.coder]]
            names.append(None if np.isnan(value) else assignment.labels[int(value)])
        placed.append((unit, tuple(names)))
    return PhaseAgreementRun(scheme, run, result, tuple(placed))
