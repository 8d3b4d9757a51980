"""Word ``.docx`` files via python-docx.

Body paragraphs and tables are read in document order, including content inside
content controls and tracked insertions (python-docx's ``paragraphs`` skips
those); tracked deletions, text boxes, headers, footers, footnotes and comments
are left out, because they are not the running text a coder reads. Each
non-empty paragraph becomes one blank-line separated block; each table row
becomes one block with its cells separated by tabs. Numbered and bulleted list
items keep their number or bullet as text ("1. First finding", "• a point").

Bold text at the start of a paragraph that ends in a colon ("**Interviewer:**"),
or a short paragraph wholly in bold (a name above the speech), is passed to the
turn detector as a known speaker label, so names the plain-text rules would doubt
(lowercase, long, unusual) still count when formatted as labels.
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

    from docx.document import Document

    from workbench.ingest.extracted import ExtractedText
    from workbench.ingest.numbering import Level

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
        self._lists = _WordLists(document)

    def blocks(self, container: Any, *, in_table: bool = False) -> Iterator[str]:
        for child in _children(container, (f"{_W}p", f"{_W}tbl")):
            if child.tag == f"{_W}p":
                text = self.paragraph(child, find_label=not in_table)
                if text.strip():
                    label = self._lists.label(child)
                    yield f"{label} {text}" if label else text
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
        if stripped == full.strip() and len(stripped) <= 60 and ":" not in stripped:
            self.hints.add(stripped)  # a bold name alone above the speech
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
    if has_core:
        title, metadata = _core_properties(archive.read("docProps/core.xml"))
    return prose_document(raw, path=path, title=title, metadata=metadata, hints=reader.hints)


_CORE_FIELDS = {
    "{http://purl.org/dc/elements/1.1/}title": "title",
    "{http://purl.org/dc/elements/1.1/}creator": "author",
    "{http://purl.org/dc/terms/}created": "created",
    "{http://purl.org/dc/terms/}modified": "modified",
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy": (
        "last_modified_by"
    ),
    "{http://purl.org/dc/elements/1.1/}subject": "subject",
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}keywords": (
        "keywords"
    ),
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}category": (
        "category"
    ),
    "{http://purl.org/dc/elements/1.1/}description": "description",
    "{http://purl.org/dc/elements/1.1/}language": "language",
}


class _WordLists:
    """List labels of numbered and bulleted paragraphs, from ``word/numbering.xml``."""

    def __init__(self, document: Document) -> None:
        from workbench.ingest.numbering import ListCounter

        self.counter = ListCounter()
        self.abstract: dict[str, str] = {}  # numId -> abstractNumId
        self.levels: dict[str, dict[int, Level]] = {}  # abstractNumId -> levels
        self.style_num: dict[str, tuple[str, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        self._read(numbering, document)

    def _read(self, numbering: Any, document: Document) -> None:
        from workbench.ingest.numbering import Level

        val = f"{_W}val"
        for abstract in numbering.iterchildren(f"{_W}abstractNum"):
            levels: dict[int, Level] = {}
            for lvl in abstract.iterchildren(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = Level(
                    fmt=fmt.get(val, "decimal") if fmt is not None else "decimal",
                    template=text.get(val, "") if text is not None else "",
                    start=int(start.get(val, "1")) if start is not None else 1,
                )
            self.levels[abstract.get(f"{_W}abstractNumId", "")] = levels
        for num in numbering.iterchildren(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                self.abstract[num.get(f"{_W}numId", "")] = ref.get(val, "")
        styles = document.styles.element
        for style in styles.iterchildren(f"{_W}style"):
            num = style.find(f"{_W}pPr/{_W}numPr")
            if num is not None:
                found = self._num_pr(num)
                if found is not None:
                    self.style_num[style.get(f"{_W}styleId", "")] = found

    def _num_pr(self, num_pr: Any) -> tuple[str, int] | None:
        val = f"{_W}val"
        num_id = num_pr.find(f"{_W}numId")
        ilvl = num_pr.find(f"{_W}ilvl")
        if num_id is None:
            return None
        return num_id.get(val, ""), int(ilvl.get(val, "0")) if ilvl is not None else 0

    def label(self, p: Any) -> str:
        if not self.abstract:
            return ""
        ppr = p.find(f"{_W}pPr")
        if ppr is None:
            return ""
        found = None
        num_pr = ppr.find(f"{_W}numPr")
        if num_pr is not None:
            found = self._num_pr(num_pr)
        else:
            style = ppr.find(f"{_W}pStyle")
            if style is not None:
                found = self.style_num.get(style.get(f"{_W}val", ""))
        if found is None or found[0] in ("", "0"):
            return ""
        num_id, level = found
        levels = self.levels.get(self.abstract.get(num_id, ""), {})
        return self.counter.label(num_id, level, levels)


def _core_properties(xml: bytes) -> tuple[str | None, dict[str, str | None]]:
    """The fields ``docProps/core.xml`` holds, and only those.

    Read directly rather than through python-docx, whose core properties fill in
    what a file lacks ("python-docx" as the last editor, the time of reading as
    the modification date): a researcher must see only what the file says.
    """
    from defusedxml import ElementTree

    try:
        root = ElementTree.fromstring(xml)
    except Exception:  # a damaged metadata part: the text is still worth reading
        return None, {}
    found: dict[str, str | None] = {}
    for child in root:
        key = _CORE_FIELDS.get(child.tag)
        if key is not None and child.text and child.text.strip():
            found[key] = child.text.strip()
    return found.pop("title", None), found
