"""The words of a passage for the suggestion model, and where in a text not to suggest.

Crude English stems without a language pipeline (so the first suggestions do not wait
for spaCy to load), codebook keywords found by their stem sequences, and the spans
(front matter, references, page furniture) where suggestions make no sense.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from workbench.nlp.kinds import furniture_lines, reference_sections

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

WORD = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]")
_SUFFIXES = (
    ("ational", "ate"),
    ("isation", "ise"),
    ("ization", "ize"),
    ("ations", ""),
    ("ation", ""),
    ("ities", "ity"),
    ("ies", "y"),
    ("ied", "y"),
    ("ing", ""),
    ("ers", ""),
    ("er", ""),
    ("ed", ""),
    ("es", ""),
    ("ly", ""),
    ("s", ""),
)
STOPWORDS = """a about above after again against all am an and any are as at be because been
    before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves also us one"""
STOP = frozenset(STOPWORDS.split())


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude English stem: enough for "copied"/"copy", "open days"/"open day", "adapting"."""
    w = word.lower().replace("’", "'").removesuffix("'s")
    if len(w) <= 4:
        return w.removesuffix("s") if len(w) == 4 and w.endswith("s") and w[-2] != "s" else w
    for suffix, repl in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)] + repl
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":  # "stopp" -> "stop"
        w = w[:-1]
    return w.removesuffix("e") if len(w) > 4 else w


def tokens(text: str) -> list[str]:
    """The stems of ``text``'s words, stop words left out."""
    return list(stems(text)[1])


@lru_cache(maxsize=32768)
def stems(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``text``'s stems: all of them (keywords may hold stop words), and without stop words.

    Cached: training reads each sentence four times (as a passage, as the context of the
    sentences before and after it, and for its keywords)."""
    words = WORD.findall(text.lower())
    every = tuple(stem(w) for w in words)
    return every, tuple(s for w, s in zip(words, every, strict=True) if w not in STOP)


def keyword_hits(text: str, keywords: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Codes whose keywords (stem sequences) occur in ``text``: code -> the keywords found."""
    return KeywordIndex(keywords).hits(text)


class KeywordIndex:
    """Keywords by their stem sequences ("open day" -> "open day"), so that finding every
    code's keywords in a passage is one look-up per word sequence of the passage, not one
    search per keyword (training looks in every coded passage)."""

    def __init__(self, keywords: Mapping[str, Sequence[str]]) -> None:
        self.index: dict[str, list[tuple[str, str]]] = {}
        self.longest = 0
        for code, words in keywords.items():
            for kw in words:
                stems = [stem(w) for w in WORD.findall(kw.lower())]
                if stems:
                    self.index.setdefault(" ".join(stems), []).append((code, kw))
                    self.longest = max(self.longest, len(stems))

    def hits(self, text: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        if not self.index:
            return out
        found_stems = stems(text)[0]
        for n in range(1, self.longest + 1):
            for i in range(len(found_stems) - n + 1):
                for code, kw in self.index.get(" ".join(found_stems[i : i + n]), ()):
                    found = out.setdefault(code, [])
                    if kw not in found:
                        found.append(kw)
        return out


_FRONT_HEADING = re.compile(
    r"^[ \t#*]*(?:\d{1,2}\.?[ \t]+)?(?:abstract|summary|introduction|background|executive"
    r"[ \t]+summary)[ \t*]*[:.]?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_BOILERPLATE = re.compile(
    r"creative[ \t]+commons|\blicen[cs]ed?\b|copyright|©|\bdoi\b|https?://|www\.|\bissn\b|"
    r"^[ \t]*(?:received|accepted|published online|correspondence|corresponding author|"
    r"keywords?)\b|\S+@\S+\.\w",
    re.IGNORECASE | re.MULTILINE,
)


def skipped_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` spans where suggestions make no sense: front matter, references, furniture.

    Front matter is what comes before an "Abstract" / "Introduction" heading in the first
    quarter of the text, and any line that reads as publishing boilerplate (licence,
    copyright, DOI, addresses) in the first quarter.
    """
    spans = [*reference_sections(text), *furniture_lines(text)]
    quarter = max(len(text) // 4, 1)
    heading = _FRONT_HEADING.search(text, 0, quarter)
    if heading is not None and heading.start() > 0:
        spans.append((0, heading.start()))
    for m in _BOILERPLATE.finditer(text, 0, quarter):
        a = text.rfind("\n", 0, m.start()) + 1
        b = text.find("\n", m.end())
        spans.append((a, len(text) if b < 0 else b))
    return sorted(spans)
