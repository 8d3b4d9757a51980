"""Revising a document: codings carried over, the old text kept, refusals change nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from workbench.core.errors import ConflictError, InputError
from workbench.services.adjudication import list_neither, take_neither
from workbench.services.codings import add_coding, list_codings, remove_coding
from workbench.services.history import undo
from workbench.services.revisions import document_versions, revise_document
from workbench.store.models import (
    AuditEvent,
    Coding,
    DateMention,
    Document,
    DocumentVersion,
    Sentence,
    Turn,
)

OLD = (
    "Interviewer: When did you first hear of the scheme?\n"
    "R1: In 2000. We went to an open day and copied what they did.\n"
    "Interviewer: And later?\n"
    "R1: By 2003 we were adapting ideas to our own context with a peer council.\n"
)
NEW = (
    "Interviewer: When did you first hear of the learning scheme?\n"
    "R1: In 2000. We went to an open day and copied what they did, more or less.\n"
    "R1: By 2003 we were adapting ideas to our own context with a peer council.\n"
    "Interviewer: Thank you.\n"
)


@pytest.fixture
def coded(coded_project):
    """The coded project's interview with four codings, one on a passage NEW drops."""
    p = coded_project
    for quote, code in (
        ("copied what they did", "imitation"),
        ("peer council", "peer"),
        ("When did you first hear of the scheme?", "tacit"),
        ("Interviewer: And later?", "tacit"),
    ):
        add_coding(p.uow(), document="Interview 01", quote=quote, code=code, coder="alice")
    return p


def snapshot(project):
    with project.uow() as uow:
        s = uow.session
        doc = s.scalar(select(Document).where(Document.title == "Interview 01"))
        return (
            doc.text,
            doc.revision,
            sorted(s.execute(select(Coding.id, Coding.start, Coding.end)).all()),
            s.scalar(select(func.count()).select_from(DocumentVersion)),
            s.scalar(select(func.count()).select_from(AuditEvent)),
            s.scalar(select(func.count()).select_from(Turn)),
        )


def write(tmp_path, text, name="v2.txt"):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f


def test_a_revision_carries_codings_over_and_keeps_the_old_text(coded, tmp_path):
    report = revise_document(
        coded, document="Interview 01", path=write(tmp_path, NEW), actor="alice", drop_lost=True
    )
    assert report.applied
    assert report.revision == 2
    assert report.counts == {"same": 0, "moved": 2, "fuzzy": 1, "lost": 1}
    assert report.dropped == 1
    listed = {c.quote for c in list_codings(coded.uow())}
    assert listed == {
        "copied what they did",
        "peer council",
        "When did you first hear of the learning scheme?",
    }
    with coded.uow() as uow:
        s = uow.session
        doc = s.scalar(select(Document).where(Document.title == "Interview 01"))
        stored = NEW.rstrip("\n")  # import normalisation drops the final newline
        assert doc.text == stored
        assert doc.revision == 2
        assert doc.length == len(stored)
        old = s.scalar(select(DocumentVersion))
        assert (old.revision, old.text, old.length) == (1, OLD.rstrip("\n"), len(OLD) - 1)
        turns = s.scalars(select(Turn.speaker).where(Turn.document_id == doc.id)).all()
        assert turns == ["Interviewer", "R1", "R1", "Interviewer"]
        sentences = s.execute(
            select(Sentence.start, Sentence.end).where(Sentence.document_id == doc.id)
        ).all()
        assert all(0 <= a < b <= len(NEW) for a, b in sentences)
        mentions = s.scalars(select(DateMention.text).where(DateMention.document_id == doc.id))
        assert set(mentions) == {"2000", "2003"}
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "document.revise"))
        assert event.before["revision"] == 1
        assert event.after["revision"] == 2
        assert [d["quote"] for d in event.after["dropped"]] == ["Interviewer: And later?"]
    versions = document_versions(coded, document="Interview 01")
    assert [v["revision"] for v in versions] == [1, 2]
    assert versions[-1]["replaced"] is None


def test_lost_codings_refuse_the_revision_and_change_nothing(coded, tmp_path):
    before = snapshot(coded)
    with pytest.raises(ConflictError, match=r"1 coding\(s\) .* cannot be found") as info:
        revise_document(coded, document="Interview 01", path=write(tmp_path, NEW), actor="alice")
    assert "\n" not in str(info.value)
    assert "v2.txt" in str(info.value)
    assert snapshot(coded) == before


def test_a_dry_run_reports_every_coding_and_changes_nothing(coded, tmp_path):
    before = snapshot(coded)
    report = revise_document(
        coded, document="Interview 01", path=write(tmp_path, NEW), actor="alice", dry_run=True
    )
    assert not report.applied
    assert len(report.codings) == 4
    moved = [c for c in report.codings if c.how == "moved"]
    assert all(NEW[c.new_start : c.new_end] == c.old_quote for c in moved)
    assert snapshot(coded) == before


def test_the_same_text_and_a_bad_file_are_refused_without_change(coded, tmp_path):
    before = snapshot(coded)
    with pytest.raises(ConflictError, match="same text as version 1"):
        revise_document(coded, document="Interview 01", path=write(tmp_path, OLD), actor="alice")
    binary = tmp_path / "v2.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(InputError, match=r"v2\.txt"):
        revise_document(coded, document="Interview 01", path=binary, actor="alice")
    with pytest.raises(InputError, match="minimum score"):
        revise_document(
            coded, document="Interview 01", path=write(tmp_path, NEW), actor="alice", min_score=0
        )
    assert snapshot(coded) == before


def test_an_undo_from_before_a_revision_does_not_write_stale_offsets(coded, tmp_path):
    [gone] = [c for c in list_codings(coded.uow()) if c.quote == "peer council"]
    remove_coding(coded.uow(), coding_id=gone.id, actor="alice")
    revise_document(
        coded, document="Interview 01", path=write(tmp_path, NEW), actor="alice", drop_lost=True
    )
    result = undo(coded, actor="alice")
    assert result is not None
    assert result.skipped
    assert "peer council" not in {c.quote for c in list_codings(coded.uow())}


def test_a_neither_decision_moves_with_its_passage(coded, tmp_path):
    start = OLD.index("adapting ideas")
    take_neither(
        coded,
        document="Interview 01",
        start=start,
        end=start + len("adapting ideas"),
        codes=["tacit"],
        actor="alice",
    )
    revise_document(
        coded, document="Interview 01", path=write(tmp_path, NEW), actor="alice", drop_lost=True
    )
    [mark] = list_neither(coded, document="Interview 01")
    assert NEW[mark.start : mark.end] == "adapting ideas"
