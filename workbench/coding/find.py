"""Finding words in a text: exact, regular-expression and fuzzy matching, and their context.

Pure: text in, ``(start, end)`` character offsets out. The search service narrows
the documents with the project's full-text index first and then runs the same
pattern built here over each candidate's text, so the index only has to find a
superset of what matches, and what the user sees is always what the pattern says.

Three modes, one rule for each:

* ``exact``: the words of the query in order, case-insensitive, each matched from
  the start of a word (``innovat`` finds "innovation", not "renovate"); anything
  that is not a letter or digit between them matches any run of non-word
  characters, so "learning scheme" finds "learning-scheme" and a line break.
* ``regex``: a Python regular expression, case-insensitive unless it has capitals
  (as in ripgrep's smart case).
* ``fuzzy``: every word of the query stands for itself and the words of the text
  that read like it (rapidfuzz ratio >= ``min_score``, default 80: one letter in
  five may differ); the variants are found in the project's vocabulary, then
  matched exactly, so a fuzzy search is as fast as an exact one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

MODES = ("exact", "regex", "fuzzy")
WORD = re.compile(r"\w+")
GAP = r"[\W_]+"
SPACE = re.compile(r"\s+")
WORD_CHAR = re.compile(r"\w")
FUZZY_MIN_SCORE = 80.0
MAX_VARIANTS = 40  # per query word: beyond this the fuzzy pattern says little


class QueryError(ValueError):
    """The query cannot be searched for (empty, a bad regular expression)."""


@dataclass(frozen=True, slots=True)
class Pattern:
    """A compiled query: the regex to run over texts and the words the index must contain."""

    mode: str
    query: str
    regex: re.Pattern[str]
    words: tuple[tuple[str, ...], ...]
    """Per query word, the index terms any of which a matching document contains
    (empty: the index cannot narrow this query; every document is scanned)."""
    prefix_last: bool = True
    variants: tuple[tuple[str, ...], ...] = ()
    """Fuzzy mode: the words of the text taken for each query word (for the note shown)."""
    folded: bool = False
    """Run ``regex`` over the lower-cased text: a plain pattern there is ten times
    faster than a case-insensitive one with a look-behind over the text as it is."""
    word_start: bool = False
    """A match must start a word (checked on each match, not in the pattern)."""


def query_words(query: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(query)]


def _smart_case(query: str) -> bool:
    """Whether a regular expression is case-sensitive: it has a capital outside escapes."""
    return any(ch.isupper() for ch in re.sub(r"\\.", "", query))


def compile_query(
    query: str,
    mode: str = "exact",
    *,
    vocabulary: Iterable[str] | None = None,
    min_score: float = FUZZY_MIN_SCORE,
) -> Pattern:
    """Build the pattern for ``query``; fuzzy mode needs the ``vocabulary`` to draw from."""
    if mode not in MODES:
        raise QueryError(f"unknown search mode {mode!r} (one of {', '.join(MODES)})")
    if not query.strip():
        raise QueryError("nothing to search for: the query is empty")
    if mode == "regex":
        sensitive = _smart_case(query)
        try:
            # No capitals: run as written over the lower-cased text (the fast way to ignore case)
            regex = re.compile(query, re.MULTILINE)
        except re.error as exc:
            raise QueryError(f"bad regular expression {query!r}: {exc}") from None
        if regex.match(""):  # matches everywhere: hits of length 0 mean nothing
            raise QueryError(f"the regular expression {query!r} matches empty text")
        return Pattern(mode, query, regex, (), folded=not sensitive)
    words = query_words(query)
    if mode == "exact":
        if not words:  # punctuation only ("?!", "$"): a literal, and a full scan
            return Pattern(mode, query, re.compile(re.escape(query.strip())), ())
        body = GAP.join(re.escape(w.lower()) for w in words)
        return Pattern(
            mode,
            query,
            re.compile(rf"{body}\w*"),
            tuple((w,) for w in words),
            folded=True,
            word_start=True,
        )
    if not words:
        raise QueryError(f"a fuzzy search needs words: {query!r} has none")
    vocab = sorted(set(vocabulary or ()))
    variants = [fuzzy_variants(w, vocab, min_score=min_score) for w in words]
    parts = [
        "(?:" + "|".join(re.escape(v.lower()) for v in sorted(vs, key=len, reverse=True)) + ")"
        for vs in variants
    ]
    regex = re.compile(rf"{GAP.join(parts)}(?!\w)")
    return Pattern(
        mode,
        query,
        regex,
        tuple(tuple(vs) for vs in variants),
        prefix_last=False,
        variants=tuple(tuple(vs) for vs in variants),
        folded=True,
        word_start=True,
    )


def fuzzy_variants(word: str, vocabulary: list[str], *, min_score: float) -> list[str]:
    """The word itself and the vocabulary's words that read like it, closest first."""
    from rapidfuzz import fuzz, process

    found = process.extract(
        word,
        vocabulary,
        scorer=fuzz.ratio,
        score_cutoff=min_score,
        limit=MAX_VARIANTS,
    )
    out = [word]
    out.extend(v for v, _score, _i in found if v != word)
    return out


def find_all(pattern: Pattern, text: str) -> Iterator[tuple[int, int]]:
    """Every non-overlapping match of ``pattern`` in ``text``, in order."""
    regex = pattern.regex
    haystack = text
    if pattern.folded:
        haystack = text.lower()
        if len(haystack) != len(text):  # a rare letter lower-cases to two: offsets would move
            haystack = text
            regex = re.compile(regex.pattern, regex.flags | re.IGNORECASE)
    if pattern.word_start:
        yield from _word_start_matches(regex, haystack)
        return
    search = regex.search
    pos = 0
    while True:
        m = search(haystack, pos)
        if m is None:
            return
        a, b = m.span()
        if b > a:
            yield a, b
            pos = b
        else:
            pos = a + 1


def _word_start_matches(regex: re.Pattern[str], haystack: str) -> Iterator[tuple[int, int]]:
    """The matches that start a word, as the search-again loop finds them, faster.

    ``finditer`` goes on from each match's end, as that loop does; only when a match
    starts inside a word must the search start again one character on (a match that
    starts a word may begin inside the refused one). The patterns built for the
    exact and fuzzy modes never match empty text.
    """
    is_word = WORD_CHAR.match
    pos = 0
    while True:
        for m in regex.finditer(haystack, pos):
            a = m.start()
            if a > 0 and is_word(haystack, a - 1):
                pos = a + 1
                break
            yield a, m.end()
        else:
            return


def snippet(text: str, start: int, end: int, *, width: int = 40) -> tuple[str, str, str]:
    """``(before, match, after)`` for a keyword-in-context line.

    Line breaks become spaces, a cut side starts or ends with "…" (so a reader knows
    the words go on), and a cut falls between words where one is near.
    """

    a = max(0, start - width)
    b = min(len(text), end + width)
    before = text[a:start]
    after = text[end:b]
    if a > 0:
        cut = before.find(" ")
        if 0 <= cut < len(before) // 2:
            before = before[cut + 1 :]
    if b < len(text):
        cut = after.rfind(" ")
        if cut > len(after) // 2:
            after = after[:cut]
    before, match, after = (SPACE.sub(" ", part) for part in (before, text[start:end], after))
    if a > 0:
        before = "…" + before
    if b < len(text):
        after += "…"
    return before, match, after
