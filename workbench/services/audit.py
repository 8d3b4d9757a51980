"""Append to the audit log inside the action's own transaction.

Writing the audit row in the same transaction as the change means the log can
never claim an action that did not happen, nor miss one that did. The same holds
for the marker of an action sent under a request id (``services.requests``): it
is written with the action's first audit row, so it exists exactly when the
action is saved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from workbench.core.errors import ConflictError
from workbench.services.requests import mark_request
from workbench.store.models import AuditEvent

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def record(
    session: Session,
    *,
    actor: str | None,
    action: str,
    entity: str,
    entity_id: str | int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    snapshot = after or before or {}
    mark_request(
        session,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        document_id=snapshot.get("document_id") if entity == "coding" else None,
    )
    session.add(
        AuditEvent(
            actor=actor,
            action=action,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            before=before,
            after=after,
        )
    )


def check_version(
    session: Session,
    *,
    entity: str,
    entity_id: str | int,
    what: str,
    current: int,
    expected: int | None,
) -> None:
    """Refuse an edit made against an older copy, naming who changed it and when."""
    if expected is None or current == expected:
        return
    last = session.scalar(
        select(AuditEvent)
        .where(AuditEvent.entity == entity, AuditEvent.entity_id == str(entity_id))
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    who = f" by {last.actor} at {last.at:%Y-%m-%d %H:%M} UTC" if last and last.actor else ""
    raise ConflictError(
        f"{what} was changed{who} (version {current}, you edited version {expected}); reload"
    )
