"""The suggestion model's method: neighbours as context, keyword rates measured on the
coded passages, and more than one code for a passage."""

from __future__ import annotations

from workbench.nlp.suggest_model import KEYWORD_HIT, SuggestModel, TrainingPassage, choose

PEER = "peer visits let officers see how another council works in practice"
OTHER = "the budget for the year was agreed by the finance committee in march"
PLAIN = "we kept doing that for a good while afterwards"


def test_neighbouring_sentences_tip_the_balance():
    """A plain sentence after talk of peer visits was coded; the same sentence after talk
    of the budget was not: the model learns it from the neighbours alone."""
    passages = [
        TrainingPassage(f"{PLAIN} {i}", frozenset({"peer"}), context=(PEER, "")) for i in range(6)
    ] + [TrainingPassage(f"{PLAIN} {i}", frozenset(), context=(OTHER, "")) for i in range(6, 18)]
    model = SuggestModel.train(passages, {})
    after_peer = model.score([(PLAIN, (), (PEER, ""))])
    after_budget = model.score([(PLAIN, (), (OTHER, ""))])
    assert after_peer
    assert after_peer[0].code == "peer"
    assert not after_budget or after_budget[0].probability < after_peer[0].probability
    # Words that are only the neighbours' are never given as the reason.
    assert not set(after_peer[0].words) & set(PEER.split())


def test_keyword_rates_are_measured_on_the_coded_passages():
    """A keyword that coders passed over nine times in ten no longer suggests its code."""
    keywords = {"od": ("open day",)}
    passages = [
        TrainingPassage(f"the open day was busy, visit {i}", frozenset({"od"} if i == 0 else ()))
        for i in range(10)
    ] + [TrainingPassage(f"{OTHER} item {i}", frozenset()) for i in range(10)]
    model = SuggestModel.train(passages, keywords)
    hit, miss = model.keyword_rates["od"]
    assert hit < 0.25 < KEYWORD_HIT
    assert miss < 0.05
    assert not choose(model.score(["they held an open day for the council"]))
    # Nothing coded yet: the codebook's keywords carry the suggestion.
    cold = SuggestModel.train([], keywords)
    assert [s.code for s in choose(cold.score(["they held an open day for the council"]))] == ["od"]


def test_a_passage_can_get_two_codes():
    passages = [
        TrainingPassage(f"{PEER} {OTHER} {i}", frozenset({"peer", "budget"})) for i in range(6)
    ] + [TrainingPassage(f"{PLAIN} item {i}", frozenset()) for i in range(12)]
    model = SuggestModel.train(passages, {})
    chosen = choose(model.score([f"{PEER} {OTHER}"]))
    assert sorted(s.code for s in chosen) == ["budget", "peer"]
