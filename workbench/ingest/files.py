"""Reading a file the user named, with every failure turned into a one-line error.

Readers receive bytes, never paths to open themselves, so the checks that protect
the importer (missing file, a directory, a file too big to hold in memory) live in
one place and every format gets them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.core.errors import InputError

if TYPE_CHECKING:
    from pathlib import Path

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def one_line(message: object) -> str:
    """First line of an exception message: errors reach the user on one line."""
    text = str(message).strip()
    return text.splitlines()[0].strip() if text else type(message).__name__


def _size_label(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MiB"
    if size >= 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size} bytes"


def check_file(path: Path, max_bytes: int) -> int:
    """Fail unless ``path`` is a readable regular file of 1..max_bytes bytes."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {one_line(exc.strerror or exc)}", path=path) from None
    if path.is_dir():
        raise InputError("is a directory, not a file", path=path)
    if not path.is_file():
        raise InputError("not a regular file", path=path)
    if st.st_size > max_bytes:
        raise InputError(
            f"file is {_size_label(st.st_size)}, over the import limit of {_size_label(max_bytes)}",
            path=path,
        )
    if st.st_size == 0:
        raise InputError("empty file", path=path)
    return st.st_size


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The whole file, after ``check_file``; re-checks the size actually read."""
    size = check_file(path, max_bytes)
    try:
        with path.open("rb") as handle:
            # read(n) sets n bytes aside first: ask for what the file holds (and one more
            # byte, to notice a file that grew), not for a limit that may be a terabyte
            data = handle.read(min(max_bytes, size) + 1)
    except OSError as exc:
        raise InputError(f"cannot read: {one_line(exc.strerror or exc)}", path=path) from None
    if len(data) > max_bytes:  # grew between stat() and read()
        raise InputError(f"file is over the import limit of {_size_label(max_bytes)}", path=path)
    if len(data) > size:
        raise InputError("the file grew while it was read; import it again", path=path)
    if not data:
        raise InputError("empty file", path=path)
    return data
