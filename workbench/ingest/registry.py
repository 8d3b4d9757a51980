"""Which reader handles which file, and the one entry point for documents.

Dispatch is on the extension (case-insensitive), never on content sniffing: the
user chose the file and its name says what they think it is, and a mismatch
(a binary file named .txt, a .docx that is not a zip) gets a clear error from
the reader instead of a silent guess.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from workbench.core.errors import InputError
from workbench.ingest.extracted import ExtractedText
from workbench.ingest.files import DEFAULT_MAX_BYTES, check_file, read_bytes
from workbench.ingest.html import read_html
from workbench.ingest.odt import read_odt
from workbench.ingest.pdf import read_pdf
from workbench.ingest.plain import read_markdown, read_plain
from workbench.ingest.rtf import read_rtf
from workbench.ingest.subtitles import read_srt, read_vtt
from workbench.ingest.survey import SURVEY_EXTENSIONS
from workbench.ingest.word import read_docx

Reader = Callable[[bytes, Path], ExtractedText]
"""A pure reader: the file's bytes (and its path, for messages) to extracted text."""

READERS: dict[str, Reader] = {
    ".txt": read_plain,
    ".text": read_plain,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".docx": read_docx,
    ".odt": read_odt,
    ".rtf": read_rtf,
    ".pdf": read_pdf,
    ".vtt": read_vtt,
    ".srt": read_srt,
}

SUPPORTED_EXTENSIONS = frozenset(READERS)

_HINTS = {
    ".doc": "save it as .docx and import that",
    ".pages": "export it as .docx and import that",
    ".xls": "export the sheet as .csv and import it as a survey",
    ".xlsx": "export the sheet as .csv and import it as a survey",
    ".ods": "export the sheet as .csv and import it as a survey",
}


def reader_for(path: Path) -> Reader:
    """The reader for ``path``'s extension, or an ``InputError`` naming what is supported."""
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is not None:
        return _guarded(reader)
    if suffix in SURVEY_EXTENSIONS:
        raise InputError(f"{suffix} is a survey table: import it as a survey", path=path)
    supported = ", ".join(sorted(SUPPORTED_EXTENSIONS))
    hint = _HINTS.get(suffix)
    what = f"unsupported file type {suffix!r}" if suffix else "no file extension"
    message = f"{what}: {hint}" if hint else f"{what} (supported: {supported})"
    raise InputError(message, path=path)


def _guarded(reader: Reader) -> Reader:
    """The reader, with a damaged archive's low-level errors turned into one clear line.

    The zip-based formats (.docx, .odt) can fail deep inside zipfile or zlib on a bad
    CRC or broken compressed data; whatever a reader misses must still name the file.
    """

    def read(data: bytes, path: Path) -> ExtractedText:
        try:
            return reader(data, path)
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise InputError(f"damaged or truncated file ({exc})", path=path) from None

    return read


def read_document(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ExtractedText:
    """Read one document of any supported format.

    Raises ``InputError`` (with the path and a one-line reason) for a missing
    file, a directory, an unsupported extension, a file over ``max_bytes``, and
    anything the format's reader rejects.
    """
    path = Path(path)
    check_file(path, max_bytes)
    reader = reader_for(path)
    return reader(read_bytes(path, max_bytes), path)
