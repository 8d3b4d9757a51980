"""Sentence boundaries: spaCy's rule-based sentencizer, without a Python loop per token.

spaCy's ``sentencizer`` looks at every token from Python, which on its own costs
a fifth of the tokenizer's time; over five million words that matters. This
component applies the same rule: a sentence starts at the first word after a
sentence-final character ("." "!" "?" and the others spaCy lists), skipping
closing quotes and brackets; a test checks it agrees with spaCy's. Two deliberate
differences:

* A blank line (a whitespace token with two or more line breaks) also ends a
  sentence, because transcripts often end a speaker's turn without a full stop
  and a turn is never one sentence with the next. ``paragraph_breaks=False``
  turns this off.
* A sentence starts at a word, never at whitespace: the line break after "Yes."
  belongs to the sentence it ends. ``sentence_offsets`` trims whitespace anyway.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Iterable

    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

SENTENCIZER = "workbench_sentencizer"


class ParagraphSentencizer:
    """Pipeline component setting ``Token.is_sent_start`` for every token.

    Whether a token ends a sentence, or is no word at all (punctuation, space), is
    a property of its word, so it is kept as two lexeme flags of the vocabulary,
    computed once per word. A Doc then needs one ``to_array`` and a Python loop
    over its few non-word tokens only.
    """

    def __init__(
        self,
        vocab: Vocab,
        name: str = "sentencizer",
        *,
        punct_chars: Iterable[str] | None = None,
        overwrite: bool = False,
        paragraph_breaks: bool = True,
    ) -> None:
        from spacy.attrs import IS_PUNCT, IS_SPACE, SENT_START
        from spacy.pipeline import Sentencizer

        self.name = name
        self.punct_chars = frozenset(punct_chars or Sentencizer.default_punct_chars)
        self.overwrite = overwrite
        self.paragraph_breaks = paragraph_breaks
        is_punct = vocab.lex_attr_getters[IS_PUNCT]
        is_space = vocab.lex_attr_getters[IS_SPACE]

        def ends(word: str) -> bool:
            return word in self.punct_chars or (paragraph_breaks and _is_blank_line(word))

        def no_word(word: str) -> bool:
            return ends(word) or bool(is_punct(word)) or bool(is_space(word))

        self._attrs = [vocab.add_flag(ends), vocab.add_flag(no_word), SENT_START]
        self._sent_start = SENT_START

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        a = doc.to_array(self._attrs).reshape(n, 3)
        others = a[:, 1].nonzero()[0]
        starts = [0]
        pending = False  # a sentence has ended; the next word starts one
        last = -1
        for i, ends in zip(others.tolist(), a[others, 0].tolist(), strict=True):
            if pending and i > last + 1:
                starts.append(last + 1)
                pending = False
            pending = pending or bool(ends)
            last = i
        if pending and last + 1 < n:
            starts.append(last + 1)
        values = np.full(n, -1, dtype=np.int64).view(np.uint64)
        values[starts] = 1
        current = a[:, 2]
        if not self.overwrite and np.count_nonzero(current):
            values = np.where(current != 0, current, values)
        doc.from_array([self._sent_start], values.reshape(n, 1))
        return doc


def _is_blank_line(word: str) -> bool:
    return word.count("\n") >= 2 and word.isspace()


def make_sentencizer(
    nlp: Language,
    name: str,
    punct_chars: list[str] | None,
    overwrite: bool,
    paragraph_breaks: bool,
) -> ParagraphSentencizer:
    """spaCy factory for ``workbench_sentencizer`` (registered by ``workbench.nlp.pipeline``)."""
    return ParagraphSentencizer(
        nlp.vocab,
        name,
        punct_chars=punct_chars,
        overwrite=overwrite,
        paragraph_breaks=paragraph_breaks,
    )


# -- the rules of written text, applied to the sentencizer's boundaries ----------------------
#
# The sentencizer ends a sentence at every "." or "?" and starts the next at the
# next word. Real text needs more: abbreviations ("et al.", "pp.", "c.f.", "Dr",
# "No. 3"), an opening quote or bracket that belongs to the sentence it opens, list
# bullets, an ellipsis before a new sentence, and speaker turns that end without a
# full stop. Each rule below is one regular expression over the whole text that
# finds the (few) places it applies, so the common case costs nothing extra.

_OPENERS = "([\"'“‘"
_CLOSERS = ")]\"'’”"
# A word that follows a full stop but starts in lower case or with a digit does not
# start a sentence ("et al. (2004, pp. 531-553) describe", "c.f. the", "3 p.m. on").
# A square bracket after a full stop opens an annotation ("[laughs]") that starts
# the next sentence, whatever its case.
_NO_START_LOWER = re.compile(
    rf"[.!?][{re.escape(_CLOSERS)}]*[ \t]*\n?[ \t]*[(\"'“‘]*(?P<p>[a-z0-9£$€%])"
)
# "al.," "pp.;" and the like: a sentence never ends just before a comma.
_NO_START_PUNCT = re.compile(r"\.[,;:][ \t]*\n?[ \t]*[(\[]*(?P<p>\w)")
# Titles before a name, and Latin abbreviations, never end a sentence; a label
# ("Fig. 1", "No. 3", "App. B", "Vol. IV") does not end one before its number or
# letter, but "App. B. It is short" ends after the letter. ("No. I did not" is an
# answer and a new sentence: after "No." only a number.) Found from each full stop
# and the word before it, which is much faster than a regular expression per word.
_TITLES = frozenset(
    {"dr", "mr", "mrs", "ms", "mx", "prof", "st", "mt", "ft", "rev", "revd", "hon", "sr", "jr",
     "gen", "col", "capt", "lt", "sgt", "cllr", "mme", "mlle", "messrs", "e.g", "i.e", "c.f",
     "cf", "viz", "vs", "cp", "ca", "approx", "incl", "esp", "resp", "pers", "comm", "ed",
     "eds", "trans", "repr"}
)  # fmt: skip
_LABELS = frozenset(
    {"app", "fig", "figs", "vol", "vols", "ch", "chap", "sec", "sect", "para", "pp", "p",
     "col", "eq", "ref", "tab", "art", "pt", "ex", "item", "op"}
)  # fmt: skip
_NUMBER_LABELS = frozenset({"no", "nos"})
_PERIOD = re.compile(r"\.[ \t]*\n?[ \t]*(?P<open>[(\[\"'“‘]*)(?=\S)")
_IDENT = re.compile(r"(?:[A-Za-z0-9]{1,3}|[IVXLCivxlc]{1,5})(?![\w'’])")
_IDENT_END = re.compile(r"\.[ \t]+(?P<p>[\"“‘(\[]?[A-Z])")


def _word_before(text: str, i: int) -> tuple[str, int]:
    """The word (letters and inner full stops) that ends at ``text[i]``, and its start."""
    j = i
    while j > 0 and (text[j - 1].isalpha() or (text[j - 1] == "." and j - 1 < i)):
        j -= 1
    return text[j:i], j


def _abbreviation_rules(text: str, current: set[int], removed: set[int], added: set[int]) -> None:
    for m in _PERIOD.finditer(text):
        i = m.start()
        word, j = _word_before(text, i)
        if not word or (j > 0 and (text[j - 1].isalnum() or text[j - 1] == ".")):
            continue
        key = word.lower()
        p = m.end()
        if key in _TITLES or (key == "al" and text[max(0, j - 3) : j].lower() == "et "):
            if p in current:
                removed.add(p)
            continue
        if m.group("open"):
            continue
        if key in _LABELS or (key in _NUMBER_LABELS and text[p : p + 1].isdigit()):
            ident = _IDENT.match(text, p)
        else:
            continue
        if ident is None:
            continue
        if p in current:
            removed.add(p)
        after = _IDENT_END.match(text, ident.end())
        if after is not None:
            added.add(after.start("p"))


_ELLIPSIS_START = re.compile(r"(?:\.\.\.|…)[ \t]*\n?[ \t]*(?P<p>[\"“‘'(\[]?[A-Z])")
_BULLET_START = re.compile(
    r"^[ \t]*(?P<p>(?:[-–—•*·▪◦‣]|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})\)|\d{1,2}\.)[ \t]+)"
    r"(?P<w>\S)",
    re.MULTILINE,
)
_NO_START = (_NO_START_LOWER, _NO_START_PUNCT)


def refine_starts(text: str, starts: list[int], breaks: Iterable[int] = ()) -> list[int]:
    """The sentencizer's sentence starts, corrected by the rules of written text.

    ``starts`` are character offsets of sentence starts (the first at or near 0),
    ``breaks`` more offsets where a sentence must start (speaker turns). Returns the
    sorted starts, each at a word or at the opening quote, bracket or bullet before it.
    """
    current = set(starts)
    removed: set[int] = set()
    for pattern in _NO_START:
        for m in pattern.finditer(text):
            p = m.start("p")
            if p in current:
                removed.add(p)
    added: set[int] = set()
    _abbreviation_rules(text, current, removed, added)
    for m in _ELLIPSIS_START.finditer(text):
        added.add(m.start("p"))
    for m in _BULLET_START.finditer(text):
        added.add(m.start("p"))
        removed.add(m.start("w"))
    added.update(b for b in breaks if 0 < b < len(text))
    kept = (current - removed) | added
    # the opening quote or bracket belongs to the sentence it opens
    moves: dict[int, int] = {}
    for s in [s for s in kept if s and text[s - 1] in _OPENERS]:
        o = s
        while o > 0 and text[o - 1] in _OPENERS:
            o -= 1
        if o == 0 or text[o - 1].isspace():
            moves[s] = o
    if not moves and kept == current:
        return starts
    out: list[int] = []
    for s in sorted(kept):
        s = moves.get(s, s)
        if not out or s > out[-1]:
            out.append(s)
    return out


def refined_offsets(
    text: str, spans: list[tuple[int, int]], breaks: Iterable[int] = ()
) -> list[tuple[int, int]]:
    """``spans`` (from ``sentence_offsets``) re-cut with ``refine_starts``."""
    if not spans:
        return spans
    first = [s for s, _ in spans]
    starts = refine_starts(text, first, breaks)
    if starts is first:  # nothing to correct: the common case
        return spans
    bounds = [*starts, len(text)]
    out: list[tuple[int, int]] = []
    for s, e in itertools.pairwise(bounds):
        piece = text[s:e]
        stripped = piece.strip()
        if stripped:
            s += len(piece) - len(piece.lstrip())
            out.append((s, s + len(stripped)))
    return out


def sentence_offsets(doc: Doc, text: str | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` character offsets of each sentence, without edge whitespace.

    Between two sentences there is only whitespace, so the spans tile the text.
    ``text`` is ``doc.text`` if the caller has it (building it costs more than
    this function).
    """
    from spacy.attrs import SENT_START

    if text is None:
        text = doc.text
    n = len(doc)
    if n == 0:
        return []
    if "sents" in doc.user_hooks:
        bounds = [(s.start_char, s.end_char) for s in doc.sents]
    elif not doc.has_annotation("SENT_START"):  # no sentencizer, no parser: one sentence
        bounds = [(0, len(text))]
    else:
        firsts = (doc.to_array([SENT_START]).reshape(n) == 1).nonzero()[0].tolist()
        if not firsts or firsts[0] != 0:
            firsts.insert(0, 0)
        chars = [doc[i].idx for i in firsts] + [len(text)]
        bounds = list(itertools.pairwise(chars))
    out: list[tuple[int, int]] = []
    for s, e in bounds:
        piece = text[s:e]
        stripped = piece.strip()
        if stripped:
            s += len(piece) - len(piece.lstrip())
            out.append((s, s + len(stripped)))
    return out
