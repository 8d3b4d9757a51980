"""Learned coding suggestions: one model per code over passages, with keywords at cold start.

Plain data in, plain results out. The caller (``workbench.services.suggestions``)
reads the project's codings, decides whose codings count (the coder's own, and the
team's unless the project is blind) and caches the trained model.

* A passage is a sentence (or a speaker's sentence without its label). Its words are
  lower-cased and crudely stemmed (``stem``, in ``workbench.nlp.suggest_text``), so
  "copied" meets the keyword "copy" without loading a language pipeline: the first
  suggestions come in well under a second, where a spaCy pipeline takes seconds to load.
* Training passages are the sentences of coded documents: a sentence is a positive
  example of every code whose coding overlaps it, a negative one of the others. A
  rejected suggestion is a negative example of its code even where a teammate coded
  it; an accepted one is a coding, so a positive.
* Each code with positives gets a TF-IDF + logistic-regression model over the
  passage's own words and word pairs and, at a quarter of their weight, the words of
  the sentences before and after it (a coded segment runs over several sentences; a
  sentence in its middle often says little by itself). With few positives its
  probability is blended with a keyword prior (a codebook keyword or synonym in the
  passage), weighted by how many positives there are, so a new project starts from the
  codebook and moves to what coders actually do. The prior's rates (how often a passage
  with / without a keyword carries the code) start at ``KEYWORD_HIT`` /
  ``KEYWORD_MISS`` and are measured on the coded passages as soon as there are any: a
  keyword coders pass over nine times in ten stops suggesting its code.
* Classes are weighed equally (``class_weight="balanced"``), so a code's probability
  of 0.5 is the point where missing a coded passage and suggesting an uncoded one cost
  the same relative to how rare each is. That ranks passages for one code but is not
  the chance that the coder agrees (on a new document, 0.5-0.6 was right about three
  times in ten). Once enough is coded, a calibrator (``workbench.nlp.suggest_calibration``,
  fitted on cross-fitted predictions for documents the models did not see) turns it
  into that chance, weighing what the code's model cannot see (the passage's best code
  or a second one, its length and place, an interviewer's turn, a keyword); ``choose``
  offers a suggestion from a chance of ``CHANCE`` (one in three: a right suggestion
  spares about twice the work a wrong one costs), up to ``PER_PASSAGE`` codes per
  passage. Before that (a new project), from the decision boundary (``THRESHOLD``).
* Each scored passage says why: the words that pushed its probability up most, and
  the most similar passage coded with that code.
* ``skipped_spans`` tells where not to suggest: front matter (title block, licence,
  DOI lines before the abstract or introduction), reference lists and page furniture.
"""

from __future__ import annotations

import threading
import warnings
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import numpy as np

from workbench.nlp.suggest_calibration import (
    CHANCE,
    Calibrator,
    Outcome,
    folds,
)
from workbench.nlp.suggest_text import (
    STOP,
    WORD,
    KeywordIndex,
    stem,
    tokens,
)
from workbench.nlp.suggest_text import keyword_hits as keyword_hits  # the module's API
from workbench.nlp.suggest_text import skipped_spans as skipped_spans

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

# Positives at which the model and the keyword prior weigh the same.
PRIOR_WEIGHT = 8.0
# Keyword prior: the probability of a code for a passage holding / not holding a keyword,
# before anything is coded. Once passages are coded, each code's own rates are estimated
# from them, these values counting as ``KEYWORD_PSEUDO`` passages of evidence.
KEYWORD_HIT = 0.6
KEYWORD_MISS = 0.02
KEYWORD_PSEUDO = 2.0
# Without a calibrator, a suggestion is offered from this probability on: the
# class-balanced decision boundary.
THRESHOLD = 0.5
# Per-code probabilities below this are not scored further (nor calibrated, nor offered).
FLOOR = THRESHOLD / 2
# The calibrator is fitted again when the coded passages have changed by this share since.
RECALIBRATE = 0.1
# A coded passage this similar (cosine) is the candidate itself.
SAME = 0.98
_LIBLINEAR = threading.Lock()
"""One liblinear fit at a time in this process: liblinear keeps its random state in
globals, and two fits in two threads corrupt each other's memory (scikit-learn issue
31883; here a crash in 2 of 3 sessions that trained while another fit ran)."""
# At most this many codes suggested for one passage (each from ``THRESHOLD`` on).
PER_PASSAGE = 2

TAG = "§"  # marks a feature that is not a word (``Passage.tags``); never shown as a reason


BIGRAMS = True  # pairs of neighbouring stems: "open day", "peer visit"
NEAR = "~"  # marks a neighbouring sentence's word (never shown as a reason)
# How much the neighbouring sentences' words weigh against the passage's own (0: not at all).
CONTEXT_WEIGHT = 0.25


# A candidate passage: its text, or (text, tags), or (text, tags, (previous, next)).
Candidate = str | tuple[str, tuple[str, ...]] | tuple[str, tuple[str, ...], tuple[str, str]]
_Passage = tuple[str, tuple[str, ...], tuple[str, str]]


def _features(passage: _Passage) -> list[str]:
    text, tags, _ = passage
    words = tokens(text)
    pairs = [f"{a} {b}" for a, b in pairwise(words)] if BIGRAMS else []
    return [*words, *pairs, *(TAG + t for t in tags)]


def _context_features(passage: _Passage) -> list[str]:
    """The neighbouring sentences' words: a coded segment runs over several sentences, and a
    sentence in its middle often says little by itself ("We did that for two years.")."""
    before, after = passage[2]
    return tokens(f"{before} {after}")


def _as_passage(candidate: Candidate) -> _Passage:
    if isinstance(candidate, str):
        return (candidate, (), ("", ""))
    if len(candidate) == 2:
        return (candidate[0], candidate[1], ("", ""))
    return candidate  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class TrainingPassage:
    """One passage a coder saw: the codes it carries and the codes rejected for it."""

    text: str
    codes: frozenset[str]
    rejected: frozenset[str] = frozenset()
    ref: Any = None  # the caller's handle on it (shown as "the similar coded passage")
    # What the text alone does not say: "question" (it asks), "asker" (said by one who
    # mostly asks: an interviewer, a moderator). Coders rarely code either.
    tags: tuple[str, ...] = ()
    # The sentences before and after it (empty at a document's edges).
    context: tuple[str, str] = ("", "")
    # Its document (any hashable): the calibrator is fitted on predictions for documents
    # the models did not see. None: the passage is a document of its own.
    group: Any = None
    # The codes the coder the suggestions are for gave it, where they coded its document
    # (None: they did not). What the calibrator learns to predict: that coder's agreement,
    # which a teammate's coding only approximates.
    own: frozenset[str] | None = None
    # The codes teammates gave it (a project that is not blind).
    theirs: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Scored:
    """A code's probability for one candidate passage, and why."""

    passage: int  # index into the candidates
    code: str
    probability: float
    words: tuple[str, ...]  # the words that raised it most (or the keywords found)
    similar: Any = None  # ``ref`` of the most similar passage coded with the code
    similarity: float = 0.0
    source: str = "model"  # model | keywords | both
    # Whether ``probability`` is calibrated (the chance the coders code it so) or the
    # class-balanced model's own (a ranking; too few codings yet to calibrate it).
    calibrated: bool = False
    # The passage itself carries a teammate's coding with the code.
    taught: bool = False
    # What orders suggestions of the same ``probability`` (a teammate's codings all have
    # the measured agreement): the calibrated model's own number.
    ranking: float = 0.0


@dataclass(frozen=True, slots=True)
class _Raw:
    passage: int
    code: str
    found: list[str]
    source: str
    outcome: Outcome


@dataclass
class SuggestModel:
    """Per-code models trained on coded passages; ``score`` ranks new passages."""

    keywords: dict[str, tuple[str, ...]]
    vectorizer: Any = None
    models: dict[str, Any] = field(default_factory=dict)
    positives: dict[str, int] = field(default_factory=dict)
    examples: dict[str, tuple[Any, list[Any]]] = field(default_factory=dict)
    vocabulary: list[str] = field(default_factory=list)
    surfaces: dict[str, str] = field(default_factory=dict)
    # Per code: P(code | a keyword in the passage), P(code | none), estimated on the coded
    # passages (``KEYWORD_HIT`` / ``KEYWORD_MISS`` until something is coded).
    keyword_rates: dict[str, tuple[float, float]] = field(default_factory=dict)
    # P(coded) from a code's probability and the passage (None: too little coded to fit it).
    calibrator: Calibrator | None = None
    # How many coded passages the calibrator was fitted with (``train``'s ``previous``).
    calibrated_on: int = 0
    # Per code: the group (document) of each of its examples (``examples``) that a teammate
    # coded, None for the others.
    taught: dict[str, list[Any]] = field(default_factory=dict)
    # The share of teammates' codings of a passage that the coder gave it too, where both
    # coded the document (None: too few to say). A candidate that is itself a teammate's
    # coding gets this chance: the cross-fitted calibrator never sees that case (a fold's
    # documents are nobody's training), and its number would be far too low.
    agreement: float | None = None

    @classmethod
    def train(
        cls,
        passages: Sequence[TrainingPassage],
        keywords: Mapping[str, Sequence[str]],
        codes: Sequence[str] | None = None,
        *,
        C: float = 4.0,  # noqa: N803 (scikit-learn's name)
        class_weight: str | None = "balanced",
        calibrate: bool = True,
        previous: SuggestModel | None = None,
    ) -> SuggestModel:
        """Fit one model per code with a positive and a negative example among ``passages``,
        and (``calibrate``) the calibrator, on predictions for each fold of the documents by
        models fitted on the other folds (``workbench.nlp.suggest_calibration``).

        The cross-fitting costs four times the fits themselves. ``previous`` (the model this
        one replaces) lends its calibrator while the coded passages are within
        ``RECALIBRATE`` of what it was fitted with: one accepted or rejected suggestion
        changes the per-code models, hardly how their probabilities translate into chances."""
        model = cls({k: tuple(v) for k, v in keywords.items()})
        if not passages:
            return model
        vec = _Vectors()
        try:
            x = vec.fit_transform([(p.text, p.tags, p.context) for p in passages])
        except ValueError:  # no words at all
            return model
        index = KeywordIndex(model.keywords)
        hits = [index.hits(p.text) for p in passages]
        model._fit(passages, x, hits, codes, C=C, class_weight=class_weight)
        model.vectorizer = vec
        model.vocabulary = vec.names()
        for p in passages:
            for w in WORD.findall(p.text.lower()):
                if w not in STOP:
                    model.surfaces.setdefault(stem(w), w)
        for code in model.models:
            idx = np.flatnonzero(_labels(passages, code))
            model.examples[code] = (x[idx], [passages[i].ref for i in idx])
            model.taught[code] = [
                passages[i].group if code in passages[i].theirs else None for i in idx
            ]
        model.agreement = _agreement(passages)
        coded = sum(bool(p.codes) for p in passages)
        if not calibrate or not model.models:
            return model
        if previous is not None and previous.calibrator is not None:
            before = previous.calibrated_on
            if abs(coded - before) <= RECALIBRATE * before:
                model.calibrator, model.calibrated_on = previous.calibrator, before
                return model
        model.calibrator = _cross_fit(
            model.keywords, passages, hits, codes, C=C, class_weight=class_weight
        )
        model.calibrated_on = coded
        return model

    @classmethod
    def prior(
        cls, passages: Sequence[TrainingPassage], keywords: Mapping[str, Sequence[str]]
    ) -> SuggestModel:
        """The codebook keywords alone, their rates measured on ``passages``: what to suggest
        in the second or so the models take to fit (no fits, no features)."""
        model = cls({k: tuple(v) for k, v in keywords.items()})
        if passages:
            model.keyword_rates = _keyword_rates(passages, model.keywords)
        return model

    def _fit(
        self,
        passages: Sequence[TrainingPassage],
        x: Any,
        hits: Sequence[Mapping[str, list[str]]],
        codes: Sequence[str] | None,
        *,
        C: float,  # noqa: N803
        class_weight: str | None,
    ) -> None:
        """The per-code models and keyword rates from ``passages`` (``x`` their features,
        ``hits`` their keywords found)."""
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.linear_model import LogisticRegression

        self.keyword_rates = _keyword_rates(passages, self.keywords, hits)
        wanted = set(codes) if codes is not None else {c for p in passages for c in p.codes}
        labels: dict[str, Any] = {}
        for code in sorted(wanted):
            y = _labels(passages, code)
            if 0 < int(y.sum()) < len(passages):
                labels[code] = y

        def fit(code: str) -> Any:
            # The dual problem: far fewer passages than features (words and word pairs).
            clf = LogisticRegression(
                C=C,
                class_weight=class_weight,
                solver="liblinear",
                dual=True,
                tol=1e-3,
                max_iter=200,
                random_state=0,  # liblinear shuffles: the same codings give the same model
            )
            return clf.fit(x, labels[code])

        # One code at a time, never beside another liblinear fit (``_LIBLINEAR``).
        with warnings.catch_warnings():
            # A few codes stop at max_iter; their ranking is what counts, and it is stable.
            warnings.simplefilter("ignore", ConvergenceWarning)
            fitted = {}
            for code in labels:
                with _LIBLINEAR:
                    fitted[code] = fit(code)
        for code, clf in fitted.items():
            self.models[code] = clf
            self.positives[code] = int(labels[code].sum())

    def score(self, candidates: Sequence[Candidate], group: Any = None) -> list[Scored]:
        """Every (passage, code) whose probability is worth a look, best first.

        ``group``: the candidates' document (as ``TrainingPassage.group``), where a teammate's
        coding of the very passage is its measured agreement (``agreement``); the same words
        coded in another document are evidence for the model, not that.

        A candidate is its text, or its text and its tags (see ``TrainingPassage.tags``), or
        those and its neighbours. The candidates are one document's passages in reading
        order (their place in it is one thing the calibrator weighs)."""
        out: list[Scored] = []
        if not candidates:
            return out
        passages = [_as_passage(c) for c in candidates]
        x = self.vectorizer.transform(passages) if self.vectorizer is not None else None
        raw = self._raw(passages, x, _places(len(passages)))
        if self.calibrator is not None:
            calibrated = self.calibrator.probability([r.outcome for r in raw])
        for k, r in enumerate(raw):
            p = float(calibrated[k]) if self.calibrator is not None else r.outcome.probability
            clf = self.models.get(r.code)
            out.append(
                Scored(r.passage, r.code, p, tuple(r.found), source=r.source)
                if clf is None or x is None
                else self._explain(r.passage, r.code, p, x, clf, r.found, r.source, group)
            )
            if self.calibrator is not None:
                out[-1] = replace(out[-1], calibrated=True)
                if out[-1].taught and self.agreement is not None:
                    out[-1] = replace(out[-1], probability=self.agreement, ranking=p)
        out.sort(key=lambda s: (-s.probability, -s.ranking, s.passage, s.code))
        return out

    def _raw(
        self,
        passages: Sequence[_Passage],
        x: Any,
        places: Sequence[float],
        hits: Sequence[Mapping[str, list[str]]] | None = None,
    ) -> list[_Raw]:
        """The per-code probabilities (blended with the keyword prior) from ``FLOOR`` on, and
        what the calibrator needs to know about each."""
        if hits is None:
            index = KeywordIndex(self.keywords)
            hits = [index.hits(t) for t, _, _ in passages]
        codes = sorted(set(self.models) | {c for h in hits for c in h})
        n = len(passages)
        table = np.zeros((n, len(codes)))
        for j, code in enumerate(codes):
            clf = self.models.get(code)
            npos = self.positives.get(code, 0)
            w = npos / (npos + PRIOR_WEIGHT)
            if clf is not None and x is not None:
                p_model = clf.predict_proba(x)[:, 1]
            else:
                p_model = np.zeros(n)
            if code in self.keywords:
                hit, miss = self.keyword_rates.get(code, (KEYWORD_HIT, KEYWORD_MISS))
                found = np.fromiter((code in h for h in hits), dtype=bool, count=n)
                table[:, j] = w * p_model + (1 - w) * np.where(found, hit, miss)
            elif clf is not None:
                table[:, j] = p_model
        # Each passage's codes by probability: the first is its best, the rest are seconds.
        best = table.argmax(axis=1) if codes else np.zeros(n, dtype=int)
        out: list[_Raw] = []
        for i, j in zip(*np.nonzero(table >= FLOOR), strict=True):
            code = codes[j]
            found = hits[i].get(code) or []
            clf = self.models.get(code)
            source = "keywords" if clf is None else ("both" if found else "model")
            text, tags, _ = passages[i]
            outcome = Outcome(
                float(table[i, j]),
                bool(j != best[i]),
                len(text.split()),
                places[i],
                tags,
                bool(found),
            )
            out.append(_Raw(int(i), code, found, source, outcome))
        return out

    def _explain(
        self,
        i: int,
        code: str,
        p: float,
        x: Any,
        clf: Any,
        found: list[str] | None,
        source: str,
        group: Any = None,
    ) -> Scored:
        row = x[i]
        cols, vals = row.indices, row.data
        contrib = vals * clf.coef_[0][cols]
        order = np.argsort(-contrib)
        # Keywords found first, then the features that raised it most, one word per stem.
        words: list[str] = []
        seen: set[str] = set()
        candidates = [*(found or ())] + [
            self.vocabulary[cols[j]]
            for j in order[:8]
            if contrib[j] > 0 and not self.vocabulary[cols[j]].startswith((TAG, NEAR))
        ]
        for feature in candidates:
            stems = tuple(stem(w) for w in feature.split())
            if stems in seen or len(words) >= 3:
                continue
            seen.add(stems)
            words.append(" ".join(self.surfaces.get(w, w) for w in feature.split()))
        similar, similarity, taught = None, 0.0, False
        ex = self.examples.get(code)
        if ex is not None and ex[0].shape[0]:
            sims = (ex[0] @ row.T).toarray().ravel()
            same = sims > SAME
            if group is not None:
                taught = any(
                    g == group
                    for g, hit in zip(self.taught.get(code, ()), same, strict=False)
                    if hit
                )
            # The passage itself, coded by a teammate, says nothing new: the next one does.
            sims[same] = -1.0 if (~same).any() else sims[same]
            j = int(np.argmax(sims))
            similar, similarity = ex[1][j], float(sims[j])
        return Scored(i, code, p, tuple(words[:3]), similar, similarity, source, taught=taught)


# Fewer teammates' codings than this in documents the coder coded too: no agreement rate.
MIN_AGREEMENT = 20


def _agreement(passages: Sequence[TrainingPassage]) -> float | None:
    """The share of teammates' codes of a passage the coder gave it too (``agreement``), over
    the passages of documents the coder coded, with one agreement and one disagreement added
    (a Beta(1, 1) prior)."""
    agreed = total = 0
    for p in passages:
        if p.own is None or not p.theirs:
            continue
        mine = p.own - p.rejected
        total += len(p.theirs)
        agreed += len(p.theirs & mine)
    return (agreed + 1) / (total + 2) if total >= MIN_AGREEMENT else None


def _labels(passages: Sequence[TrainingPassage], code: str) -> np.ndarray:
    """Which of ``passages`` carry ``code`` (coded so, and not rejected)."""
    return np.fromiter(
        (code in p.codes and code not in p.rejected for p in passages),
        dtype=bool,
        count=len(passages),
    )


def _keyword_rates(
    passages: Sequence[TrainingPassage],
    keywords: Mapping[str, Sequence[str]],
    hits: Sequence[Mapping[str, list[str]]] | None = None,
) -> dict[str, tuple[float, float]]:
    """How often a code's keywords meant the code in the passages coded so far.

    A keyword that coders apply the code to half the time is worth more than one they
    pass over nine times in ten; the codebook's author cannot know which in advance.
    Each rate is the coded share with ``KEYWORD_PSEUDO`` passages at the default rate added
    (a Beta prior), so a keyword seen twice moves little and one seen fifty times decides.
    """
    index = KeywordIndex(keywords)
    if not index.index:
        return {}
    codes = {code for entries in index.index.values() for code, _ in entries}
    hit = dict.fromkeys(codes, 0)
    hit_coded = dict.fromkeys(codes, 0)
    coded_all = dict.fromkeys(codes, 0)
    for k, p in enumerate(passages):
        coded = p.codes - p.rejected
        for code in coded:
            if code in coded_all:
                coded_all[code] += 1
        for code in index.hits(p.text) if hits is None else hits[k]:
            hit[code] += 1
            hit_coded[code] += code in coded
    n = len(passages)
    a = KEYWORD_PSEUDO
    return {
        code: (
            (hit_coded[code] + a * KEYWORD_HIT) / (hit[code] + a),
            (coded_all[code] - hit_coded[code] + a * KEYWORD_MISS) / (n - hit[code] + a),
        )
        for code in codes
    }


class _Vectors:
    """TF-IDF of a passage's own words and word pairs, beside TF-IDF of its neighbours' words
    weighed by ``CONTEXT_WEIGHT`` (so a passage's own words decide, and its neighbours tip
    the balance)."""

    def __init__(self) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        def make(analyzer: Any, min_df: int) -> Any:
            return TfidfVectorizer(
                analyzer=analyzer, sublinear_tf=True, min_df=min_df, dtype=np.float32, norm="l2"
            )

        self.own = make(_features, 1)
        self.near = make(_context_features, 1) if CONTEXT_WEIGHT > 0 else None

    def fit_transform(self, passages: Sequence[_Passage]) -> Any:
        x = self.own.fit_transform(passages)
        if self.near is None:
            return x
        try:
            near = self.near.fit_transform(passages)
        except ValueError:  # no neighbours with words (one-sentence documents)
            self.near = None
            return x
        return self._stack(x, near)

    def transform(self, passages: Sequence[_Passage]) -> Any:
        x = self.own.transform(passages)
        return x if self.near is None else self._stack(x, self.near.transform(passages))

    @staticmethod
    def _stack(x: Any, near: Any) -> Any:
        from scipy.sparse import hstack

        return hstack([x, near * np.float32(CONTEXT_WEIGHT)], format="csr", dtype=np.float32)

    def names(self) -> list[str]:
        own = _names(self.own.vocabulary_)
        if self.near is None:
            return own
        return own + [NEAR + n for n in _names(self.near.vocabulary_)]


def _names(vocabulary: Mapping[str, int]) -> list[str]:
    """Feature names by column, without ``get_feature_names_out``'s sort of the vocabulary."""
    out = [""] * len(vocabulary)
    for name, j in vocabulary.items():
        out[j] = name
    return out


def choose(scored: Sequence[Scored], threshold: float = THRESHOLD) -> list[Scored]:
    """The suggestions to offer, at most ``PER_PASSAGE`` learned ones per passage: calibrated
    ones (``Scored.calibrated``) from a chance of ``CHANCE`` on, uncalibrated ones (too few
    codings to calibrate) from the class-balanced model's decision boundary ``threshold``."""
    per: dict[int, int] = {}
    out: list[Scored] = []
    for s in scored:
        if s.probability < (CHANCE if s.calibrated else threshold):
            continue
        # Keyword-only suggestions (cold start) are not capped: nothing ranks them yet.
        if s.source != "keywords":
            if per.get(s.passage, 0) >= PER_PASSAGE:
                continue
            per[s.passage] = per.get(s.passage, 0) + 1
        out.append(s)
    return out


def _places(n: int) -> list[float]:
    """Each of ``n`` passages' place in their document: 0 first, 1 last."""
    return [i / (n - 1) if n > 1 else 0.0 for i in range(n)]


def _cross_fit(
    keywords: Mapping[str, Sequence[str]],
    passages: Sequence[TrainingPassage],
    hits: Sequence[Mapping[str, list[str]]],
    codes: Sequence[str] | None,
    *,
    C: float,  # noqa: N803
    class_weight: str | None,
) -> Calibrator | None:
    """The calibrator, fitted on what models trained without one fold of the documents said
    about that fold's passages, for each fold.

    Each fold's features are learned from its training passages alone, as the final
    model's are: a word the models never saw must be missing from a passage's vector, as
    it will be on a new document (kept, it dilutes the vector's norm, the fold models come
    out less sure than the final one, and the calibrator learns to trust it too much)."""
    groups = [p.group if p.group is not None else ("passage", k) for k, p in enumerate(passages)]
    fold = folds(groups)
    places = np.zeros(len(passages))
    members: dict[Any, list[int]] = {}
    for k, g in enumerate(groups):
        members.setdefault(g, []).append(k)
    for ks in members.values():
        places[ks] = _places(len(ks))
    rows: list[Outcome] = []
    rows_of = [(p.text, p.tags, p.context) for p in passages]
    for side in range(int(fold.max()) + 1):
        train = np.flatnonzero(fold != side)
        test = np.flatnonzero(fold == side)
        if not len(train) or not len(test):
            return None
        model = SuggestModel(dict(keywords))
        vec = _Vectors()
        try:
            x_train = vec.fit_transform([rows_of[k] for k in train])
        except ValueError:
            return None
        model._fit(
            [passages[k] for k in train],
            x_train,
            [hits[k] for k in train],
            codes,
            C=C,
            class_weight=class_weight,
        )
        shown = [rows_of[k] for k in test]
        x_test = vec.transform(shown)
        for r in model._raw(shown, x_test, places[test].tolist(), [hits[k] for k in test]):
            p = passages[test[r.passage]]
            own = p.codes if p.own is None else p.own
            rows.append(replace(r.outcome, coded=r.code in own and r.code not in p.rejected))
    return Calibrator.fit(rows)
