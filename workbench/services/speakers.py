"""The project's speaker map: transcript labels ("R1", "Cllr Okafor") to roles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select, update

from workbench.core.errors import InputError
from workbench.services.audit import record
from workbench.store.models import Turn

if TYPE_CHECKING:
    from workbench.store.project import Project


@dataclass(frozen=True, slots=True)
class SpeakerInfo:
    label: str
    role: str | None
    turns: int
    documents: int


def list_speakers(project: Project) -> list[SpeakerInfo]:
    with project.uow() as uow:
        rows = uow.session.execute(
            select(Turn.speaker, func.count(), func.count(func.distinct(Turn.document_id)))
            .group_by(Turn.speaker)
            .order_by(func.count().desc(), Turn.speaker)
        ).all()
    roles = project.config.speakers
    return [SpeakerInfo(label, roles.get(label), n, docs) for label, n, docs in rows]


def set_speaker_role(project: Project, *, label: str, role: str | None, actor: str | None) -> int:
    """Map a label to a role (None removes it); existing turns follow. Returns turns changed."""
    label = label.strip()
    if not label:
        raise InputError("empty speaker label")
    role = role.strip() if role else None
    with project.uow() as uow:
        changed = uow.session.execute(
            update(Turn).where(Turn.speaker == label).values(role=role)
        ).rowcount
        record(
            uow.session,
            actor=actor,
            action="speaker.role",
            entity="speaker",
            entity_id=label,
            before={"role": project.config.speakers.get(label)},
            after={"role": role},
        )
    if role:
        project.config.speakers[label] = role
    else:
        project.config.speakers.pop(label, None)
    project.save_config()
    return int(changed)
