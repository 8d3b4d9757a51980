"""Learned suggestions: the model ranks by probability, says why, learns from reject, skips
front matter and references; and the model module on its own."""

from __future__ import annotations

from workbench.nlp.suggest_model import (
    SuggestModel,
    TrainingPassage,
    choose,
    keyword_hits,
    skipped_spans,
    stem,
)
from workbench.services.documents import import_file
from workbench.services.segments import apply_code
from workbench.services.suggestions import (
    reject_suggestion,
    settle,
    suggest_codings,
)

PEER = "peer visits let officers see how another council works in practice"
OTHER = "the budget for the year was agreed by the finance committee in march"


def test_stems_meet_keywords_without_a_pipeline():
    assert stem("copied") == stem("copy")
    assert stem("days") == stem("day")
    assert keyword_hits("We went to two open days.", {"od": ("open day",)}) == {"od": ["open day"]}
    assert keyword_hits("We opened the day.", {"od": ("open day",)}) == {}


def test_model_ranks_the_learned_code_first_and_says_why():
    passages = [
        TrainingPassage(f"{PEER} number {i}", frozenset({"peer"}), ref=("p", i)) for i in range(6)
    ] + [TrainingPassage(f"{OTHER} item {i}", frozenset(), ref=("o", i)) for i in range(12)]
    model = SuggestModel.train(passages, {})
    scored = model.score(
        [
            "the finance committee agreed the budget",
            "officers went on peer visits to another council",
        ]
    )
    best = choose(scored)[0]
    assert (best.passage, best.code) == (1, "peer")
    assert best.words
    assert set(" ".join(best.words).split()) <= {stem(w) for w in PEER.split()} | set(PEER.split())
    assert best.similar[0] == "p"


def test_rejected_passage_is_a_negative_example():
    base = [TrainingPassage(f"{PEER} number {i}", frozenset({"peer"}), ref=i) for i in range(6)] + [
        TrainingPassage(f"{OTHER} item {i}", frozenset()) for i in range(12)
    ]
    text = "officers went on peer visits to another council"
    before = SuggestModel.train(base, {}).score([text])[0].probability
    rejected = [TrainingPassage(text, frozenset(), frozenset({"peer"}))] * 3
    after = SuggestModel.train(base + rejected, {}).score([text])
    assert not after or after[0].probability < before


def test_front_matter_and_references_are_skipped():
    text = (
        "Learning in councils\nA. Author\nThis article is licensed under a Creative Commons "
        "licence.\n\nIntroduction\nCouncils copied what award holders did.\n"
        + "Body text about learning.\n" * 20
        + "References\nHartley, J. (2005) Innovation in governance. Public Money 25(1).\n"
    )
    spans = skipped_spans(text)
    at = text.index("Creative")
    assert any(a <= at < b for a, b in spans)
    assert not any(a <= text.index("Councils copied") < b for a, b in spans)
    assert any(a <= text.index("Hartley") < b for a, b in spans)


def _team_coded(p, tmp_path) -> int:
    """bob codes peer exchange in a training interview; returns a new, uncoded document."""
    lines = [f"R1: {PEER}, said officer {i}." for i in range(14)]
    lines += [f"R1: {OTHER}, said officer {i}." for i in range(14)]
    f = tmp_path / "training.txt"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tid = import_file(p, path=f, title="Training", kind="interview", date="2004").id
    from workbench.services.reading import open_document

    ttext = open_document(p, document_id=tid).text
    for i in range(12):
        a = ttext.index(f"{PEER}, said officer {i}.")
        apply_code(p, document_id=tid, start=a, end=a + len(PEER), code="peer", coder="bob")
    g = tmp_path / "new.txt"
    g.write_text(
        "R2: Our officers made peer visits to see how another council works.\n"
        "R2: The finance committee agreed the budget in march.\n",
        encoding="utf-8",
    )
    return import_file(p, path=g, title="New", kind="interview", date="2005").id


def test_blind_mode_learns_only_from_the_coders_own_codings(coded_project, tmp_path):
    from workbench.services.team import set_blind

    nid = _team_coded(coded_project, tmp_path)
    set_blind(coded_project, True)
    found = suggest_codings(coded_project, document_id=nid, coder="alice")
    assert all(s.similar is None for s in found), "bob's codings must not reach a blind coder"
    # bob's own model learns from his codings.
    mine = suggest_codings(coded_project, document_id=nid, coder="bob")
    assert any(s.code == "peer" and s.similar for s in mine)


def test_service_learns_from_codings_and_reject(coded_project, tmp_path):
    p = coded_project
    nid = _team_coded(p, tmp_path)
    found = [s for s in suggest_codings(p, document_id=nid, coder="alice") if s.code == "peer"]
    assert found, "the team's codings teach alice's model (not blind)"
    s = found[0]
    assert s.probability is not None
    assert s.probability >= 0.5
    assert s.similar is not None
    assert "Training" in s.similar
    assert s.words
    reject_suggestion(p, suggestion=s, coder="alice")
    settle()
    again = [x for x in suggest_codings(p, document_id=nid, coder="alice") if x.key == s.key]
    assert again == []
