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
