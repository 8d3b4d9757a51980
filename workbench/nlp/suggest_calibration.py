"""What a suggestion's number means: the chance that the coder codes the passage so.

The per-code models are fitted with balanced class weights, so their probability of 0.5
is a decision boundary, not a 50% chance (on documents nobody had coded, suggestions at
0.5-0.6 were right about three times in ten). This module turns a code's probability for
a passage into the probability that the passage carries the code, by a small logistic
model fitted on predictions the per-code models made for documents they did not see:

* the training documents are dealt into ``FOLDS`` folds (``folds``); models trained on
  the other folds score each fold's passages, and each scored (passage, code) is
  labelled by whether the coder had coded it so (the coder's own codings where they
  coded the document, else the team's): every label is the outcome of a prediction for
  a document the models did not see, as a new document's will be;
* the calibrator is one model for all codes (a handful of weights, so a code with a few
  codings borrows strength from the rest) over what the per-code probability does not
  know: whether the code is the passage's best or a second one, the passage's length, its
  place in the document, whether an interviewer or moderator says it or it is a question,
  and whether a codebook keyword is in it.

``choose`` then offers a suggestion when that chance is at least ``CHANCE`` (one in
three). The threshold is a statement about effort (compared with 0.4 and 0.5 on the
development documents, it is the one that reached the issue's recall; BENCHMARKS.md):
rejecting a wrong suggestion is one key, while a right one spares the coder selecting the
passage, opening the code picker and choosing the code, about twice that; a suggestion is
worth offering when its chance of being right times two is at least its chance of being
wrong. Each suggestion stands on its own: a rule on the mean of a document's list
(offer while the expected share right stays at a half) was tried and spends the surplus
of sure suggestions on weak ones, so a document with many sure ones gets many weak ones
too (BENCHMARKS.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Sequence

# A suggestion is offered from this chance of being right on (odds of one to two).
CHANCE = 1 / 3
# Fewer coded (or uncoded) out-of-fold predictions than this: no calibrator (a new project).
MIN_OUTCOMES = 20
# The calibrator's L2 penalty (scikit-learn's C) on standardised features: a handful of
# weights fitted on thousands of predictions, so it is mild.
CALIBRATION_C = 1.0
# Folds of documents for the cross-fitted predictions. Each fold's models learn from the
# other four fifths, close to what the final model learns from: with halves the models
# the calibrator learned from were weaker than the one it calibrates, and its numbers
# came out optimistic (BENCHMARKS.md). Five is the usual default for cross-fitting.
FOLDS = 5

FEATURES = (
    "logit",  # the per-code model's (blended) probability, as a log-odds
    "second",  # not the passage's most probable code
    "words",  # log of the passage's length in words
    "place",  # where in the document (0 first passage, 1 last)
    "asker",  # said by a speaker who mostly asks (interviewer, moderator)
    "question",  # the passage asks
    "keyword",  # a codebook keyword or synonym of the code is in it
)
# Not a feature: how many codings the code has. The fold models have four fifths of the
# final model's, so the final model's count lies outside what the calibrator saw (on a
# corpus where one code dominates, far outside), and the calibrator extrapolates.


@dataclass(frozen=True, slots=True)
class Outcome:
    """One (passage, code) a per-code model scored, what it knew, and what the coders did."""

    probability: float
    second: bool
    words: int
    place: float
    tags: tuple[str, ...]
    keyword: bool
    coded: bool = False


def features(rows: Sequence[Outcome]) -> np.ndarray:
    """The calibrator's inputs for ``rows`` (columns in the order of ``FEATURES``)."""
    out = np.empty((len(rows), len(FEATURES)), dtype=np.float64)
    for k, r in enumerate(rows):
        p = min(max(r.probability, 1e-4), 1 - 1e-4)
        out[k] = (
            math.log(p / (1 - p)),
            float(r.second),
            math.log1p(r.words),
            r.place,
            float("asker" in r.tags),
            float("question" in r.tags),
            float(r.keyword),
        )
    return out


@dataclass(frozen=True, slots=True)
class Calibrator:
    """P(the coders code it so) from an ``Outcome``'s features: a pooled logistic model."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    outcomes: int  # how many out-of-fold predictions it was fitted on

    @classmethod
    def fit(cls, rows: Sequence[Outcome]) -> Calibrator | None:
        """Fitted on ``rows``, or None when too few were coded (or uncoded) to say."""
        from sklearn.linear_model import LogisticRegression

        y = np.fromiter((r.coded for r in rows), dtype=bool, count=len(rows))
        if min(int(y.sum()), int((~y).sum())) < MIN_OUTCOMES:
            return None
        x = features(rows)
        mean = x.mean(axis=0)
        scale = x.std(axis=0)
        scale[scale == 0] = 1.0
        clf = LogisticRegression(C=CALIBRATION_C, max_iter=500)
        clf.fit((x - mean) / scale, y)
        return cls(mean, scale, clf.coef_[0].copy(), float(clf.intercept_[0]), len(rows))

    def probability(self, rows: Sequence[Outcome]) -> np.ndarray:
        if not rows:
            return np.zeros(0)
        z = ((features(rows) - self.mean) / self.scale) @ self.coef + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-z)))

    def weights(self) -> dict[str, float]:
        """Each feature's weight (per standard deviation): what the calibrator learned."""
        return dict(zip(FEATURES, (float(c) for c in self.coef), strict=True))


def folds(groups: Sequence[Any], k: int = FOLDS) -> np.ndarray:
    """Which of ``k`` folds each passage falls in, by its group (its document): groups dealt
    in turn in order of first appearance, so each fold holds documents from the whole
    project."""
    order: dict[Any, int] = {}
    for g in groups:
        order.setdefault(g, len(order))
    return np.fromiter((order[g] % k for g in groups), dtype=np.int64, count=len(groups))
