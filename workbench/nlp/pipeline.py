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
from spacy.attrs import LEMMA, LOWER, ORTH
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
    """spaCy's lookup lemmatizer, looking a whole Doc up at once.

    The stock component looks every token up in the table from Python; this one
    keeps the table as a sorted array of word hashes and looks the Doc's words up
    with one ``searchsorted``.

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
        self._arrays: tuple[object, np.ndarray, np.ndarray] | None = None

    def _lookup_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """The table as sorted arrays of word hashes and lemma hashes."""
        table = self.lookups.get_table("lemma_lookup")
        if self._arrays is None or self._arrays[0] is not table:
            add = self.vocab.strings.add
            pairs = sorted((int(k), add(v)) for k, v in table.items())
            keys = np.fromiter((k for k, _ in pairs), np.uint64, len(pairs))
            values = np.fromiter((v for _, v in pairs), np.uint64, len(pairs))
            self._arrays = (table, keys, values)
        return self._arrays[1], self._arrays[2]

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "lookup":
            return super().__call__(doc)  # type: ignore[no-any-return]
        if not self._validated:
            self._validate_tables(Errors.E1004)
        n = len(doc)
        keys, values = self._lookup_arrays()
        if n == 0 or keys.size == 0:
            return doc
        words = doc.to_array([ORTH, LOWER, LEMMA]).reshape(n, 3)
        lemmas = words[:, 0].copy()
        last = keys.size - 1
        for col in (1, 0):  # lower case first, so that the word as written wins
            hashes = words[:, col]
            at = np.minimum(keys.searchsorted(hashes), last)
            hit = keys[at] == hashes
            lemmas[hit] = values[at[hit]]
        current = words[:, 2]
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
            _cache[key] = nlp
    return nlp
