"""Rich Text Format files via striprtf.

striprtf turns ``\\par`` into one newline; here every paragraph becomes a
blank-line separated block like in the other formats, while a manual line break
(``\\line``) stays a single newline inside its paragraph. Table cells come out
separated by ``|`` and each row is its own paragraph. Title, author and the
other ``{\\info}`` fields, which striprtf discards, are read separately.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from workbench.core.errors import InputError
from workbench.ingest.assemble import prose_document
from workbench.ingest.files import one_line
from workbench.ingest.text import decode_bytes

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from workbench.ingest.extracted import ExtractedText

# \line -> U+2028 (LINE SEPARATOR) via an RTF unicode escape in its own group, so it
# survives striprtf as a character distinct from \par and is turned back into "\n"
# by normalisation.
_LINE = re.compile(r"(?<!\\)\\line(?![A-Za-z])(?:-?\d+)? ?")
_LINE_ESCAPE = r"{\\uc1\\u8232?}"
_SOFT_HYPHEN = re.compile(r"(?<!\\)\\-")
_INFO_FIELD = re.compile(
    r"\{\\(?P<key>title|subject|author|operator|keywords|doccomm|company)\b ?"
    r"(?P<value>(?:[^{}\\]|\\.|\{(?:[^{}\\]|\\.)*+\})*+)\}"
)
_CREATED = re.compile(
    r"\{\\creatim\\yr(?P<y>\d{4})\\mo(?P<mo>\d{1,2})\\dy(?P<d>\d{1,2})"
    r"(?:\\hr(?P<h>\d{1,2}))?(?:\\min(?P<mi>\d{1,2}))?"
)
_INFO_KEYS = {
    "title": "title",
    "subject": "subject",
    "author": "author",
    "operator": "last_modified_by",
    "keywords": "keywords",
    "doccomm": "description",
    "company": "company",
}


def _to_text(rtf: str) -> str:
    """striprtf's converter; undecodable bytes become U+FFFD rather than an error."""
    from striprtf.striprtf import rtf_to_text

    convert = cast("Callable[..., str]", rtf_to_text)
    return convert(rtf, errors="replace")


def _info(raw: str) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for match in _INFO_FIELD.finditer(raw):
        key = _INFO_KEYS[match.group("key")]
        if key not in found:
            found[key] = _to_text("{\\rtf1 " + match.group("value") + "}")
    created = _CREATED.search(raw)
    if created:
        hour, minute = created.group("h"), created.group("mi")
        stamp = f"{created['y']}-{int(created['mo']):02d}-{int(created['d']):02d}"
        if hour is not None:
            stamp += f"T{int(hour):02d}:{int(minute or 0):02d}"
        found["created"] = stamp
    return found


def read_rtf(data: bytes, path: Path) -> ExtractedText:
    """An ``.rtf`` file: text with paragraphs, turns and ``{\\info}`` metadata."""
    raw, _ = decode_bytes(data, path=path)
    if not raw.lstrip().startswith("{\\rtf"):
        raise InputError("not an RTF file (it does not start with {\\rtf)", path=path)
    try:
        # "\-" is an optional (soft) hyphen and "\~" a no-break space: neither is a
        # letter of the text, and a soft hyphen left in splits words for search
        text = _to_text(_SOFT_HYPHEN.sub("", _LINE.sub(_LINE_ESCAPE, raw)).replace("\\~", " "))
        text = text.replace("\u00ad", "")
        info = _info(raw)
    except Exception as exc:  # striprtf raises whatever its regexes and codecs raise
        raise InputError(f"cannot read this RTF ({one_line(exc)})", path=path) from None
    text = text.replace("\r\n", "\n").replace("\n", "\n\n")
    title = info.pop("title", None)
    return prose_document(text, path=path, title=title, metadata=info)
