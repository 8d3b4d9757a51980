"""The project's kept source files (``sources/``): written before the commit, swept after a kill.

An import copies each original file into ``sources/`` (named by its SHA-256) before the
transaction that records the document commits, so that a committed document never
points at a missing file. A process killed between the two leaves a file no document
refers to. To find those without ever deleting a file a running import is about to
commit, every process that writes a source first notes its name in
``sources/.writing/<pid>``. When a project is opened and such a note belongs to a
process that is gone, the files no document or version refers to, and that no living
process has noted, are removed, and so are the dead processes' notes. A process that
notes a name after the sweep has read the notes touches the file too (``keep_file``),
and the sweep puts back whatever was touched since it began.
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
    """``sources/name`` holding ``raw`` (content-addressed: an existing file is kept).

    An existing file is touched rather than trusted: a sweep that began before this
    process noted the name sees the fresh time and puts the file back (``sweep``), and
    one that already took it away makes the touch fail, so the file is written anew.
    """
    target = sources / name
    _note(sources, name)
    try:
        os.utime(target)
    except FileNotFoundError:
        sources.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f"{name}.{os.getpid()}.part")
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
    dead = [n for n in _notes(folder) if not _alive(int(n.name))]
    if not dead:
        return []
    # before the live notes are read: a name noted after this is touched after it too
    started = _now(folder)
    live_names: set[str] = set()
    for note in _notes(folder):
        if note not in dead and _alive(int(note.name)):
            with contextlib.suppress(OSError):
                live_names.update(note.read_text(encoding="utf-8").split("\n"))
    live_parts = {f"{n}.{p.name}.part" for p in folder.iterdir() for n in live_names}
    keep = referenced() | live_names | live_parts
    removed, put_back = [], 0
    for path in sources.iterdir():
        if path.is_file() and path.name not in keep:
            if _take_away(path, started):
                removed.append(path.name)
            else:
                put_back += 1
    if not put_back:  # else the notes stay, and the next open looks again
        for note in dead:
            with contextlib.suppress(OSError):
                note.unlink()
    return removed


def _notes(folder: Path) -> list[Path]:
    return [note for note in folder.iterdir() if note.name.isdigit()]


def _now(folder: Path) -> float:
    """The file system's time now (its clock may run coarser than ``time.time()``)."""
    stamp = folder / f"sweep-{os.getpid()}"
    stamp.touch()
    try:
        return stamp.stat().st_mtime
    finally:
        stamp.unlink()


def _take_away(path: Path, started: float) -> bool:
    """Remove ``path`` unless an importer touched it since the sweep began (``keep_file``).

    It is renamed first: an importer's touch after that fails and it writes the file
    again; a touch before it shows in the renamed file's time, which puts it back.
    """
    aside = path.with_name(f"{path.name}.sweep-{os.getpid()}")
    try:
        path.rename(aside)
        if aside.stat().st_mtime >= started and not path.exists():
            aside.rename(path)
            return False
        aside.unlink()
    except OSError:
        return False
    return True
