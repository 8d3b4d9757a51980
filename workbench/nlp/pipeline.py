"""The spaCy pipeline factory: tokens, sentences, lemmas and date mentions.

The default pipeline is blank English, so nothing is downloaded or trained: the
tokenizer, a sentencizer, a lookup lemmatizer whose table comes from the
installed ``spacy-lookups-data`` package, and the date finder. A project may name
an installed trained pipeline instead (``nlp.model`` in its config); then that
pipeline's own sentences and lemmas are used and the date finder is added.

This is the one module that imports spaCy at load time, so that ``import
workbench`` (and the CLI's start-up) never pays for it.

Speed: the importer runs this over millions of words, and spaCy's stock
``sentencizer`` and ``lemmatizer`` are Python loops over tokens that together
cost more than the tokenizer. Both are replaced by components that apply the
same rules to whole arrays (``ParagraphSentencizer``, ``LookupLemmatizer``).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

import numpy as np
import spacy  # the one module that loads spaCy at import time; see the docstring
from spacy.attrs import LEMMA, ORTH
from spacy.errors import Errors
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.pipeline.lemmatizer import lemmatizer_score

from workbench.core.errors import InputError
from workbench.nlp.mentions import COMPONENT, TEXT_KEY, make_date_component
from workbench.nlp.sentences import SENTENCIZER, make_sentencizer

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from spacy.tokens import Doc
    from spacy.vocab import Vocab
    from thinc.api import Model

LEMMATIZER = "workbench_lookup_lemmatizer"


class LookupLemmatizer(Lemmatizer):
    """spaCy's lookup lemmatizer, remembering each word's lemma.

    The stock component makes a ``Token`` for every token and looks its text up
    in the table; this one reads the Doc's word hashes as one array and maps each
    through a dict from word hash to lemma hash, filled the first time a word is
    seen (a sorted-array ``searchsorted`` was slower).

    Same table (``lemma_lookup`` from spacy-lookups-data, loaded by
    ``nlp.initialize()`` through the package's entry point, so offline), same
    configuration and serialisation as ``nlp.add_pipe("lemmatizer",
    config={"mode": "lookup"})``. One difference: a word that is not in the table
    as written is looked up in lower case, so "Councils" at the start of a
    sentence is "council" (and, the price of lookup lemmas, the name "Rose" is
    "rise").
    """

    def __init__(
        self,
        vocab: Vocab,
        model: Model[Any, Any] | None = None,
        name: str = "lemmatizer",
        *,
        mode: str = "lookup",
        overwrite: bool = False,
        scorer: Callable[..., dict[str, Any]] | None = lemmatizer_score,
    ) -> None:
        super().__init__(vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer)
        self._memo: dict[int, int] = {}  # word hash -> lemma hash, for ``_memo_table``
        self._memo_table: object = None

    def _lemma_of(self, orth: int) -> int:
        strings = self.vocab.strings
        table = self.lookups.get_table("lemma_lookup")
        word = strings[orth]
        lemma = table.get(word) or table.get(word.lower()) or word
        found = self._memo[orth] = strings.add(lemma, allow_transient=False)
        return found

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "lookup":
            return super().__call__(doc)  # type: ignore[no-any-return]
        if not self._validated:
            self._validate_tables(Errors.E1004)
        n = len(doc)
        if n == 0:
            return doc
        table = self.lookups.get_table("lemma_lookup")
        if table is not self._memo_table:  # new lookups (initialize, from_disk)
            self._memo.clear()
            self._memo_table = table
        known, look_up = self._memo.get, self._lemma_of
        words = doc.to_array([ORTH, LEMMA]).reshape(n, 2)
        lemmas = np.fromiter(
            (known(w) or look_up(w) for w in words[:, 0].tolist()), np.uint64, count=n
        )
        current = words[:, 1]
        if not self.overwrite and np.count_nonzero(current):
            lemmas = np.where(current != 0, current, lemmas)
        doc.from_array([LEMMA], lemmas.reshape(n, 1))
        return doc


class TextKeepingTokenizer:
    """spaCy's tokenizer, also keeping the text it was given on the Doc.

    ``Doc.text`` rebuilds the text token by token, which costs about a third of
    tokenizing it; the date finder needs the text of every Doc, so the tokenizer
    leaves it in ``doc.user_data`` (see ``mentions.doc_text``). Everything else
    (serialisation, ``explain``, special cases) is the wrapped tokenizer's.
    """

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc.user_data[TEXT_KEY] = text
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str) -> Any:
        if name == "tokenizer" or name.startswith("__"):  # not set yet (unpickling)
            raise AttributeError(name)
        return getattr(self.tokenizer, name)


def _make_lemmatizer(
    nlp: Language,
    model: Model[Any, Any] | None,
    name: str,
    mode: str,
    overwrite: bool,
) -> LookupLemmatizer:
    return LookupLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite)


def _register() -> None:
    """Make our components known to spaCy by name (once per process)."""
    if not Language.has_factory(SENTENCIZER):
        Language.factory(
            SENTENCIZER,
            default_config={"punct_chars": None, "overwrite": False, "paragraph_breaks": True},
            assigns=["token.is_sent_start", "doc.sents"],
            func=make_sentencizer,
        )
    if not Language.has_factory(LEMMATIZER):
        Language.factory(
            LEMMATIZER,
            default_config={"model": None, "mode": "lookup", "overwrite": False},
            assigns=["token.lemma"],
            func=_make_lemmatizer,
        )
    if not Language.has_factory(COMPONENT):
        Language.factory(COMPONENT, default_config={"day_first": True}, func=make_date_component)


_register()

UNLIMITED_LENGTH = 1_000_000_000
_cache: dict[str, Language] = {}
_lock = threading.Lock()


def _blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe(SENTENCIZER, name="sentencizer")
    nlp.add_pipe(LEMMATIZER, name="lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # loads the lemma table from spacy-lookups-data; no download
    return nlp


def make_pipeline(model: str | None = None) -> Language:
    """The pipeline for ``model`` (None: blank English), built once per process.

    ``model`` must name an installed spaCy pipeline package such as
    ``en_core_web_sm``; nothing is downloaded. Callers share the returned object:
    do not add or remove its components.
    """
    key = model or ""
    with _lock:
        nlp = _cache.get(key)
        if nlp is None:
            if not model:
                nlp = _blank()
            elif spacy.util.is_package(model):
                nlp = spacy.load(model)
            else:
                raise InputError(
                    f"spaCy pipeline {model!r} is not installed: install it with "
                    f"'python -m spacy download {model}' or set the project's nlp model to null"
                )
            nlp.tokenizer = TextKeepingTokenizer(nlp.tokenizer)
            nlp.add_pipe(COMPONENT, last=True)
            if not {"parser", "ner"} & set(nlp.pipe_names):
                # spaCy's 1,000,000-character limit guards the parser's and the
                # entity recogniser's memory; without them a long document (a
                # 170,000-word transcript) is no burden, and the import's file size
                # limit bounds it anyway
                nlp.max_length = UNLIMITED_LENGTH
            _cache[key] = nlp
    return nlp
