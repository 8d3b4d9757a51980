"""Language processing for imported texts: sentences, lemmas and date mentions.

Importing this package does not load spaCy; ``make_pipeline`` (and the first
``analyse`` or ``KeywordMatcher``) does.

* ``analyse(texts)``: sentences and date mentions of many ``(text, date)`` pairs.
* ``find_date_mentions(text, anchor)``: the date finder on one plain string.
* ``normalise(surface, anchor)``: one date expression to a ``DateRange``.
* ``KeywordMatcher`` / ``match_keywords``: codebook keywords found by lemma.
* ``make_pipeline(model)``: the cached spaCy pipeline behind all of these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.nlp.analysis import Analysis, analyse
from workbench.nlp.datenorm import DateOptions, Normalised, normalise
from workbench.nlp.lemmas import KeywordMatch, KeywordMatcher, lemmas, match_keywords
from workbench.nlp.mentions import DateMention, find_date_mentions

if TYPE_CHECKING:
    from workbench.nlp.pipeline import make_pipeline

__all__ = [
    "Analysis",
    "DateMention",
    "DateOptions",
    "KeywordMatch",
    "KeywordMatcher",
    "Normalised",
    "analyse",
    "find_date_mentions",
    "lemmas",
    "make_pipeline",
    "match_keywords",
    "normalise",
]


def __getattr__(name: str) -> Any:
    if name == "make_pipeline":
        from workbench.nlp.pipeline import make_pipeline

        return make_pipeline
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
