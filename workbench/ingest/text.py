"""Decoding bytes and normalising text, so stored offsets never drift.

Coders' spans are offsets into the stored text, so the text must be fixed once,
at import, and be the same whichever format it came from. ``normalise_text`` does
that and is idempotent: normalising stored text again changes nothing, which is
what lets offsets survive a re-import or an export/import round trip.

The rules, in order:

1. Newlines: ``\\r\\n``, ``\\r``, NEL, LINE SEPARATOR, vertical tab and form feed
   become ``\\n``; PARAGRAPH SEPARATOR becomes a blank line.
2. Control characters (Unicode ``Cc``) are removed except ``\\n`` and ``\\t``;
   so are stray byte-order marks (U+FEFF) and lone surrogates, which could not
   be stored as UTF-8.
3. Unicode NFC, so "é" typed two ways is one string and one offset.
4. Trailing whitespace of each line is removed (invisible, and editors disagree
   about it).
5. Runs of more than two blank lines are collapsed to exactly two. One blank line
   separates paragraphs and a double gap often marks a section break, so both are
   kept; longer runs are layout noise (page breaks, copy-paste) that would only
   make empty stretches for coders to select.
6. Blank lines at the start and the end of the text are dropped, and the text has
   no trailing newline.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import TYPE_CHECKING

from workbench.core.errors import InputError

if TYPE_CHECKING:
    from pathlib import Path

_NEWLINES = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028]")
_REMOVED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ud800-\udfff]")
_MANY_BLANK_LINES = re.compile(r"\n{4,}")

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Fraction of control characters (other than tab/newline/CR/FF/VT/ESC) above which
# a file is taken for binary rather than text with a few stray control bytes.
_BINARY_CONTROL_RATIO = 0.05
_SNIFF_CHARS = 65536
_CONTROL_DELETER = dict.fromkeys(
    [c for c in range(32) if chr(c) not in "\t\n\r\x0b\x0c\x1b"] + [0x7F]
)


def _looks_binary(sample: str) -> bool:
    if "\x00" in sample:
        return True
    if not sample:
        return False
    # Deleting the allowed characters and counting what shrinks runs in C, not per character.
    controls = len(sample) - len(sample.translate(_CONTROL_DELETER))
    return controls / len(sample) > _BINARY_CONTROL_RATIO


# Non-ASCII characters that ordinary Western text in Windows-1252 is made of.
_WESTERN_PUNCTUATION = frozenset("\xa0’‘“”„–—…€£¥©®°•·«»§¶¢±×÷½¼¾¹²³ªº")
_MAX_WESTERN_SHARE = 0.3


def _plausible_cp1252(data: bytes) -> str | None:
    """``data`` decoded as Windows-1252 if it reads like Western European text.

    charset-normalizer often misnames short French or German files (as Mac
    Latin-2 or cp1006), and Windows-1252 is by far the most common legacy
    encoding of the interviews this tool imports. So it is tried first, but only
    accepted when every non-ASCII character is a letter or common typography and
    such letters are a minority of all letters, which Cyrillic, Greek or Polish
    text decoded this way is not.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = 0
    foreign = 0
    previous = " "
    for ch in text:
        if ch.isalpha():
            letters += 1
            if ch > "\x7f":
                foreign += 1
        elif (
            ch > "\x7f"
            and ch not in _WESTERN_PUNCTUATION
            and (ch not in "¿¡" or previous.isalpha())
        ):
            return None
        previous = ch
    if letters == 0 or foreign > letters * _MAX_WESTERN_SHARE:
        return None
    return text


def decode_bytes(
    data: bytes, *, path: Path | str | None = None, declared: str | None = None
) -> tuple[str, str]:
    """Decode file bytes to ``(text, encoding name)``.

    Order: a byte-order mark wins; then strict UTF-8 (what almost everything is
    today); then ``declared`` (an HTML ``<meta charset>`` or similar) if it decodes
    strictly; then Windows-1252 if the result reads as Western European text (see
    ``_plausible_cp1252``); then charset-normalizer's best guess. A NUL byte or a
    high share of control characters means the file is not text at all ("looks
    binary"), which is a better message than mojibake; UTF-16 without a BOM is
    reported that way too (its NUL bytes are indistinguishable from binary).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(byte {exc.start + len(bom)})",
                    path=path,
                ) from None
            if _looks_binary(text[:_SNIFF_CHARS]):
                raise InputError("looks binary, not text", path=path)
            return text, encoding

    if b"\x00" in data or _looks_binary(data[:_SNIFF_CHARS].decode("latin-1")):
        raise InputError("looks binary, not text", path=path)

    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass

    if declared:
        try:
            codec = codecs.lookup(declared).name
            return data.decode(codec), codec
        except (LookupError, UnicodeDecodeError):
            pass

    western = _plausible_cp1252(data)
    if western is not None:
        return western, "cp1252"

    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(
            "cannot tell the text encoding (not UTF-8, and no other encoding fits); "
            "re-save the file as UTF-8",
            path=path,
        )
    return str(best), best.encoding


def normalise_text(text: str) -> str:
    """Apply the module's normalisation rules; idempotent."""
    text = _NEWLINES.sub("\n", text).replace("\u2029", "\n\n")
    text = _REMOVED.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = _MANY_BLANK_LINES.sub("\n\n\n", text)
    return text.strip("\n")


def require_text(text: str, *, path: Path | str | None = None, what: str = "text") -> str:
    """Fail with "empty" when nothing but whitespace is left; return ``text``."""
    if not text.strip():
        raise InputError(f"empty: the file has no {what}", path=path)
    return text


def paragraph_spans(text: str) -> tuple[tuple[int, int], ...]:
    """``[start, end)`` of each blank-line separated block of ``text``.

    A block starts at its first non-whitespace character and ends after its last
    one, so a paragraph span never begins or ends on indentation or a newline.
    """
    spans: list[tuple[int, int]] = []
    start: int | None = None
    end = 0
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            if start is None:
                start = pos + (len(line) - len(line.lstrip()))
            end = pos + len(line.rstrip())
        elif start is not None:
            spans.append((start, end))
            start = None
        pos += len(line) + 1
    if start is not None:
        spans.append((start, end))
    return tuple(spans)


def decode_text_file(
    data: bytes, *, path: Path | str | None = None, declared: str | None = None
) -> tuple[str, str]:
    """Decode and normalise a text file; fail if nothing but whitespace is left."""
    raw, encoding = decode_bytes(data, path=path, declared=declared)
    text = require_text(normalise_text(raw), path=path)
    return text, encoding
