"""What loading a revised codebook would change, decided by stable ids.

Codes are matched by id, never by name: a renamed or moved code keeps its
codings. A code that disappears from the file is only "removed" when it had no
codings; otherwise the user must say whether to retire it or merge it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.codebook.model import Codebook, CodeSpec

COMPARED = (
    "description",
    "inclusion",
    "exclusion",
    "examples",
    "colour",
    "shortcut",
    "keywords",
    "synonyms",
    "phase_markers",
    "status",
)


@dataclass(frozen=True, slots=True)
class CodeChange:
    id: str
    kind: str  # added | renamed | moved | changed | removed
    detail: str


@dataclass(frozen=True, slots=True)
class CodebookDiffResult:
    added: tuple[CodeSpec, ...] = ()
    renamed: tuple[tuple[str, str, str], ...] = ()  # id, old name, new name
    moved: tuple[tuple[str, str | None, str | None], ...] = ()  # id, old parent, new parent
    changed: tuple[tuple[str, tuple[str, ...]], ...] = ()  # id, fields
    removed: tuple[str, ...] = ()
    unchanged: int = 0
    changes: tuple[CodeChange, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.renamed or self.moved or self.changed or self.removed)


def diff_codebook(current: list[CodeSpec], revised: Codebook) -> CodebookDiffResult:
    """Compare the project's codes of one codebook with a revised file."""
    old = {c.id: c for c in current}
    added, renamed, moved, changed, removed = [], [], [], [], []
    changes: list[CodeChange] = []
    unchanged = 0
    for new in revised.codes:
        prev = old.get(new.id)
        if prev is None:
            added.append(new)
            changes.append(CodeChange(new.id, "added", revised.path_of(new.id)))
            continue
        touched = False
        if prev.name != new.name:
            renamed.append((new.id, prev.name, new.name))
            changes.append(CodeChange(new.id, "renamed", f"{prev.name!r} -> {new.name!r}"))
            touched = True
        if prev.parent != new.parent:
            moved.append((new.id, prev.parent, new.parent))
            changes.append(
                CodeChange(
                    new.id, "moved", f"parent {prev.parent or '(top)'} -> {new.parent or '(top)'}"
                )
            )
            touched = True
        fields = tuple(f for f in COMPARED if getattr(prev, f) != getattr(new, f))
        if fields:
            changed.append((new.id, fields))
            changes.append(CodeChange(new.id, "changed", ", ".join(fields)))
            touched = True
        unchanged += not touched
    for code_id in old:
        if code_id not in revised.by_id:
            removed.append(code_id)
            changes.append(CodeChange(code_id, "removed", old[code_id].name))
    return CodebookDiffResult(
        added=tuple(added),
        renamed=tuple(renamed),
        moved=tuple(moved),
        changed=tuple(changed),
        removed=tuple(removed),
        unchanged=unchanged,
        changes=tuple(changes),
    )
