"""Reading and writing ``.qdpx`` zips without trusting them.

A ``.qdpx`` comes from another program, perhaps from another person: its member
names, sizes and counts are claims. Nothing here extracts to disk, but the rules
are those of a careful extractor anyway, so that a hostile file is refused with a
reason instead of being half-read:

- a member whose name would escape the archive (``../x``, ``/etc/x``, ``C:\\x``, a
  backslash path, a NUL) or that is a symbolic link refuses the whole file;
- two members whose names differ only in case refuse it too (which one would a
  case-insensitive lookup mean?);
- more than ``max_members`` members, a member we need that claims more than
  ``max_member_bytes``, or members we read that add up to more than
  ``max_total_bytes``, are refused before anything is decompressed; and every
  member is read by the one bounded reader (``ingest.archive.read_member``):
  streamed, counted, stopped at its claimed size, so a member that inflates
  beyond its header is an error (zip's own CRC check), not a memory blow-up;
- encrypted members are refused with a message that says so.

Only the members an import needs are decompressed: a project that carries large
video files (which the workbench does not import) costs nothing for them.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.core.errors import InputError
from workbench.ingest.archive import Budget, read_member

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

MIB = 1024 * 1024
_DRIVE = re.compile(r"[A-Za-z]:")


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    """How much of an archive an import may read; tests shrink these."""

    max_members: int = 20_000
    max_member_bytes: int = 64 * MIB
    max_total_bytes: int = 256 * MIB


def unsafe_name(name: str) -> str | None:
    """Why a member name could escape the archive, or ``None`` if it cannot."""
    if "\x00" in name:
        return "contains a NUL character"
    if "\\" in name:
        return "uses backslashes as folder separators"
    if name.startswith("/"):
        return "is an absolute path"
    if _DRIVE.match(name):
        return "names a drive"
    if any(part == ".." for part in name.split("/")):
        return "climbs out of the archive with '..'"
    return None


class SafeArchive:
    """A zip whose every member name, count and claimed size has been checked.

    Look-ups are case-insensitive: ATLAS.ti writes ``Project.qde`` and ``Sources/``
    where the standard says ``project.qde`` and ``sources/``.
    """

    def __init__(self, zf: zipfile.ZipFile, *, label: str, limits: ArchiveLimits) -> None:
        self._zip = zf
        self.label = label
        self.limits = limits
        self._budget = Budget(limits.max_total_bytes, limits.max_total_bytes)
        infos = zf.infolist()
        if len(infos) > limits.max_members:
            raise InputError(
                f"refused: the archive has {len(infos)} members, more than the "
                f"{limits.max_members} an import reads (a zip bomb?)",
                path=label,
            )
        self._by_key: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.filename
            why = unsafe_name(name)
            if why is not None:
                raise InputError(
                    f"refused: archive member {name!r} {why}; it would escape the archive",
                    path=label,
                )
            if stat.S_ISLNK(info.external_attr >> 16):
                raise InputError(f"refused: archive member {name!r} is a symbolic link", path=label)
            if info.is_dir():
                continue
            key = name.casefold()
            if key in self._by_key:
                raise InputError(
                    f"refused: the archive holds both {self._by_key[key].filename!r} and "
                    f"{name!r}, which differ only in case",
                    path=label,
                )
            self._by_key[key] = info

    @classmethod
    def open(
        cls, source: Path | bytes, *, label: str, limits: ArchiveLimits | None = None
    ) -> SafeArchive:
        """Open a file (read lazily, member by member) or bytes, or fail clearly."""
        try:
            handle = io.BytesIO(source) if isinstance(source, bytes) else source
            zf = zipfile.ZipFile(handle)
        except FileNotFoundError:
            raise InputError("no such file", path=label) from None
        except IsADirectoryError:
            raise InputError("is a folder, not a .qdpx file", path=label) from None
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
            raise InputError(f"not a .qdpx file (not a valid zip: {exc})", path=label) from None
        return cls(zf, label=label, limits=limits or ArchiveLimits())

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> SafeArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def names(self) -> list[str]:
        return [info.filename for info in self._by_key.values()]

    def find(self, name: str) -> str | None:
        """The member's real name, matched without regard to case, or ``None``."""
        info = self._by_key.get(name.casefold())
        return info.filename if info is not None else None

    def find_any(self, candidates: Iterable[str]) -> str | None:
        for name in candidates:
            found = self.find(name)
            if found is not None:
                return found
        return None

    def read(self, name: str) -> bytes:
        """A member's bytes, within the limits, or an ``InputError`` saying which one broke."""
        info = self._by_key.get(name.casefold())
        if info is None:
            raise InputError(f"no member {name!r} in the archive", path=self.label)
        where = f"{self.label}!{info.filename}"
        return read_member(
            self._zip, info, cap=self.limits.max_member_bytes, budget=self._budget, where=where
        )


def write_archive(members: Iterable[tuple[str, bytes]]) -> bytes:
    """A deflated zip of ``(name, bytes)`` members, in the order given.

    Member timestamps are fixed: the date a file was zipped says nothing, and fixed
    ones keep two exports of the same project comparable byte for byte.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            why = unsafe_name(name)
            if why is not None:  # pragma: no cover - names are built by the writer
                raise ValueError(f"member name {name!r} {why}")
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buffer.getvalue()
