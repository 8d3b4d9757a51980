"""Calibrated suggestions: the number shown is the chance the coder codes the passage so,
and ``choose`` offers a suggestion from a chance of one in three."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from workbench.nlp.suggest_calibration import CHANCE, Calibrator, Outcome
from workbench.nlp.suggest_model import SuggestModel, TrainingPassage, choose

FILLER = [f"w{i}" for i in range(60)]
# A passage with "alpha" carries the code 70% of the time, one with "beta" 20%, others 1%.
RATES = {"alpha": 0.7, "beta": 0.2, "": 0.01}


def _document(rng: random.Random, doc: int, n: int = 30) -> list[TrainingPassage]:
    out = []
    for _ in range(n):
        marker = rng.choices(["alpha", "beta", ""], weights=[1, 1, 8])[0]
        words = [*rng.sample(FILLER, 6), marker] if marker else rng.sample(FILLER, 7)
        rng.shuffle(words)
        coded = rng.random() < RATES[marker]
        out.append(TrainingPassage(" ".join(words), frozenset({"c"} if coded else ()), group=doc))
    return out


@pytest.fixture(scope="module")
def corpus() -> tuple[list[TrainingPassage], list[list[TrainingPassage]]]:
    rng = random.Random(19)
    train = [p for d in range(40) for p in _document(rng, d)]
    new = [_document(rng, 100 + d) for d in range(30)]
    return train, new


def _by_marker(model: SuggestModel, docs: list[list[TrainingPassage]]) -> dict[str, list[float]]:
    """The code's probability for each passage of ``docs``, by its marker word."""
    out: dict[str, list[float]] = {"alpha": [], "beta": []}
    for doc in docs:
        scored = {s.passage: s.probability for s in model.score([p.text for p in doc])}
        for i, p in enumerate(doc):
            for marker in out:
                if marker in p.text.split():
                    out[marker].append(scored.get(i, 0.0))
    return out


def test_probabilities_are_the_chance_of_the_code(corpus):
    train, new = corpus
    model = SuggestModel.train(train, {})
    assert model.calibrator is not None
    found = _by_marker(model, new)
    alpha = sum(found["alpha"]) / len(found["alpha"])
    beta = sum(found["beta"]) / len(found["beta"])
    assert alpha == pytest.approx(RATES["alpha"], abs=0.15)
    assert beta == pytest.approx(RATES["beta"], abs=0.12)
    # The class-balanced model alone puts "beta" passages past its 0.5 boundary: a number
    # that reads as "more likely than not" for a code coded one time in five.
    raw = _by_marker(SuggestModel.train(train, {}, calibrate=False), new)
    assert sum(raw["beta"]) / len(raw["beta"]) > 0.5


def test_choose_offers_from_a_chance_of_one_in_three(corpus):
    """ "alpha" passages (coded 70% of the time) are offered, "beta" ones (20%) are not, though
    the class-balanced model puts both past its 0.5 boundary."""
    train, new = corpus
    model = SuggestModel.train(train, {})
    shown = right = betas = 0
    for doc in new:
        chosen = choose(model.score([p.text for p in doc]))
        assert all(s.calibrated and s.probability >= CHANCE for s in chosen)
        shown += len(chosen)
        right += sum("c" in doc[s.passage].codes for s in chosen)
        betas += sum("beta" in doc[s.passage].text.split() for s in chosen)
    assert shown
    assert right / shown >= 0.55  # each offered at >= 1/3; most are "alpha" ones, at 0.7
    assert betas <= shown // 10


def test_without_enough_codings_there_is_no_calibrator():
    passages = [TrainingPassage(f"alpha w{i}", frozenset({"c"}), group=i) for i in range(5)] + [
        TrainingPassage(f"w{i} w{i + 1}", frozenset(), group=i) for i in range(5)
    ]
    model = SuggestModel.train(passages, {})
    assert model.calibrator is None
    assert all(not s.calibrated for s in model.score(["alpha w3"]))


def test_calibrator_needs_outcomes_on_both_sides():
    rows = [Outcome(0.6, False, 10, 0.5, (), False, coded=True)] * 30
    assert Calibrator.fit(rows) is None


def test_a_retraining_borrows_the_calibrator_until_the_codings_change_by_a_tenth(corpus):
    train, _ = corpus
    first = SuggestModel.train(train, {})
    one_more = [*train, TrainingPassage("alpha w1 w2 w3", frozenset({"c"}), group=999)]
    assert SuggestModel.train(one_more, {}, previous=first).calibrator is first.calibrator
    twice = [*train, *(TrainingPassage(p.text, p.codes, group=1000 + p.group) for p in train)]
    assert SuggestModel.train(twice, {}, previous=first).calibrator is not first.calibrator


def test_a_teammates_coding_of_the_passage_gets_the_measured_agreement():
    """Not blind: a candidate that a teammate coded so is no prediction for an unseen
    document, and the calibrator never saw one; its chance is how often the coder agreed
    with that teammate where both coded."""
    rng = random.Random(7)
    passages: list[TrainingPassage] = []
    agreed = total = 0
    for d in range(40):
        for p in _document(rng, d):
            # The teammate codes 3 in 4 of the coder's passages, and 1 in 20 of the others.
            theirs = frozenset({"c"}) if rng.random() < (0.75 if p.codes else 0.05) else frozenset()
            total += len(theirs)
            agreed += len(theirs & p.codes)
            passages.append(
                TrainingPassage(p.text, p.codes | theirs, group=d, own=p.codes, theirs=theirs)
            )
    new = [p for p in _document(rng, 500) if p.codes]  # coded by the teammate alone
    passages += [TrainingPassage(p.text, p.codes, group=500, theirs=p.codes) for p in new]
    model = SuggestModel.train(passages, {})
    assert model.agreement == pytest.approx(agreed / total, abs=0.02)
    scored = [s for s in model.score([p.text for p in new], group=500) if s.code == "c"]
    assert scored
    assert all(s.taught and s.probability == model.agreement for s in scored)
    # The same words in another document: evidence for the model, not the teammate's say.
    elsewhere = [s for s in model.score([p.text for p in new], group=501) if s.code == "c"]
    assert not any(s.taught for s in elsewhere)


def test_liblinear_fits_never_run_side_by_side(corpus, monkeypatch):
    """liblinear keeps its random state in globals: two fits at once in two threads corrupt
    memory (a crash in TUI sessions that trained while another fit ran). Two trainings in two
    threads, several codes each: never two fits at the same time."""
    import threading
    import time

    from sklearn.linear_model import LogisticRegression

    train, _ = corpus
    several = [
        replace(p, codes=p.codes | ({"d"} if "beta" in p.text.split() else set())) for p in train
    ]
    failures: list[BaseException] = []

    def train_one() -> None:
        try:
            SuggestModel.train(several, {}, calibrate=False)
        except BaseException as exc:  # reported below: a thread does not fail the test
            failures.append(exc)

    running, most = [0], [0]
    guard = threading.Lock()
    real_fit = LogisticRegression.fit

    def fit(self, *args, **kwargs):
        if self.solver != "liblinear":
            return real_fit(self, *args, **kwargs)
        with guard:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.01)  # widen the window two fits would share
        try:
            return real_fit(self, *args, **kwargs)
        finally:
            with guard:
                running[0] -= 1

    monkeypatch.setattr(LogisticRegression, "fit", fit)
    threads = [threading.Thread(target=train_one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert most[0] == 1
