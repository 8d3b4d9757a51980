"""Running text from a PDF's layout: paragraphs, without page furniture, notes apart.

A PDF holds positioned glyphs, not text. Extractors that read the content stream
in order give what the issue's files showed: a tab or a line break between words
placed one by one (browsers print that way), the print header and "Page 3 of 9"
on every page, margin line numbers inside the last turn of a page, footnotes in
the middle of the text, footnote marks glued to words ("service.1 Now"), a
paragraph cut at every page break.

pdfminer.six groups glyphs into words, lines and boxes by their positions
(``LAParams``), which is most of the work; measured on the development set's PDFs
(``python -m bench nlp``) it gives words separated by spaces and one box per
paragraph where pypdf gave one word per line. On its boxes these rules apply:

* **Furniture**: a box in the top or bottom tenth of a page whose text, with
  digits masked, recurs on at least half of the pages (and on two or more), that
  reads as a page number ("12", "Page 3 of 9", "- 4 -"), or that holds what a
  browser prints in the margin (a date with a time, a web address), is dropped.
* **Line numbers**: a box of numbers alone, left of the text, is dropped; so is
  a number at the start of each line of a box when the lines are numbered in
  sequence.
* **Footnotes**: a box below the body text in a smaller type that starts with a
  number is a note. Notes go after the text under "Notes", one paragraph each
  ("[1] ..."), and a raised, smaller number in the body becomes its anchor
  "[1]", so no note interrupts a sentence and no mark is glued to a word.
* **Lines and paragraphs**: a box is a paragraph. A line that runs to the box's
  right edge was wrapped and joins the next with a space (a word hyphenated at
  the end of it is joined whole, unless the part before the hyphen is a prefix
  that keeps its hyphen, "self-", "non-", "inter-"...: a rule, so "inter-" before
  "national" keeps a hyphen it should not); a shorter line was ended
  by its writer (a speaker's turn, a list) and keeps its line break.
* **Page breaks**: a page's last paragraph that does not end a sentence and a
  next page's first paragraph that starts in lower case are one paragraph.
"""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*[-–—])?\s*$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
# What a browser prints in a page's margin: a date with a time, an address, "Page 2 of 9".
_PRINT_STAMP = re.compile(
    r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}|https?://\S+|\bpage\s+\d+\s+of\s+\d+",
    re.IGNORECASE,
)
_NOTE_START = re.compile(r"^\s*(\d{1,3})[.)]?\s+(\S.*)$", re.DOTALL)
_LEADING_NUMBER = re.compile(r"^\s*(\d{1,4})\s+(?=\S)")
_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]\s*$")
# Prefixes that keep their hyphen when a line breaks after them ("self-" "evident").
KEEP_HYPHEN = frozenset(
    {"self", "cross", "non", "ex", "co", "well", "semi", "multi", "inter", "intra", "post",
     "pre", "mid", "anti", "half"}
)  # fmt: skip
FURNITURE_BAND = 0.1


@dataclass(slots=True)
class Line:
    text: str
    x0: float
    x1: float
    size: float  # the commonest glyph size on the line
    marks: list[tuple[int, str]] = field(default_factory=list)  # (char offset, raised digits)


@dataclass(slots=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float
    lines: list[Line]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def size(self) -> float:
        sizes = Counter(round(line.size, 1) for line in self.lines)
        return sizes.most_common(1)[0][0] if sizes else 0.0


@dataclass(slots=True)
class Page:
    height: float
    boxes: list[Box]
    width: float = 0.0


def read_pages(data: bytes) -> list[Page]:
    """Every page's text boxes, with each line's glyph size and raised digits."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTTextBox, LTTextLine

    pages: list[Page] = []
    for layout in extract_pages(io.BytesIO(data), laparams=LAParams()):
        boxes: list[Box] = []
        for element in layout:
            if not isinstance(element, LTTextBox):
                continue
            lines: list[Line] = []
            for line in element:
                if not isinstance(line, LTTextLine):
                    continue
                chars = [c for c in line if isinstance(c, LTChar)]
                sizes = Counter(round(c.size, 1) for c in chars)
                body = sizes.most_common(1)[0][0] if sizes else 0.0
                text_parts: list[str] = []
                marks: list[tuple[int, str]] = []
                base = min((c.y0 for c in chars if round(c.size, 1) == body), default=0.0)
                for item in line:
                    t = item.get_text()
                    small = (
                        isinstance(item, LTChar)
                        and body
                        and item.size < 0.8 * body
                        and t.isdigit()
                        and item.y0 > base + 0.15 * body
                    )
                    if small:
                        at = len("".join(text_parts))
                        if marks and marks[-1][0] == at:
                            marks[-1] = (at, marks[-1][1] + t)
                        else:
                            marks.append((at, t))
                        continue
                    text_parts.append(t)
                text = "".join(text_parts).rstrip("\n").replace("\t", " ")
                if text.strip() or marks:
                    lines.append(Line(text.rstrip(), line.x0, line.x1, body, marks))
            if lines:
                boxes.append(Box(element.x0, element.y0, element.x1, element.y1, lines))
        pages.append(Page(layout.height, boxes, layout.width))
    return pages


def _furniture(pages: list[Page]) -> set[tuple[int, int]]:
    """(page, box) indices of running headers, footers and page numbers."""
    seen: Counter[str] = Counter()
    where: dict[tuple[int, int], str] = {}
    for p, page in enumerate(pages):
        for b, box in enumerate(page.boxes):
            if box.y0 > page.height * (1 - FURNITURE_BAND) or box.y1 < page.height * FURNITURE_BAND:
                key = _DIGITS.sub("#", " ".join(box.text.split()).lower())
                where[(p, b)] = key
    for key in set(where.values()):
        seen[key] = len({p for (p, _), k in where.items() if k == key})
    out: set[tuple[int, int]] = set()
    for (p, b), key in where.items():
        text = pages[p].boxes[b].text
        if (
            _PAGE_NUMBER.match(text)
            or _PRINT_STAMP.search(text)
            or (seen[key] >= 2 and seen[key] * 2 >= len(pages))
        ):
            out.add((p, b))
    return out


def _numbered_lines(box: Box) -> bool:
    """Whether each line of a box starts with a number in sequence (margin numbering)."""
    numbers = []
    for line in box.lines:
        m = _LEADING_NUMBER.match(line.text)
        if m is None:
            return False
        numbers.append(int(m.group(1)))
    return len(numbers) >= 3 and all(b == a + 1 for a, b in itertools.pairwise(numbers))


_LABEL_LINE = re.compile(r"^(?:\[?[\d:.]+\]?\s+)?[A-Z][\w.'’ -]{0,40}:\s")


def _split_notes(box: Box) -> list[tuple[str, str]]:
    """The notes of a footnote box: a line that starts with a number starts a note."""
    notes: list[tuple[str, list[str]]] = []
    for line in box.lines:
        m = _NOTE_START.match(line.text)
        if m is not None:
            notes.append((m.group(1), [m.group(2)]))
        elif notes:
            notes[-1][1].append(line.text)
    return [(n, " ".join(" ".join(parts).split())) for n, parts in notes]


def _join_lines(box: Box, anchor: dict[str, str], right: float | None) -> str:
    """A box's lines as one paragraph: wrapped lines joined, ended lines kept.

    ``right`` is the text column's right edge (None: lines never reach it, as in a
    transcript of short lines), and a line that starts with a speaker's label always
    starts a line.
    """
    out = ""
    for i, line in enumerate(box.lines):
        text = line.text
        for at, digits in reversed(line.marks):
            text = text[:at] + (f"[{digits}]" if digits in anchor else "") + text[at:]
        text = text.strip()
        if i == 0:
            out = text
            continue
        previous = box.lines[i - 1]
        wrapped = (
            right is not None
            and previous.x1 >= right - 2.5 * max(previous.size, 1.0)
            and not _LABEL_LINE.match(text)
        )
        out = join_wrapped(out, text) if wrapped else f"{out}\n{text}"
    return out


def join_wrapped(first: str, second: str) -> str:
    """Two pieces of one paragraph broken at a line or page end, hyphenation undone."""
    if not first:
        return second
    if not second:
        return first
    m = re.search(r"(\w+)-$", first)
    if m and second[:1].islower():
        if m.group(1).lower() in KEEP_HYPHEN:
            return first + second
        return first[:-1] + second
    return f"{first} {second}"


def layout_text(pages: list[Page]) -> tuple[str, list[int]]:
    """The running text of ``pages`` (notes at the end) and where each page starts."""
    furniture = _furniture(pages)
    sizes = Counter(
        round(box.size, 1)
        for p, page in enumerate(pages)
        for b, box in enumerate(page.boxes)
        if (p, b) not in furniture
        for _ in box.text
    )
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    notes: list[str] = []
    anchors: dict[str, str] = {}
    kept: list[list[Box]] = []
    for p, page in enumerate(pages):
        boxes = [box for b, box in enumerate(page.boxes) if (p, b) not in furniture]
        body_boxes = [b for b in boxes if b.size >= 0.9 * body]
        left = min((b.x0 for b in body_boxes), default=0.0)
        lowest = min((b.y0 for b in body_boxes), default=0.0)
        page_kept: list[Box] = []
        for box in boxes:
            lines = [ln.text for ln in box.lines]
            if all(_DIGITS.fullmatch(t.strip()) for t in lines) and box.x1 <= left + 1:
                continue  # margin line numbers
            if _numbered_lines(box):
                for line in box.lines:
                    line.text = _LEADING_NUMBER.sub("", line.text, count=1)
            note = _NOTE_START.match(box.text)
            if note and box.size < 0.9 * body and box.y1 <= lowest + 1:
                for number, said in _split_notes(box):
                    anchors[number] = said
                    notes.append(f"[{number}] {said}")
                continue
            page_kept.append(box)
        kept.append(page_kept)
    right_edges = [ln.x1 for boxes in kept for box in boxes for ln in box.lines]
    widest = max((p.width for p in pages), default=0.0)
    right = max(right_edges, default=0.0)
    column: float | None = right if right >= 0.6 * widest else None
    paragraphs: list[str] = []
    page_starts: list[int] = []
    length = 0
    for page_boxes in kept:
        first = True
        for box in page_boxes:
            text = _join_lines(box, anchors, column)
            if not text:
                continue
            if (
                first
                and paragraphs
                and not _SENTENCE_END.search(paragraphs[-1])
                and text[:1].islower()
            ):
                joined = join_wrapped(paragraphs[-1], text)
                page_starts.append(length - len(paragraphs[-1]) + len(joined) - len(text))
                length += len(joined) - len(paragraphs[-1])
                paragraphs[-1] = joined
            else:
                if first:
                    page_starts.append(length + (2 if paragraphs else 0))
                length += len(text) + (2 if paragraphs else 0)
                paragraphs.append(text)
            first = False
        if first:
            page_starts.append(length)
    if notes:
        paragraphs += ["Notes", *notes]
    return "\n\n".join(paragraphs), page_starts
