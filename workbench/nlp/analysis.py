"""Analysing many texts at once: sentences, date mentions and lemmas per text.

The importer calls ``analyse`` with every document of an import and its date;
``nlp.pipe`` batches the texts, and each document date travels on its Doc (see
``mentions.set_context``), so one cached pipeline serves them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.core.errors import InputError
from workbench.nlp.datenorm import DateOptions
from workbench.nlp.mentions import DateMention, date_mentions, doc_anchor, doc_text, set_context

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence
    from datetime import date

    from spacy.tokens import Doc


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the pipeline found in one text.

    ``sentences`` are ``(start, end)`` character offsets without edge whitespace;
    ``mentions`` are in text order; ``doc`` carries the tokens and their lemmas
    (see ``workbench.nlp.lemmas``).
    """

    text: str
    anchor: date | None
    sentences: tuple[tuple[int, int], ...]
    mentions: tuple[DateMention, ...]
    doc: Doc


def analyse(
    texts: Iterable[tuple[str, date | None]],
    *,
    batch_size: int = 128,
    day_first: bool = True,
    fiscal_year_start: int = 4,
    model: str | None = None,
    breaks: Iterable[Sequence[int]] | None = None,
) -> Iterator[Analysis]:
    """Analyse ``(text, document date)`` pairs lazily, in order.

    The document date anchors "last year" and the like (None: such expressions are
    not mentions). ``day_first`` reads 12/03/2004 as 12 March; ``fiscal_year_start``
    is the first month of a "2001/02" year. ``model`` names an installed spaCy
    pipeline instead of the blank English one. ``breaks``, one sequence per text,
    are offsets where a sentence must start (the speaker turns of a transcript, so
    that a turn ending without a full stop is not run into the next). Sentences
    follow the rules of written text (``workbench.nlp.sentences.refine_starts``).
    """
    from workbench.nlp.pipeline import make_pipeline
    from workbench.nlp.sentences import refined_offsets, sentence_offsets

    nlp = make_pipeline(model)
    options = DateOptions(day_first=day_first, fiscal_year_start=fiscal_year_start)

    def docs() -> Iterator[Doc]:
        for text, anchor in texts:
            if len(text) > nlp.max_length:
                raise InputError(
                    f"a text of {len(text):,} characters is longer than the spaCy pipeline "
                    f"{model!r} takes ({nlp.max_length:,}, for its parser's memory): split "
                    "the document, or use the blank pipeline (nlp: {model: null})"
                )
            yield set_context(nlp.make_doc(text), anchor, options)

    cuts = iter(breaks) if breaks is not None else None
    for doc in nlp.pipe(docs(), batch_size=batch_size):
        text = doc_text(doc)
        forced = next(cuts, ()) if cuts is not None else ()
        yield Analysis(
            text=text,
            anchor=doc_anchor(doc),
            sentences=tuple(refined_offsets(text, sentence_offsets(doc, text), forced)),
            mentions=tuple(date_mentions(doc)),
            doc=doc,
        )
