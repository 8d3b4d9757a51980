"""Keyword matching by lemma, for suggesting codes from a codebook's keywords.

A codebook lists keywords such as "open day" or "copy"; researchers expect them to
find "open days" and "copied", so both the keywords and the text are compared as
sequences of lower-case lemmas. Whitespace tokens are skipped, so a keyword also
matches across a line break, but punctuation is not: "open-day" is three tokens
and only matches the keyword "open-day".

Build a ``KeywordMatcher`` once per codebook and call it per document: the
keywords are lemmatised once, and a call costs one array read plus a dict lookup
per token.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from spacy.language import Language
    from spacy.tokens import Doc


class KeywordMatch(NamedTuple):
    """``text[start:end]`` matched ``keyword``, one of the keywords of ``code_id``."""

    start: int
    end: int
    code_id: str
    keyword: str


class _Lemmas:
    """The lower-case lemma of each non-space token of a Doc, with its offsets."""

    __slots__ = ("ends", "keys", "starts")

    def __init__(self, doc: Doc, names: dict[int, str]) -> None:
        from spacy.attrs import IDX, IS_SPACE, LEMMA, LENGTH, LOWER

        self.keys: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        if len(doc) == 0:
            return
        strings = doc.vocab.strings
        rows = doc.to_array([LEMMA, LOWER, IS_SPACE, IDX, LENGTH]).reshape(len(doc), 5)
        for lemma, lower, space, idx, length in rows.tolist():
            if space:
                continue
            h = lemma or lower
            name = names.get(h)
            if name is None:
                name = names[h] = strings[h].lower()
            self.keys.append(name)
            self.starts.append(idx)
            self.ends.append(idx + length)


class KeywordMatcher:
    """Finds keywords of many codes in Docs, comparing lemmas.

    ``keywords`` maps a code id to its keywords. ``nlp`` is the pipeline whose
    lemmas are compared (by default ``make_pipeline()``); documents given as
    Docs should come from the same pipeline.
    """

    def __init__(self, keywords: Mapping[str, Iterable[str]], nlp: Language | None = None) -> None:
        if nlp is None:
            from workbench.nlp.pipeline import make_pipeline

            nlp = make_pipeline()
        self.nlp = nlp
        self._names: dict[int, str] = {}
        # first lemma -> [(all lemmas, code id, keyword)]
        self._index: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        pairs = [(code, kw) for code, kws in keywords.items() for kw in kws if kw.strip()]
        seen: set[tuple[tuple[str, ...], str, str]] = set()
        for (code, kw), doc in zip(pairs, nlp.pipe(kw for _, kw in pairs), strict=True):
            seq = tuple(_Lemmas(doc, self._names).keys)
            entry = (seq, code, kw)
            if seq and entry not in seen:
                seen.add(entry)
                self._index.setdefault(seq[0], []).append(entry)

    def __call__(self, doc_or_text: Doc | str) -> list[KeywordMatch]:
        """Every keyword occurrence, ordered by start, longest first; overlaps are kept."""
        doc = self.nlp(doc_or_text) if isinstance(doc_or_text, str) else doc_or_text
        lemmas = _Lemmas(doc, self._names)
        keys, n = lemmas.keys, len(lemmas.keys)
        index = self._index
        out: list[KeywordMatch] = []
        for i, key in enumerate(keys):
            entries = index.get(key)
            if entries is None:
                continue
            for seq, code, kw in entries:
                j = i + len(seq)
                if j <= n and (len(seq) == 1 or tuple(keys[i:j]) == seq):
                    out.append(KeywordMatch(lemmas.starts[i], lemmas.ends[j - 1], code, kw))
        out.sort(key=lambda m: (m.start, -m.end, m.code_id, m.keyword))
        return out


def match_keywords(
    doc_or_text: Doc | str,
    keywords: Mapping[str, Iterable[str]],
    nlp: Language | None = None,
) -> list[KeywordMatch]:
    """Keywords of each code found in a text or Doc, by lemma ("open day" ~ "open days").

    A one-off convenience: to match many documents, build a ``KeywordMatcher``.
    """
    return KeywordMatcher(keywords, nlp)(doc_or_text)


def lemmas(doc: Doc) -> list[tuple[int, int, str]]:
    """``(start, end, lemma)`` of each non-space token, lemmas in lower case."""
    found = _Lemmas(doc, {})
    return list(zip(found.starts, found.ends, found.keys, strict=True))
