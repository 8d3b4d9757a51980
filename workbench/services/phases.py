"""Bracket schemes and their phases: the researcher's own periodisation, first-class.

Edits carry the row's version: an edit made against a stale copy fails with who
changed it and when, instead of silently overwriting (two leads on one server).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from workbench.core.dates import parse_date
from workbench.core.errors import ConflictError, InputError, NotFoundError
from workbench.core.yamlsafe import read_yaml_file
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


MAX_SCHEME_BYTES = 1024 * 1024


def _phase_nodes(root: Any) -> list[int]:
    """The line of each item of ``phases:``, for errors that point at it."""
    for key, value in getattr(root, "value", []):
        if getattr(key, "value", None) == "phases" and isinstance(value.value, list):
            return [item.start_mark.line + 1 for item in value.value]
    return []


PHASE_KEYS = ("label", "start", "end", "justification")


def load_scheme_file(
    project: Project, *, path: str | Path, actor: str | None, replace: bool = False
) -> list[PhaseInfo]:
    """A scheme from YAML: ``scheme: {name, description}`` and ``phases: [{label, start,
    end, justification}]``. All phases or none."""
    p = Path(path)
    data, root = read_yaml_file(p, what="phase scheme", max_bytes=MAX_SCHEME_BYTES)
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("scheme"), dict)
        or not isinstance(data.get("phases"), list)
    ):
        raise InputError("expected 'scheme: {name: ...}' and 'phases: [...]'", path=p)
    nodes = _phase_nodes(root)

    def text(value: Any, what: str, line: int | None, *, required: bool = False) -> str | None:
        if isinstance(value, dict | list):
            raise InputError(
                f"{what} must be text, not a {type(value).__name__}", path=p, line=line
            )
        out = None if value is None else str(value).strip() or None
        if required and out is None:
            raise InputError(f"{what} is missing", path=p, line=line)
        return out

    name = text(data["scheme"].get("name"), "the scheme's name", None, required=True) or ""
    description = text(data["scheme"].get("description"), "the scheme's description", None)
    specs = []
    for i, raw in enumerate(data["phases"], start=1):
        line = nodes[i - 1] if i - 1 < len(nodes) else None
        if not isinstance(raw, dict) or not all(k in raw for k in ("label", "start", "end")):
            raise InputError(f"phase {i}: needs label, start and end", path=p, line=line)
        label = text(raw["label"], f"phase {i}: the label", line, required=True)
        unknown = sorted(str(k) for k in raw if k not in PHASE_KEYS)
        if unknown:  # a misspelt key would otherwise be dropped in silence
            raise InputError(
                f"phase {i} ({label}): unknown key(s) {', '.join(unknown)}; "
                f"expected {', '.join(PHASE_KEYS)}",
                path=p,
                line=line,
            )
        start = text(raw["start"], f"phase {i} ({label}): start", line, required=True)
        end = text(raw["end"], f"phase {i} ({label}): end", line, required=True)
        why = text(raw.get("justification"), f"phase {i} ({label}): justification", line)
        try:
            first, last = _dates(str(start), str(end))
        except InputError as exc:
            raise InputError(f"phase {i} ({label}): {exc.message}", path=p, line=line) from None
        specs.append((str(label), first, last, why))
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
            existing.description = description
            existing.version += 1
            s.flush()
        sch = _scheme(s, name, create=True, actor=actor, description=description)
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
