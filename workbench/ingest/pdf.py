"""PDF files: the running text of the text layer (pdfminer.six), document info (pypdf).

Only a PDF's text layer is read; a scan without one is refused with a message
saying to OCR it, rather than imported as an empty document. The text is laid
out from the page layout by ``workbench.ingest.pdflayout``: paragraphs, running
headers and footers, page numbers and margin line numbers dropped, footnotes
moved after the text with their anchors, hyphenation and page breaks undone.
``metadata["page_starts"]`` lists, comma separated, the offset in the stored
text where each page begins (a page without text gets the offset just past the
previous page's text), so codings can be cited by page.

Encrypted PDFs that open with an empty user password (restrictions only) are
read; ones that need a password are refused.
"""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING, Any

from workbench.core.errors import InputError
from workbench.ingest.assemble import clean_metadata, clean_title
from workbench.ingest.extracted import ExtractedText
from workbench.ingest.files import one_line
from workbench.ingest.text import normalise_text, paragraph_spans
from workbench.ingest.turns import detect_turns

# pypdf logs the damage it repairs ("EOF marker not found"); what it cannot repair
# becomes our one-line error, so its warnings would only clutter the terminal.
logging.getLogger("pypdf").setLevel(logging.ERROR)

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

_ENCRYPTED = "encrypted PDF: remove the password (e.g. print it to a new PDF) and import again"


def _open(data: bytes, path: Path) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    if b"%PDF-" not in data[:1024]:
        raise InputError("not a PDF file (no %PDF- header)", path=path)
    try:
        reader = PdfReader(io.BytesIO(data))
    except DependencyError:
        raise InputError(_ENCRYPTED, path=path) from None
    except Exception as exc:  # pypdf raises many types on damaged files
        raise InputError(f"not a valid PDF ({one_line(exc)})", path=path) from None
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except (DependencyError, NotImplementedError, PdfReadError):
            raise InputError(_ENCRYPTED, path=path) from None
        if not opened:
            raise InputError(_ENCRYPTED, path=path)
    return reader


def _normalised(raw: str, starts: list[int]) -> tuple[str, list[int]]:
    """``normalise_text(raw)``, with each page's start offset carried over."""
    text = normalise_text(raw)
    if text == raw:
        return text, starts
    out: list[int] = []
    for s in starts:
        prefix = normalise_text(raw[:s])
        at = len(prefix)
        while at < len(text) and text[at] == "\n":  # the blank line before the page
            at += 1
        out.append(min(at, len(text)))
    return text, out


def _date(reader: Any, attr: str) -> str | None:
    try:
        value: datetime | None = getattr(reader.metadata, attr)
    except Exception:  # a malformed date string in the info dictionary
        return None
    return value.isoformat() if value is not None else None


def _info(reader: Any) -> tuple[str | None, dict[str, object | None]]:
    """Title and document info; a damaged info dictionary just means no metadata."""
    try:
        info = reader.metadata
        if info is None:
            return None, {}
        return info.title, {
            "author": info.author,
            "subject": info.subject,
            "creator": info.creator,
            "producer": info.producer,
            "created": _date(reader, "creation_date"),
            "modified": _date(reader, "modification_date"),
        }
    except Exception:  # pypdf raises assorted errors on a broken /Info
        return None, {}


def read_pdf(data: bytes, path: Path) -> ExtractedText:
    """A ``.pdf`` file's text layer, with page offsets and document info."""
    from workbench.ingest.pdflayout import layout_text, read_pages

    reader = _open(data, path)
    try:
        pages = list(reader.pages)
        if reader.is_encrypted:  # opened with the empty password: hand pdfminer plain bytes
            from pypdf import PdfWriter

            plain = io.BytesIO()
            PdfWriter(clone_from=reader).write(plain)
            data = plain.getvalue()
        raw, starts = layout_text(read_pages(data))
    except InputError:
        raise
    except Exception as exc:  # damaged content streams, unsupported filters...
        raise InputError(f"cannot read the PDF's text ({one_line(exc)})", path=path) from None
    text, page_starts = _normalised(raw, starts)
    if not text.strip():
        raise InputError("no extractable text (a scan?): OCR it first", path=path)

    title, metadata = _info(reader)
    metadata["pages"] = len(pages)
    metadata["page_starts"] = ",".join(str(s) for s in page_starts)
    return ExtractedText(
        text=text,
        turns=detect_turns(text),
        title=clean_title(title),
        metadata=clean_metadata(metadata),
        paragraphs=paragraph_spans(text),
    )
