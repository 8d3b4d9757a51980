"""The development set's dialogues written out in each transcript layout the importer reads.

Each layout is a function from a dialogue (speaker, words) to ``(suffix, bytes)``,
made the way the tool that writes that layout writes it: a typed transcript
("Name: words"), an online coding tool's export (the name alone on its line), an
Otter-style export ("Name  0:01" then the words), an HTML export with the speaker
in its own element, Word and ODT files with the name in bold, and WebVTT
captions cut into caption-sized fragments with voice tags.
"""

from __future__ import annotations

import html
import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

Dialogue = "Sequence[tuple[str, str]]"


def colon(turns: Sequence[tuple[str, str]]) -> tuple[str, bytes]:
    return ".txt", "\n\n".join(f"{s}: {t}" for s, t in turns).encode()


def own_line(turns: Sequence[tuple[str, str]]) -> tuple[str, bytes]:
    return ".txt", "\n\n".join(f"{s}\n{t}" for s, t in turns).encode()


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def otter(turns: Sequence[tuple[str, str]]) -> tuple[str, bytes]:
    parts = []
    at = 1
    for s, t in turns:
        parts.append(f"{s}  {_clock(at)}\n{t}")
        at += 7 + len(t) // 15
    return ".txt", ("\n\n".join(parts) + "\n").encode()


def html_spans(turns: Sequence[tuple[str, str]]) -> tuple[str, bytes]:
    body = "\n".join(
        f'<div class="turn"><span class="speaker">{html.escape(s)}</span>'
        f'<span class="text">{html.escape(t)}</span></div>'
        for s, t in turns
    )
    page = (
        f"<!DOCTYPE html><html><head><title>Transcript</title></head><body>\n{body}\n</body></html>"
    )
    return ".html", page.encode()


def docx_bold(turns: Sequence[tuple[str, str]], *, colon: bool = True) -> tuple[str, bytes]:
    import docx

    document = docx.Document()
    for s, t in turns:
        if colon:
            p = document.add_paragraph()
            p.add_run(f"{s}:").bold = True
            p.add_run(f" {t}")
        else:
            document.add_paragraph().add_run(s).bold = True
            document.add_paragraph(t)
    buf = io.BytesIO()
    document.save(buf)
    return ".docx", buf.getvalue()


def docx_bold_own_line(turns: Sequence[tuple[str, str]]) -> tuple[str, bytes]:
    return docx_bold(turns, colon=False)


def odt_bold(turns: Sequence[tuple[str, str]]) -> tuple[str, bytes]:
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.text import P, Span

    document = OpenDocumentText()
    bold = Style(name="Strong", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    for s, t in turns:
        p = P()
        p.addElement(Span(stylename=bold, text=f"{s}:"))
        p.addText(f" {t}")
        document.text.addElement(p)
    buf = io.BytesIO()
    document.write(buf)
    return ".odt", buf.getvalue()


def _fragments(words: str, width: int = 42) -> list[str]:
    out: list[str] = []
    line = ""
    for w in words.split():
        if line and len(line) + 1 + len(w) > width:
            out.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    if line:
        out.append(line)
    return out


def _vtt_time(ms: int) -> str:
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def vtt_voices(turns: Sequence[tuple[str, str]], *, voices: bool = True) -> tuple[str, bytes]:
    cues = ["WEBVTT", ""]
    at = 0
    n = 1
    for s, t in turns:
        for piece in _fragments(t):
            cues += [str(n), f"{_vtt_time(at)} --> {_vtt_time(at + 2500)}"]
            cues += [f"<v {s}>{piece}" if voices else piece, ""]
            at += 2600
            n += 1
    return ".vtt", "\n".join(cues).encode()


def vtt_captions(turns: Sequence[tuple[str, str]]) -> tuple[str, bytes]:
    """Captions without speakers: a lecture or a video, not a transcript of turns."""
    return vtt_voices(turns, voices=False)


LAYOUTS: dict[str, Callable[[Sequence[tuple[str, str]]], tuple[str, bytes]]] = {
    "name: words": colon,
    "name on its own line": own_line,
    "name  0:01 (Otter)": otter,
    "HTML speaker element": html_spans,
    "Word, bold name:": docx_bold,
    "Word, bold name on its own line": docx_bold_own_line,
    "ODT, bold name:": odt_bold,
    "WebVTT voices": vtt_voices,
}
