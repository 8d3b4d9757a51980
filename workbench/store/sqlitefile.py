"""What a SQLite file is, found out before the workbench opens it for writing.

Opening a project switches its database to WAL mode and may create or upgrade its
schema. Done to the wrong file, that writes into it: an empty ``workbench.db``
became a new, empty project; another program's database was switched to WAL
before the refusal that said it had not been touched. So a file is looked at
first, read-only and without any pragma: its size, its header, its page count and
its schema revision. Only a workbench database of a revision this version knows
(or can upgrade) goes on to be opened; anything else is refused with one line
that names it, and not one byte of it changes.

The bytes are read with ``open()`` only while this process does not already hold the
file open through SQLite (a project opened a second time: the TUI, a long-lived
script). POSIX drops all of a process's locks on a file when any one of its descriptors
closes, SQLite's included: another process closing its last connection then finds
itself alone, checkpoints and deletes the write-ahead log and its index under the live
connection, whose next commits go to the deleted log, unseen, or fail with "disk I/O
error". A file already open was looked at when it was first opened; SQLite still reads
its schema revision, read-only.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.exc import DBAPIError

from workbench.core.errors import ProjectError

HEADER = b"SQLite format 3\x00"
RESTORE = "restore it from a backup (a workbench.db.*.bak beside it, if any)"


def _pages(header: bytes) -> tuple[int, int] | None:
    """Page size and the header's page count, when the header vouches for the count."""
    (page_size,) = struct.unpack_from(">H", header, 16)
    page_size = 65536 if page_size == 1 else page_size
    change, count = struct.unpack_from(">II", header, 24)
    (valid_for,) = struct.unpack_from(">I", header, 92)
    if count == 0 or change != valid_for:
        return None
    return page_size, count


def held_open(path: Path) -> bool:
    """Whether this process has ``path`` open already (through SQLite: see above).

    Linux and macOS list a process's descriptors in ``/dev/fd``. Where that cannot be
    read, POSIX systems are taken to hold it (the bytes are then not read); elsewhere
    closing a handle does not drop another's locks.
    """
    try:
        wanted = path.stat()
    except OSError:
        return False  # reading it says why
    try:
        fds = [entry.name for entry in Path("/dev/fd").iterdir()]
    except OSError:
        return os.name == "posix"
    for fd in fds:
        try:
            st = os.fstat(int(fd))
        except (OSError, ValueError):
            continue  # the listing's own descriptor, closed by now
        if (st.st_dev, st.st_ino) == (wanted.st_dev, wanted.st_ino):
            return True
    return False


def _peek(path: Path) -> tuple[str | None, int]:
    """The schema revision (or None) and the number of tables, read-only.

    In a folder that cannot be written, a WAL database cannot be opened even
    read-only unless its index file happens to exist: it is then read immutable, as
    the project itself will be (see ``project._read_only_if_unwritable``).
    """
    writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    options = "mode=ro&uri=true" if writable else "mode=ro&immutable=1&uri=true"
    engine = create_engine(f"sqlite:///file:{path}?{options}")
    try:
        with engine.connect() as conn:
            tables = set(
                conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                ).scalars()
            )
            if "alembic_version" not in tables:
                return None, len(tables)
            revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            return (str(revision) if revision is not None else None), len(tables)
    finally:
        engine.dispose()


def check_workbench_db(path: Path) -> str:
    """The schema revision of the workbench database at ``path``, or a ``ProjectError``.

    Refused: an empty file, a file that is not SQLite, one cut short (smaller than
    its header says), a damaged one, and a SQLite database the workbench did not
    make (no schema revision).
    """
    if not held_open(path):
        _check_bytes(path)
    try:
        revision, tables = _peek(path)
    except DBAPIError as exc:
        said = str(exc.orig or exc).strip().splitlines()
        raise ProjectError(
            f"the project database cannot be read ({said[0] if said else 'damaged'}); {RESTORE}",
            path=path,
        ) from None
    if revision is None:
        what = "has tables but" if tables else "is an empty SQLite database with"
        raise ProjectError(
            f"this database {what} no workbench schema revision: not made by the workbench; "
            "refusing to touch it",
            path=path,
        )
    return revision


def _check_bytes(path: Path) -> None:
    """Refuse a file that is empty, not SQLite, or shorter than its header says."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise ProjectError(f"cannot read the project database: {exc.strerror}", path=path) from None
    if size == 0:
        raise ProjectError(
            f"the project database is an empty file, not a workbench database; {RESTORE}, "
            "or move it away and run 'workbench init' again",
            path=path,
        )
    if not header.startswith(HEADER):
        raise ProjectError("not a SQLite database (another kind of file)", path=path)
    if len(header) < 100:
        raise ProjectError(
            f"the project database is cut short ({size} bytes); {RESTORE}", path=path
        )
    pages = _pages(header)
    if pages is not None and size < pages[0] * pages[1]:
        raise ProjectError(
            f"the project database is cut short ({size} bytes of the {pages[0] * pages[1]} "
            f"its header gives); {RESTORE}",
            path=path,
        )
