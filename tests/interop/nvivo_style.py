"""A generated NVivo-style export: social-media comments with emoji, positions in UTF-16 units.

NVivo writes ``startPosition``/``endPosition`` in UTF-16 code units, so every
character outside the Basic Multilingual Plane counts two. This builds such a
file from a seeded generator with the phenomena of real comment threads: emoji
in the middle and at the end of comments, skin-tone modifiers and flags (pairs of
astral characters), zero-width-joiner sequences, BMP symbols (which count one
either way), accented words, optional Windows line ends; codings of whole words,
phrases and whole comments, a few of them cutting a word as a hurried coder's
selection does. Each coding remembers the passage it was meant to cover, so a
test can count how many land exactly there.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

from tests.interop.conftest import make_qdpx

WORDS = tuple(
    " ".join(
        (
            "council bus route closed again why nobody asked us the residents this is",
            "great news finally someone listened café opening hours changed school run",
            "chaos parking fines naïve planners think cycling lanes fix everything my",
            "kids love the new park thanks volunteers brilliant event shame about the",
            "rain déjà vu same meeting same promises",
        )
    ).split()
)
EMOJI = ["😀", "🎉", "👍🏽", "🇬🇧", "👩\u200d💻", "😡", "🚌", "❤", "✔", "🙄", "💯", "🌧"]
CODES = ("Complaint", "Praise", "Transport", "Consultation")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Coded:
    source: str
    start: int  # code points into the source's text (LF form)
    end: int
    code: str

    def passage(self, texts: dict[str, str]) -> str:
        return texts[self.source][self.start : self.end]


@dataclass
class NvivoStyleExport:
    data: bytes
    texts: dict[str, str]  # source guid -> text with LF line ends (what the workbench stores)
    codings: list[Coded] = field(default_factory=list)
    code_guids: dict[str, str] = field(default_factory=dict)


def _comment(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 22))]
    for _ in range(rng.randint(0, 3)):
        words.insert(rng.randint(0, len(words)), rng.choice(EMOJI))
    words[0] = words[0].capitalize()
    text = " ".join(words)
    return text + rng.choice([".", "!", " " + rng.choice(EMOJI), "?!"])


def _word_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], None
    for i, ch in enumerate(text + " "):
        if ch.isalnum() and start is None:
            start = i
        elif not ch.isalnum() and start is not None:
            spans.append((start, i))
            start = None
    return spans


def build(
    *,
    seed: int = 7,
    sources: int = 4,
    comments: int = 30,
    windows: bool = False,
    origin: str = "NVivo for Mac 12.6.1",
    utf16: bool = True,
    sloppy: float = 0.02,
) -> NvivoStyleExport:
    rng = random.Random(seed)
    user = str(uuid.UUID(int=rng.getrandbits(128)))
    code_guids = {c: str(uuid.UUID(int=rng.getrandbits(128))) for c in CODES}
    texts: dict[str, str] = {}
    codings: list[Coded] = []
    files: dict[str, bytes] = {}
    xml_sources = []
    for n in range(sources):
        guid = str(uuid.UUID(int=rng.getrandbits(128)))
        lines = [f"@user{rng.randint(1, 999)}: {_comment(rng)}" for _ in range(comments)]
        text = "\n".join(lines)
        texts[guid] = text
        written = text.replace("\n", "\r\n") if windows else text
        files[f"sources/{guid}.txt"] = written.encode("utf-8")
        words = _word_spans(text)
        selections = []
        for _ in range(rng.randint(comments, 2 * comments)):
            kind = rng.random()
            if kind < 0.3:  # a whole comment, with its emoji
                line = rng.randrange(len(lines))
                start = sum(len(x) + 1 for x in lines[:line])
                end = start + len(lines[line])
            else:  # a run of words
                i = rng.randrange(len(words))
                j = min(len(words) - 1, i + rng.randint(0, 8))
                start, end = words[i][0], words[j][1]
            if rng.random() < sloppy and end - start > 3:
                end -= 1  # the hurried selection that cuts the last word
            code = rng.choice(CODES)
            codings.append(Coded(guid, start, end, code))
            prefix_start, prefix_end = (
                written[: _written(text, start, windows)],
                written[: _written(text, end, windows)],
            )
            count = utf16_len if utf16 else len
            s, e = count(prefix_start), count(prefix_end)
            sel_guid = str(uuid.UUID(int=rng.getrandbits(128)))
            selections.append(
                f'<PlainTextSelection guid="{sel_guid}" startPosition="{s}" endPosition="{e}" '
                f'creatingUser="{user}"><Coding guid="{uuid.UUID(int=rng.getrandbits(128))}" '
                f'creatingUser="{user}"><CodeRef targetGUID="{code_guids[code]}"/></Coding>'
                "</PlainTextSelection>"
            )
        xml_sources.append(
            f'<TextSource guid="{guid}" name={quoteattr(f"Comments {n + 1}")} '
            f'plainTextPath="internal://{guid}.txt" creatingUser="{user}">'
            + "".join(selections)
            + "</TextSource>"
        )
    codes = "".join(
        f'<Code guid="{g}" name="{name}" isCodable="true"/>' for name, g in code_guids.items()
    )
    qde = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<Project name="Comments" origin={quoteattr(origin)} xmlns="urn:QDA-XML:project:1.0">'
        f'<Users><User guid="{user}" name="coder" id="C"/></Users>'
        f"<CodeBook><Codes>{codes}</Codes></CodeBook>"
        f"<Sources>{''.join(xml_sources)}</Sources></Project>"
    )
    return NvivoStyleExport(make_qdpx(qde, files), texts, codings, code_guids)


def _written(text: str, offset: int, windows: bool) -> int:
    """The offset in the written file (CRLF line ends) of ``offset`` in the LF text."""
    return offset + (text.count("\n", 0, offset) if windows else 0)
