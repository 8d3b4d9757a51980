"""Plain text and markdown: the text as written, with paragraphs and turns found.

Markdown is kept verbatim (no rendering): researchers code what they wrote, and
markup such as ``**Interviewer:**`` is understood by the turn detector. A first
line ``# Heading`` becomes the title.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from workbench.ingest.assemble import prose_document
from workbench.ingest.text import decode_bytes, decode_text_file

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.ingest.extracted import ExtractedText

_ATX_TITLE = re.compile(r"#[ \t]+(?P<title>[^\n]+?)(?:[ \t]+#+)?[ \t]*(?:\n|\Z)")


def read_plain(data: bytes, path: Path) -> ExtractedText:
    """A ``.txt`` file (normalised once, by ``prose_document``)."""
    raw, encoding = decode_bytes(data, path=path)
    return prose_document(raw, path=path, metadata={"encoding": encoding})


def read_markdown(data: bytes, path: Path) -> ExtractedText:
    """A ``.md`` file; the title is a level-1 heading on the first line, if any."""
    text, encoding = decode_text_file(data, path=path)
    match = _ATX_TITLE.match(text.lstrip())
    title = match.group("title") if match else None
    return prose_document(text, path=path, title=title, metadata={"encoding": encoding})
