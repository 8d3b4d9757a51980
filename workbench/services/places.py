"""Where each coder left off (the last document, the place in each) and their bookmarks.

Kept in the project folder (``places.json``), per coder, rather than in the
database: it is a convenience of this machine's screen, written on every
document left, and a team server should not take a write for it. A folder that
cannot be written keeps no places (reading works as before); nothing else
depends on them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.store.project import Project

FILE = "places.json"
MAX_DOCUMENTS = 500  # per coder: the most recently left


@dataclass(frozen=True, slots=True)
class Places:
    last_document: int | None = None
    offsets: dict[int, int] = field(default_factory=dict)
    bookmarks: dict[int, list[int]] = field(default_factory=dict)


def _path(project: Project) -> Path:
    return project.root / FILE


def _read(project: Project) -> dict[str, Any]:
    try:
        data = json.loads(_path(project).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def load_places(project: Project, *, coder: str) -> Places:
    mine = _read(project).get(coder)
    if not isinstance(mine, dict):
        return Places()
    offsets: dict[int, int] = {}
    for key, value in (mine.get("offsets") or {}).items():
        try:
            offsets[int(key)] = max(0, int(value))
        except (TypeError, ValueError):
            continue
    bookmarks: dict[int, list[int]] = {}
    for key, marks in (mine.get("bookmarks") or {}).items():
        try:
            bookmarks[int(key)] = sorted({int(m) for m in marks})
        except (TypeError, ValueError):
            continue
    last = mine.get("last")
    return Places(last if isinstance(last, int) else None, offsets, bookmarks)


def save_place(project: Project, *, coder: str, document_id: int, offset: int) -> bool:
    """Remember where ``coder`` left ``document_id``; False if the folder cannot be written."""
    data = _read(project)
    mine = data.get(coder) if isinstance(data.get(coder), dict) else {}
    offsets = {k: v for k, v in (mine.get("offsets") or {}).items() if k != str(document_id)}
    offsets[str(document_id)] = max(0, offset)
    if len(offsets) > MAX_DOCUMENTS:
        offsets = dict(list(offsets.items())[-MAX_DOCUMENTS:])
    data[coder] = {**mine, "last": document_id, "offsets": offsets}
    return _write(project, data)


def toggle_bookmark(project: Project, *, coder: str, document_id: int, offset: int) -> bool:
    """Set a bookmark at ``offset`` (or remove the one there); True if one is set now."""
    data = _read(project)
    mine = data.get(coder) if isinstance(data.get(coder), dict) else {}
    marks = {k: list(v) for k, v in (mine.get("bookmarks") or {}).items()}
    here = set(marks.get(str(document_id), []))
    added = offset not in here
    here = here | {offset} if added else here - {offset}
    marks[str(document_id)] = sorted(here)
    data[coder] = {**mine, "bookmarks": {k: v for k, v in marks.items() if v}}
    if not _write(project, data):
        from workbench.core.errors import ProjectError

        raise ProjectError(f"cannot write {FILE} in the project folder: bookmark not kept")
    return added


def _write(project: Project, data: dict[str, Any]) -> bool:
    path = _path(project)
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        return False
    return True
