"""HTML pages (saved web pages, exported transcripts) as plain text.

Uses the standard library parser, which never fails on bad markup: browsers
render broken HTML, so the reader must read it too. Script, style and similar
non-content elements are dropped; block elements become paragraph breaks (a
blank line), ``<br>`` a line break, table cells are separated by tabs and each
table row is its own paragraph. Whitespace is collapsed as a browser would,
except inside ``<pre>``. An element marked as a speaker's name (its class,
itemprop or a data attribute says "speaker") is written "Name:" and passed to the
turn detector as a known label, as exported transcripts put names in such spans.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from workbench.ingest.assemble import prose_document
from workbench.ingest.text import decode_bytes

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.ingest.extracted import ExtractedText

_SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe"})
_BLOCKS = frozenset(
    """
    address article aside blockquote body caption center dd details dialog dir div dl
    dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html
    legend li main menu nav ol p pre section summary table tbody tfoot thead tr ul
    """.split()  # noqa: SIM905 - a word list reads better as words
)
_CELLS = frozenset({"td", "th"})
_META_NAMES = {
    "author": "author",
    "description": "description",
    "keywords": "keywords",
    "date": "created",
    "dcterms.created": "created",
    "dc.date": "created",
    "dc.creator": "author",
}
_SPACES = re.compile(r"[ \t\n\r\f]+")
_DECLARED = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

# Separators in increasing strength: the strongest pending one is written.
_STRENGTH = {"": 0, " ": 1, "\t": 2, "\n": 3, "\n\n": 4}


_SPEAKER_ATTR = re.compile(r"speaker|interlocutor|participant-name|voice-name", re.IGNORECASE)


def _is_speaker(attrs: list[tuple[str, str | None]]) -> bool:
    """An element whose class, itemprop or data-* attributes say it names the speaker."""
    return any(
        value
        and (key in ("class", "itemprop", "role") or key.startswith("data-"))
        and _SPEAKER_ATTR.search(value)
        for key, value in attrs
    )


class _TextParser(HTMLParser):
    """Collects visible text, the <title> and <meta> fields of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.pending = ""
        self.skip_depth = 0
        self.pre_depth = 0
        self.in_title = False
        self.title_wanted = False
        self.title_parts: list[str] = []
        self.metadata: dict[str, str] = {}
        self.at_row_start = True
        self.speaker_depth = 0  # inside an element marked as a speaker's name
        self.speaker_parts: list[str] = []
        self.hints: set[str] = set()

    def _separate(self, sep: str) -> None:
        if _STRENGTH[sep] > _STRENGTH[self.pending]:
            self.pending = sep

    def _emit(self, text: str) -> None:
        if not text:
            return
        if self.parts and self.pending:
            self.parts.append(self.pending)
        self.pending = ""
        self.parts.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            # Only the document's first <title>, not an <svg><title> tooltip.
            self.in_title = True
            self.title_wanted = not self.skip_depth and not self.title_parts
            return
        if tag == "meta":
            self._meta(dict(attrs))
            return
        if tag == "html":
            lang = dict(attrs).get("lang")
            if lang:
                self.metadata["language"] = lang
        if tag in _SKIPPED:
            self.skip_depth += 1
            return
        if self.speaker_depth:
            self.speaker_depth += 1
        elif _is_speaker(attrs):
            self.speaker_depth = 1
            self.speaker_parts = []
        if tag == "br":
            self._separate("\n")
        elif tag in _CELLS:
            if not self.at_row_start:
                self._separate("\t")
            self.at_row_start = False
        elif tag in _BLOCKS:
            self._separate("\n\n")
            if tag == "tr":
                self.at_row_start = True
            if tag == "pre":
                self.pre_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.speaker_depth and tag not in _SKIPPED and tag != "title":
            self.speaker_depth -= 1
            if not self.speaker_depth:
                name = " ".join("".join(self.speaker_parts).split()).rstrip(":").strip()
                if name and len(name) <= 60:
                    self.hints.add(name)
                    self._emit(":")  # "Jane Doe" + speech reads "Jane Doe: speech"
                    self._separate(" ")
        if tag == "title":
            self.in_title = False
        elif tag in _SKIPPED:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCKS:
            self._separate("\n\n")
            if tag == "pre":
                self.pre_depth = max(0, self.pre_depth - 1)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            if self.title_wanted:
                self.title_parts.append(data)
            return
        if self.skip_depth:
            return
        if self.pre_depth:
            self._emit(data)
            return
        if self.speaker_depth:
            self.speaker_parts.append(data)
        collapsed = _SPACES.sub(" ", data)
        if collapsed.startswith(" "):
            self._separate(" ")
            collapsed = collapsed[1:]
        ends_with_space = collapsed.endswith(" ")
        self._emit(collapsed.rstrip(" "))
        if ends_with_space:
            self._separate(" ")

    def _meta(self, attrs: dict[str, str | None]) -> None:
        name = (attrs.get("name") or attrs.get("property") or "").lower()
        content = attrs.get("content")
        key = _META_NAMES.get(name)
        if key and content and key not in self.metadata:
            self.metadata[key] = content


def read_html(data: bytes, path: Path) -> ExtractedText:
    """An ``.html``/``.htm`` file; ``<meta charset>`` is honoured if not UTF-8."""
    declared = _DECLARED.search(data[:4096])
    raw, encoding = decode_bytes(
        data, path=path, declared=declared.group(1).decode("ascii") if declared else None
    )
    parser = _TextParser()
    parser.feed(raw)
    parser.close()
    title = "".join(parser.title_parts)
    return prose_document(
        "".join(parser.parts),
        path=path,
        title=title,
        metadata={"encoding": encoding, **parser.metadata},
        hints=parser.hints,
    )
