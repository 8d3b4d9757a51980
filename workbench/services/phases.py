"""Bracket schemes and their phases: the researcher's own periodisation, first-class.

Edits carry the row's version: an edit made against a stale copy fails with who
changed it and when, instead of silently overwriting (two leads on one server).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from sqlalchemy import select

from workbench.core.dates import parse_date
from workbench.core.errors import ConflictError, InputError, NotFoundError
from workbench.services.audit import check_version, record
from workbench.store.models import BracketScheme, Phase

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.store.project import Project


@dataclass(frozen=True, slots=True)
class PhaseInfo:
    id: int
    scheme: str
    label: str
    start: str
    end: str
    justification: str | None
    version: int


def _scheme(
    s: Session,
    name: str,
    *,
    create: bool = False,
    actor: str | None = None,
    description: str | None = None,
) -> BracketScheme:
    scheme = s.scalar(select(BracketScheme).where(BracketScheme.name == name))
    if scheme is None:
        if not create:
            raise NotFoundError(f"no bracket scheme {name!r} (see 'workbench phases list')")
        scheme = BracketScheme(name=name, description=description)
        s.add(scheme)
        s.flush()
        record(s, actor=actor, action="scheme.add", entity="scheme", entity_id=name)
    return scheme


def _dates(start: str, end: str) -> tuple[Any, Any]:
    first, last = parse_date(start), parse_date(end)
    if last.end < first.start:
        raise InputError(f"phase ends ({end}) before it starts ({start})")
    return first.start, last.end


def _check_overlap(
    s: Session, scheme: BracketScheme, start: Any, end: Any, skip: int | None = None
) -> None:
    for other in s.scalars(select(Phase).where(Phase.scheme_id == scheme.id)):
        if other.id != skip and other.start <= end and start <= other.end:
            raise ConflictError(
                f"overlaps phase {other.label!r} ({other.start} to {other.end}) of scheme "
                f"{scheme.name!r}: phases of a scheme follow one another"
            )


def _info(p: Phase, scheme: str) -> PhaseInfo:
    return PhaseInfo(
        p.id, scheme, p.label, p.start.isoformat(), p.end.isoformat(), p.justification, p.version
    )


def add_phase(
    project: Project,
    *,
    scheme: str,
    label: str,
    start: str,
    end: str,
    justification: str | None = None,
    actor: str | None = None,
) -> PhaseInfo:
    first, last = _dates(start, end)
    if not label.strip():
        raise InputError("empty phase label")
    with project.uow() as uow:
        s = uow.session
        sch = _scheme(s, scheme, create=True, actor=actor)
        if s.scalar(select(Phase).where(Phase.scheme_id == sch.id, Phase.label == label)):
            raise ConflictError(f"scheme {scheme!r} already has a phase {label!r}")
        _check_overlap(s, sch, first, last)
        phase = Phase(
            scheme_id=sch.id,
            label=label.strip(),
            start=first,
            end=last,
            justification=justification,
        )
        s.add(phase)
        s.flush()
        _renumber(s, sch)
        record(
            s,
            actor=actor,
            action="phase.add",
            entity="phase",
            entity_id=phase.id,
            after=_snapshot(phase),
        )
        return _info(phase, scheme)


def _snapshot(p: Phase) -> dict[str, Any]:
    return {
        "label": p.label,
        "start": p.start.isoformat(),
        "end": p.end.isoformat(),
        "justification": p.justification,
        "version": p.version,
    }


def _renumber(s: Session, scheme: BracketScheme) -> None:
    phases = s.scalars(
        select(Phase).where(Phase.scheme_id == scheme.id).order_by(Phase.start)
    ).all()
    for i, p in enumerate(phases):
        p.ordinal = i


def _phase(s: Session, scheme: str, label: str) -> tuple[BracketScheme, Phase]:
    sch = _scheme(s, scheme)
    phase = s.scalar(select(Phase).where(Phase.scheme_id == sch.id, Phase.label == label))
    if phase is None:
        raise NotFoundError(f"scheme {scheme!r} has no phase {label!r}")
    return sch, phase


def edit_phase(
    project: Project,
    *,
    scheme: str,
    label: str,
    expected_version: int | None = None,
    new_label: str | None = None,
    start: str | None = None,
    end: str | None = None,
    justification: str | None = None,
    actor: str | None = None,
) -> PhaseInfo:
    with project.uow() as uow:
        s = uow.session
        sch, phase = _phase(s, scheme, label)
        check_version(
            s,
            entity="phase",
            entity_id=phase.id,
            what=f"phase {label!r}",
            current=phase.version,
            expected=expected_version,
        )
        before = _snapshot(phase)
        first, last_day = _dates(start or phase.start.isoformat(), end or phase.end.isoformat())
        _check_overlap(s, sch, first, last_day, skip=phase.id)
        phase.start, phase.end = first, last_day
        if new_label:
            phase.label = new_label.strip()
        if justification is not None:
            phase.justification = justification
        phase.version += 1
        _renumber(s, sch)
        record(
            s,
            actor=actor,
            action="phase.edit",
            entity="phase",
            entity_id=phase.id,
            before=before,
            after=_snapshot(phase),
        )
        return _info(phase, scheme)


def remove_phase(
    project: Project,
    *,
    scheme: str,
    label: str,
    actor: str | None,
    expected_version: int | None = None,
) -> None:
    with project.uow() as uow:
        s = uow.session
        sch, phase = _phase(s, scheme, label)
        check_version(
            s,
            entity="phase",
            entity_id=phase.id,
            what=f"phase {label!r}",
            current=phase.version,
            expected=expected_version,
        )
        record(
            s,
            actor=actor,
            action="phase.remove",
            entity="phase",
            entity_id=phase.id,
            before=_snapshot(phase),
        )
        s.delete(phase)
        s.flush()
        _renumber(s, sch)


def list_phases(project: Project, *, scheme: str | None = None) -> list[PhaseInfo]:
    with project.uow() as uow:
        s = uow.session
        q = select(Phase, BracketScheme.name).join(
            BracketScheme, BracketScheme.id == Phase.scheme_id
        )
        if scheme is not None:
            q = q.where(BracketScheme.name == _scheme(s, scheme).name)
        return [
            _info(p, name)
            for p, name in s.execute(q.order_by(BracketScheme.name, Phase.start)).all()
        ]


def load_scheme_file(
    project: Project, *, path: str | Path, actor: str | None, replace: bool = False
) -> list[PhaseInfo]:
    """A scheme from YAML: ``scheme: {name, description}`` and ``phases: [{label, start,
    end, justification}]``. All phases or none."""
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("no such file", path=p) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(
            f"not valid YAML: {getattr(exc, 'problem', exc)}",
            path=p,
            line=mark.line + 1 if mark else None,
        ) from None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("scheme"), dict)
        or not isinstance(data.get("phases"), list)
    ):
        raise InputError("expected 'scheme: {name: ...}' and 'phases: [...]'", path=p)
    name = str(data["scheme"].get("name") or "").strip()
    if not name:
        raise InputError("the scheme needs a name", path=p)
    specs = []
    for i, raw in enumerate(data["phases"], start=1):
        if not isinstance(raw, dict) or not all(k in raw for k in ("label", "start", "end")):
            raise InputError(f"phase {i}: needs label, start and end", path=p)
        try:
            first, last = _dates(str(raw["start"]), str(raw["end"]))
        except InputError as exc:
            raise InputError(f"phase {i} ({raw['label']}): {exc.message}", path=p) from None
        specs.append((str(raw["label"]), first, last, raw.get("justification")))
    with project.uow() as uow:
        s = uow.session
        existing = s.scalar(select(BracketScheme).where(BracketScheme.name == name))
        if existing is not None:
            if not replace:
                raise ConflictError(
                    f"scheme {name!r} exists; use --replace to load it again", path=p
                )
            for old in s.scalars(select(Phase).where(Phase.scheme_id == existing.id)):
                s.delete(old)
            existing.description = data["scheme"].get("description")
            existing.version += 1
            s.flush()
        sch = _scheme(
            s, name, create=True, actor=actor, description=data["scheme"].get("description")
        )
        infos = []
        for label, first, last, why in specs:
            _check_overlap(s, sch, first, last)
            phase = Phase(scheme_id=sch.id, label=label, start=first, end=last, justification=why)
            s.add(phase)
            s.flush()
            infos.append(_info(phase, name))
        _renumber(s, sch)
        record(
            s,
            actor=actor,
            action="scheme.load",
            entity="scheme",
            entity_id=name,
            after={"path": str(p), "phases": [i.label for i in infos]},
        )
        return infos
