"""OpenDocument text (``.odt``, LibreOffice) via odfpy.

Headings, paragraphs, list items and tables are read in document order, one
blank-line separated block per paragraph and one per table row (cells separated
by tabs), mirroring the Word reader. Annotations (comments), footnotes, tracked
deletions, drawings and generated indexes (tables of contents) are left out.
Text at the start of a paragraph in a bold character style that ends in a colon
is passed to the turn detector as a speaker label, as in Word files.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from workbench.core.errors import InputError
from workbench.ingest.archive import open_zip
from workbench.ingest.assemble import prose_document
from workbench.ingest.files import one_line

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from workbench.ingest.extracted import ExtractedText

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
_DC = "http://purl.org/dc/elements/1.1/"
_META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"

_PARAGRAPHS = frozenset({(_TEXT, "p"), (_TEXT, "h")})
_CONTAINERS = frozenset(
    {
        (_TEXT, "list"),
        (_TEXT, "list-item"),
        (_TEXT, "list-header"),
        (_TEXT, "section"),
        (_TEXT, "numbered-paragraph"),
        (_TABLE, "table-header-rows"),
        (_TABLE, "table-rows"),
        (_TABLE, "table-row-group"),
    }
)
_SKIPPED_INLINE = frozenset(
    {
        (_OFFICE, "annotation"),
        (_TEXT, "note"),
        (_TEXT, "tracked-changes"),
        (_TEXT, "ruby-text"),
    }
)
_BOLD_WEIGHTS = frozenset({"bold", "600", "700", "800", "900"})
_TEXT_MIMETYPE = "application/vnd.oasis.opendocument.text"


def _is_element(node: Any) -> bool:
    return bool(node.nodeType == node.ELEMENT_NODE)


def _inline(node: Any, out: list[str], styles: list[str | None]) -> None:
    """Append the text of an inline node; record the style of each text piece."""
    if not _is_element(node):
        out.append(node.data)
        styles.append(None)
        return
    qname = node.qname
    if qname in _SKIPPED_INLINE or (qname[0] != _TEXT and qname[0] != _OFFICE):
        return  # drawings, frames, form controls...
    local = qname[1]
    if local == "s":
        count = node.getAttrNS(_TEXT, "c")
        out.append(" " * (int(count) if count and count.isdigit() else 1))
        styles.append(None)
    elif local == "tab":
        out.append("\t")
        styles.append(None)
    elif local == "line-break":
        out.append("\n")
        styles.append(None)
    else:
        style = node.getAttrNS(_TEXT, "style-name") if local == "span" else None
        for child in node.childNodes:
            before = len(out)
            _inline(child, out, styles)
            if style is not None:
                for i in range(before, len(styles)):
                    styles[i] = styles[i] or style


class _Reader:
    """Walks one document's body, collecting blocks and bold speaker labels."""

    def __init__(self, bold_styles: frozenset[str]) -> None:
        self.bold_styles = bold_styles
        self.hints: set[str] = set()

    def blocks(self, element: Any, *, in_table: bool = False) -> Iterator[str]:
        for child in element.childNodes:
            if not _is_element(child):
                continue
            qname = child.qname
            if qname in _PARAGRAPHS:
                text = self.paragraph(child, find_label=not in_table)
                if text.strip():
                    yield text
            elif qname == (_TABLE, "table"):
                yield from self.table(child)
            elif qname in _CONTAINERS:
                yield from self.blocks(child, in_table=in_table)

    def table(self, table: Any) -> Iterator[str]:
        for row in _descendants(table, (_TABLE, "table-row"), stop=(_TABLE, "table")):
            cells = [
                "\n".join(self.blocks(cell, in_table=True))
                for cell in row.childNodes
                if _is_element(cell) and cell.qname == (_TABLE, "table-cell")
            ]
            text = "\t".join(cells)
            if text.strip():
                yield text

    def paragraph(self, p: Any, *, find_label: bool) -> str:
        pieces: list[str] = []
        styles: list[str | None] = []
        for child in p.childNodes:
            _inline(child, pieces, styles)
        text = "".join(pieces)
        if find_label:
            bold = []
            for piece, style in zip(pieces, styles, strict=True):
                if style in self.bold_styles or not piece.strip():
                    bold.append(piece)
                else:
                    break
            prefix = "".join(bold)
            stripped = prefix.strip()
            label = None
            if ":" in stripped:
                label = stripped.split(":", 1)[0].strip()
            elif stripped and text[len(prefix) :].lstrip().startswith(":"):
                label = stripped
            if label and "\n" not in label:
                self.hints.add(label)
        return text


def _descendants(element: Any, qname: tuple[str, str], *, stop: tuple[str, str]) -> Iterator[Any]:
    """Elements named ``qname`` below ``element``, not entering nested ``stop`` elements."""
    for child in element.childNodes:
        if not _is_element(child) or child.qname == stop:
            continue
        if child.qname == qname:
            yield child
        else:
            yield from _descendants(child, qname, stop=stop)


def _bold_styles(document: Any) -> frozenset[str]:
    names: set[str] = set()
    for container in (document.automaticstyles, document.styles):
        for style in container.childNodes:
            if not _is_element(style) or style.qname != (_STYLE, "style"):
                continue
            for props in style.childNodes:
                if (
                    _is_element(props)
                    and props.qname == (_STYLE, "text-properties")
                    and props.getAttrNS(_FO, "font-weight") in _BOLD_WEIGHTS
                ):
                    names.add(style.getAttrNS(_STYLE, "name"))
    return frozenset(names)


def _meta(document: Any) -> tuple[str | None, dict[str, str | None]]:
    wanted = {
        (_DC, "title"): "title",
        (_META, "initial-creator"): "author",
        (_DC, "creator"): "last_modified_by",
        (_META, "creation-date"): "created",
        (_DC, "date"): "modified",
        (_DC, "subject"): "subject",
        (_DC, "description"): "description",
        (_META, "keyword"): "keywords",
        (_DC, "language"): "language",
    }
    found: dict[str, str | None] = {}
    for node in document.meta.childNodes:
        if not _is_element(node):
            continue
        if node.qname in wanted:
            found[wanted[node.qname]] = "".join(
                str(c.data) for c in node.childNodes if not _is_element(c)
            )
        elif node.qname == (_META, "document-statistic"):
            found["pages"] = node.getAttrNS(_META, "page-count")
    return found.pop("title", None), found


def read_odt(data: bytes, path: Path) -> ExtractedText:
    """An ``.odt`` file: body text, bold speaker labels, document metadata."""
    archive = open_zip(
        data, path=path, kind=".odt", required=("content.xml", "META-INF/manifest.xml")
    )
    if b"encryption-data" in archive.read("META-INF/manifest.xml"):
        raise InputError("password-protected .odt: remove the password and save again", path=path)
    if "mimetype" in archive.namelist():
        mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
        if not mimetype.startswith(_TEXT_MIMETYPE):
            raise InputError(f"not a text document (its type is {mimetype})", path=path)

    package = archive.package()  # its refusals (sizes, damage) are said as they are
    from odf.opendocument import load

    try:
        document = load(io.BytesIO(package))
        reader = _Reader(_bold_styles(document))
        raw = "\n\n".join(reader.blocks(document.text))
        title, metadata = _meta(document)
    except Exception as exc:  # a corrupt package fails anywhere inside odfpy/expat
        raise InputError(f"not a valid .odt file ({one_line(exc)})", path=path) from None
    return prose_document(raw, path=path, title=title, metadata=metadata, hints=reader.hints)
