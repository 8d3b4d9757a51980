"""Reading zip-based files (docx, odt, and the REFI-QDA reader's qdpx) without trusting them.

A renamed or truncated file should be reported as "not a valid .docx", not as a
``KeyError`` from deep inside a library; and a zip's sizes are claims. A small
file may claim to unpack to little and inflate to gigabytes (a lying header), or
claim a lot and mean it (a zip bomb). So every member is read here, by one
function, streamed in chunks and counted as it inflates: reading stops at the
size the member claims or at the limit, whichever is smaller, and a member that
claims more than the limit is refused before a byte is inflated. A lying header
thus costs at most its claimed size; an honest bomb costs nothing.

Word and LibreOffice files are then handed to their libraries as a rebuilt
package: the XML parts (what text is made of) read within the limits, and every
other member (pictures, embedded media, fonts) present but empty, because
python-docx and odfpy otherwise load every member whole into memory.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.core.errors import InputError
from workbench.ingest.files import one_line

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

MIB = 1024 * 1024
MAX_PART_BYTES = 24 * MIB
"""One XML part of a Word or OpenDocument file. A 300-page transcript's is about 3 MiB;
python-docx holds about 6 bytes per byte of XML, so this keeps a file under 200 MB."""
MAX_UNZIPPED_BYTES = 48 * MIB
"""All the parts read from one such file together."""
MAX_MEMBERS = 10_000
CHUNK = 64 * 1024
MAX_RATIO, RATIO_FROM = 200, MIB
"""A member over 1 MiB that unpacks to more than 200 times its compressed size is a
bomb, not a document: text and XML written by people and programs compress 3-30x."""
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TEXT_PARTS = (".xml", ".rels")
_DAMAGED = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError)


@dataclass(slots=True)
class Budget:
    """What may still be inflated from one archive, counted as it is."""

    left: int
    limit: int


def read_member(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, *, cap: int, budget: Budget, where: str
) -> bytes:
    """A member's bytes: streamed, counted, and stopped at its claim or ``cap``.

    Raises ``InputError`` (naming ``where``) for a member that claims more than
    ``cap`` or than the budget has left, that inflates beyond its claim, that is
    encrypted, or whose data is damaged.
    """
    if info.flag_bits & 0x1:
        raise InputError("refused: the member is encrypted", path=where)
    if info.file_size > cap:
        raise InputError(
            f"refused: the member unpacks to {info.file_size} bytes, more than the "
            f"{cap} an import reads (a zip bomb?)",
            path=where,
        )
    if info.file_size > budget.left:
        raise InputError(
            f"refused: the members an import needs unpack to more than {budget.limit} "
            "bytes (a zip bomb?)",
            path=where,
        )
    if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise InputError(
            f"refused: the member unpacks to {info.file_size} bytes from "
            f"{info.compress_size}, more than {MAX_RATIO} times (a zip bomb?)",
            path=where,
        )
    limit = info.file_size
    out = bytearray()
    try:
        with zf.open(info) as member:
            while True:
                chunk = member.read(min(CHUNK, limit + 1 - len(out)))
                if not chunk:
                    break
                out += chunk
                if len(out) > limit:  # pragma: no cover - zipfile stops at the claim itself
                    raise InputError(
                        f"refused: the member inflates beyond the {limit} bytes it claims",
                        path=where,
                    )
    except InputError:
        raise
    except _DAMAGED as exc:
        # A lying header ends here: zipfile stops at the claimed size and the CRC fails.
        raise InputError(f"cannot read the member: {one_line(exc)}", path=where) from None
    budget.left -= len(out)
    return bytes(out)


class BoundedZip:
    """A Word or OpenDocument package opened for reading within the limits above."""

    def __init__(self, zf: zipfile.ZipFile, *, path: Path | str | None, kind: str) -> None:
        self._zip = zf
        self._label = str(path) if path is not None else kind
        self._kind = kind
        self._infos = {info.filename: info for info in zf.infolist()}
        self._budget = Budget(MAX_UNZIPPED_BYTES, MAX_UNZIPPED_BYTES)

    def namelist(self) -> list[str]:
        return list(self._infos)

    def read(self, name: str) -> bytes:
        info = self._infos.get(name)
        if info is None:
            raise InputError(f"not a valid {self._kind} file (no {name} inside)", path=self._label)
        cap = MAX_PART_BYTES
        if info.file_size > cap:
            raise InputError(
                f"not imported: {name} in the {self._kind} file unpacks to {info.file_size} "
                f"bytes, more than the {cap // MIB} MiB one part may",
                path=self._label,
            )
        if info.file_size > self._budget.left:
            raise InputError(
                f"not imported: the {self._kind} file unpacks to more than "
                f"{MAX_UNZIPPED_BYTES // MIB} MiB of text parts",
                path=self._label,
            )
        try:
            return read_member(self._zip, info, cap=cap, budget=self._budget, where=self._label)
        except InputError as exc:
            raise InputError(
                f"not a valid {self._kind} file ({name}: {exc.message})", path=self._label
            ) from None

    def package(self) -> bytes:
        """The package rebuilt for a library: text parts read, other members empty."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as rebuilt:
            for name, info in self._infos.items():
                if info.is_dir():
                    continue
                keep = name == "mimetype" or name.lower().endswith(_TEXT_PARTS)
                rebuilt.writestr(name, self.read(name) if keep else b"")
        return out.getvalue()


def open_zip(
    data: bytes, *, path: Path | str | None, kind: str, required: Iterable[str]
) -> BoundedZip:
    """Open ``data`` as a zip holding ``required`` members, or fail clearly.

    ``kind`` names the format in messages (".docx"). An OLE compound file in place
    of a zip is what Word writes for password-protected documents (and what a
    renamed .doc is), so that gets its own message.
    """
    if data.startswith(_OLE_MAGIC):
        raise InputError(
            f"not a valid {kind} file: it is a password-protected or old-format "
            f"(.doc/.xls) Office file; remove the password or save it as {kind}",
            path=path,
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise InputError(f"not a valid {kind} file (bad zip: {one_line(exc)})", path=path) from None
    if len(infos) > MAX_MEMBERS:
        raise InputError(
            f"not a valid {kind} file: {len(infos)} members, more than {MAX_MEMBERS}", path=path
        )
    names = {info.filename for info in infos}
    missing = [name for name in required if name not in names]
    if missing:
        raise InputError(f"not a valid {kind} file (no {missing[0]} inside)", path=path)
    return BoundedZip(archive, path=path, kind=kind)
