"""The project's kept source files (``sources/``): written before the commit, swept after a kill.

An import copies each original file into ``sources/`` (named by its SHA-256) before the
transaction that records the document commits, so that a committed document never
points at a missing file. A process killed between the two leaves a file no document
refers to. To find those without ever deleting a file a running import is about to
commit, every process that writes a source first notes its name in
``sources/.writing/<pid>``. When a project is opened and such a note belongs to a
process that is gone, the files no document or version refers to, and that no living
process has noted, are removed, and so are the dead processes' notes.
"""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

WRITING = ".writing"


def keep_file(sources: Path, name: str, raw: bytes) -> Path:
    """``sources/name`` holding ``raw`` (content-addressed: an existing file is kept)."""
    target = sources / name
    _note(sources, name)
    if not target.exists():
        sources.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(name + ".part")
        tmp.write_bytes(raw)
        tmp.replace(target)
    return target


def _note(sources: Path, name: str) -> None:
    folder = sources / WRITING
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / str(os.getpid())).open("a", encoding="utf-8") as f:
        f.write(name + "\n")
        f.flush()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def sweep(sources: Path, referenced: Callable[[], set[str]]) -> list[str]:
    """Remove the files of processes that died before their commit; returns their names.

    Does nothing (and costs one directory listing) unless a dead process left a note.
    ``referenced`` gives the file names, relative to ``sources/``, that documents and
    document versions refer to.
    """
    folder = sources / WRITING
    if not folder.is_dir():
        return []
    dead: list[Path] = []
    live_names: set[str] = set()
    for note in folder.iterdir():
        if not note.name.isdigit():
            continue
        if _alive(int(note.name)):
            with contextlib.suppress(OSError):
                live_names.update(note.read_text(encoding="utf-8").split("\n"))
        else:
            dead.append(note)
    if not dead:
        return []
    keep = referenced() | live_names | {n + ".part" for n in live_names}
    removed = []
    for path in sources.iterdir():
        if path.is_file() and path.name not in keep:
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path.name)
    for note in dead:
        with contextlib.suppress(OSError):
            note.unlink()
    return removed
