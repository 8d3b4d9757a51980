"""Word ``.docx`` files via python-docx.

Body paragraphs and tables are read in document order, including content inside
content controls and tracked insertions (python-docx's ``paragraphs`` skips
those); tracked deletions, text boxes, headers, footers, footnotes and comments
are left out, because they are not the running text a coder reads. Each
non-empty paragraph becomes one blank-line separated block; each table row
becomes one block with its cells separated by tabs.

Bold text at the start of a paragraph that ends in a colon ("**Interviewer:**")
is passed to the turn detector as a known speaker label, so names the plain-text
rules would doubt (lowercase, long, unusual) still count when formatted as labels.
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
    from datetime import datetime
    from pathlib import Path

    from docx.document import Document

    from workbench.ingest.extracted import ExtractedText

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NS = {"w": _W[1:-1]}
_RUNS_XPATH = (
    ".//w:r[not(ancestor::w:txbxContent) and not(ancestor::w:del) and not(ancestor::w:moveFrom)]"
)


_WRAPPERS = frozenset({f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins"})


def _children(element: Any, tags: tuple[str, ...]) -> Iterator[Any]:
    """Children of ``element`` with one of ``tags``, looking through content controls."""
    for child in element.iterchildren():
        if child.tag in tags:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tags)


class _Reader:
    """Walks one document's body, collecting blocks and bold speaker labels."""

    def __init__(self, document: Document) -> None:
        from lxml import etree

        self.document = document
        self.runs = etree.XPath(_RUNS_XPATH, namespaces=_NS)
        self.hints: set[str] = set()
        self._style_bold: dict[str, bool] = {}

    def blocks(self, container: Any, *, in_table: bool = False) -> Iterator[str]:
        for child in _children(container, (f"{_W}p", f"{_W}tbl")):
            if child.tag == f"{_W}p":
                text = self.paragraph(child, find_label=not in_table)
                if text.strip():
                    yield text
            else:
                yield from self.table(child)

    def table(self, tbl: Any) -> Iterator[str]:
        for tr in _children(tbl, (f"{_W}tr",)):
            cells = [
                "\n".join(self.blocks(tc, in_table=True)) for tc in _children(tr, (f"{_W}tc",))
            ]
            row = "\t".join(cells)
            if row.strip():
                yield row

    def paragraph(self, p: Any, *, find_label: bool) -> str:
        parts: list[str] = []
        bold: list[str] = []
        in_bold_prefix = find_label
        for r in self.runs(p):
            text = r.text
            parts.append(text)
            if in_bold_prefix:
                if self.is_bold(r) or not text.strip():
                    bold.append(text)
                else:
                    in_bold_prefix = False
        full = "".join(parts)
        if find_label:
            self._note_label("".join(bold), full)
        return full

    def _note_label(self, bold: str, full: str) -> None:
        stripped = bold.strip()
        if not stripped:
            return
        if ":" in stripped:
            label = stripped.split(":", 1)[0]
        elif full[len(bold) :].lstrip().startswith(":"):
            label = stripped
        else:
            return
        label = label.strip()
        if label and "\n" not in label:
            self.hints.add(label)

    def is_bold(self, r: Any) -> bool:
        from docx.text.font import Font

        direct = Font(r).bold
        if direct is not None:
            return direct
        style_id = r.rPr.style if r.rPr is not None else None
        return style_id is not None and self.style_is_bold(style_id)

    def style_is_bold(self, style_id: str) -> bool:
        if style_id not in self._style_bold:
            from docx.enum.style import WD_STYLE_TYPE

            style = self.document.part.get_style(style_id, WD_STYLE_TYPE.CHARACTER)
            font = getattr(style, "font", None)
            self._style_bold[style_id] = bool(font is not None and font.bold)
        return self._style_bold[style_id]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def read_docx(data: bytes, path: Path) -> ExtractedText:
    """A ``.docx`` file: body text, bold speaker labels, core properties."""
    archive = open_zip(data, path=path, kind=".docx", required=("word/document.xml",))
    has_core = "docProps/core.xml" in archive.namelist()
    package = archive.package()  # its refusals (sizes, damage) are said as they are
    import docx

    try:
        document = docx.Document(io.BytesIO(package))
        reader = _Reader(document)
        raw = "\n\n".join(reader.blocks(document.element.body))
    except Exception as exc:  # a corrupt package fails anywhere inside python-docx/lxml
        raise InputError(f"not a valid .docx file ({one_line(exc)})", path=path) from None

    title: str | None = None
    metadata: dict[str, str | None] = {}
    if has_core:  # python-docx invents defaults ("python-docx") when the part is missing
        props = document.core_properties
        title = props.title
        metadata = {
            "author": props.author,
            "created": _iso(props.created),
            "modified": _iso(props.modified),
            "last_modified_by": props.last_modified_by,
            "subject": props.subject,
            "keywords": props.keywords,
            "category": props.category,
            "description": props.comments,
            "language": props.language,
        }
    return prose_document(raw, path=path, title=title, metadata=metadata, hints=reader.hints)
