"""Real PDFs of the development set's texts, laid out the way the issue's files were.

Each maker takes paragraphs of known text and draws them with reportlab as a
browser or a word processor would: every word placed on its own (which is what
gives other extractors a tab between words), a running header with a print date
on every page, "Page N of M" at the foot, line numbers in the margin, footnote
marks raised after words with the notes at the foot of the page, words hyphenated
at line ends, and paragraphs running over page breaks. The true text of each
PDF is known, so an extractor's output can be compared with it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

WIDTH, HEIGHT = 595, 842
LEFT, RIGHT, TOP, BOTTOM = 72, 523, 770, 110
FONT, SIZE, LEADING = "Helvetica", 10, 14


@dataclass(frozen=True, slots=True)
class Footnote:
    after: str  # the word the mark follows ("service.")
    number: int
    text: str


@dataclass(frozen=True, slots=True)
class MadePdf:
    data: bytes
    paragraphs: tuple[str, ...]  # the running text, one string per paragraph
    footnotes: tuple[str, ...]


def _split_word(word: str, room: float) -> tuple[str, str] | None:
    """Hyphenate ``word`` so its first part plus "-" fits in ``room`` points."""
    for cut in range(len(word) - 3, 2, -1):
        head = word[:cut] + "-"
        if word[:cut].isalpha() and stringWidth(head, FONT, SIZE) <= room:
            return word[:cut], word[cut:]
    return None


def make_pdf(
    paragraphs: list[str],
    *,
    header: str | None = "07/03/2023, 14:02          Project export - Case notes",
    page_numbers: bool = True,
    line_numbers: bool = False,
    footnotes: tuple[Footnote, ...] = (),
    lines_per_page: int = 30,
) -> MadePdf:
    """Lay out ``paragraphs`` word by word over as many pages as they need."""
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=(WIDTH, HEIGHT), invariant=1)
    pages: list[list[tuple[float, float, str, float]]] = [[]]  # x, y, text, size
    notes_on_page: list[list[Footnote]] = [[]]
    notes = {n.after: n for n in footnotes}
    y = TOP
    line_no = 0
    space = stringWidth(" ", FONT, SIZE)

    def new_line() -> None:
        nonlocal y, line_no
        y -= LEADING
        line_no += 1
        if line_no >= lines_per_page:
            pages.append([])
            notes_on_page.append([])
            y, line_no = TOP, 0

    for paragraph in paragraphs:
        x = LEFT
        for word in paragraph.split():
            original = word
            w = stringWidth(word, FONT, SIZE)
            if x + w > RIGHT:
                parts = _split_word(word, RIGHT - x)
                if parts is not None and x > LEFT:
                    pages[-1].append((x, y, parts[0] + "-", SIZE))
                    new_line()
                    x = LEFT
                    word = parts[1]
                    w = stringWidth(word, FONT, SIZE)
                else:
                    new_line()
                    x = LEFT
            pages[-1].append((x, y, word, SIZE))
            x += w
            note = notes.get(original)
            if note is not None:
                pages[-1].append((x + 0.5, y + 4, str(note.number), SIZE * 0.6))
                x += stringWidth(str(note.number), FONT, SIZE * 0.6) + 0.5
                notes_on_page[-1].append(note)
            x += space
        new_line()
        new_line()  # a blank line between paragraphs
    total = len(pages)
    for i, (words, page_notes) in enumerate(zip(pages, notes_on_page, strict=True)):
        if header:
            pdf.setFont(FONT, 8)
            pdf.drawString(LEFT, HEIGHT - 40, header)
        if page_numbers:
            pdf.setFont(FONT, 8)
            pdf.drawString(WIDTH / 2 - 20, 40, f"Page {i + 1} of {total}")
        if line_numbers:
            pdf.setFont(FONT, 7)
            ys = sorted({round(wy, 1) for _, wy, _, s in words if s == SIZE}, reverse=True)
            for n, wy in enumerate(ys, start=1):
                pdf.drawRightString(LEFT - 14, wy, str(n))
        for wx, wy, text, size in words:
            pdf.setFont(FONT, size)
            pdf.drawString(wx, wy, text)
        ny = BOTTOM - 30
        for note in page_notes:
            pdf.setFont(FONT, 8)
            pdf.drawString(LEFT, ny, f"{note.number} {note.text}")
            ny -= 11
        pdf.showPage()
    pdf.save()
    return MadePdf(buf.getvalue(), tuple(paragraphs), tuple(n.text for n in footnotes))
