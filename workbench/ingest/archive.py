"""Checks on zip-based formats (docx, odt) before a library parses them.

A renamed or truncated file should be reported as "not a valid .docx", not as a
``KeyError`` from deep inside a library, and a small file that inflates to
gigabytes (a zip bomb) must be refused before anything decompresses it.
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from workbench.core.errors import InputError
from workbench.ingest.files import one_line

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

MAX_UNZIPPED_BYTES = 512 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def open_zip(
    data: bytes, *, path: Path | str | None, kind: str, required: Iterable[str]
) -> zipfile.ZipFile:
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
    names = {info.filename for info in infos}
    missing = [name for name in required if name not in names]
    if missing:
        raise InputError(f"not a valid {kind} file (no {missing[0]} inside)", path=path)
    if sum(info.file_size for info in infos) > MAX_UNZIPPED_BYTES:
        raise InputError(
            f"not imported: the {kind} file unpacks to more than "
            f"{MAX_UNZIPPED_BYTES // (1024 * 1024)} MiB",
            path=path,
        )
    return archive
