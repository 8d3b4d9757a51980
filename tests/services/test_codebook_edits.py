"""Codebook edits from the coding view: audited, undoable, and the YAML file in step on save."""

from __future__ import annotations

import pytest

from workbench.core.errors import ConflictError, InputError
from workbench.services.codebook import diff_codebook_file, list_codes
from workbench.services.codebook_edits import (
    create_code,
    edit_code,
    in_vivo_code,
    in_vivo_name,
    save_codebook,
)
from workbench.services.codings import list_codings
from workbench.services.history import history_state, redo, undo
from workbench.services.reading import list_document_rows


@pytest.fixture
def doc(coded_project) -> int:
    return list_document_rows(coded_project, coder="alice")[0].id


def codes(project):
    return {c.guid: c for c in list_codes(project.uow(), include_inactive=True)}


def test_new_code_rename_recolour_move_retire_and_undo_each(coded_project):
    p = coded_project
    new = create_code(p, name="  Peer  council ", actor="alice", parent="peer", colour="red")
    assert (new.guid, new.name, new.colour, new.path) == (
        "peer-council",
        "Peer council",
        "#d62728",
        "Peer exchange/Peer council",
    )
    assert history_state(p, actor="alice").undo == "new code 'Peer council'"
    edit_code(p, code="peer-council", actor="alice", name="Peer councils")
    edit_code(p, code="peer-council", actor="alice", colour="#00ff00")
    edit_code(p, code="peer-council", actor="alice", parent=None)
    edit_code(p, code="peer-council", actor="alice", status="retired")
    got = codes(p)["peer-council"]
    assert (got.name, got.colour, got.parent_guid, got.status) == (
        "Peer councils",
        "#00ff00",
        None,
        "retired",
    )
    for _ in range(4):
        assert undo(p, actor="alice").codebook
    got = codes(p)["peer-council"]
    assert (got.name, got.colour, got.parent_guid, got.status) == (
        "Peer council",
        "#d62728",
        "peer",
        "active",
    )
    undo(p, actor="alice")
    assert "peer-council" not in codes(p)
    redo(p, actor="alice")
    assert codes(p)["peer-council"].name == "Peer council"


def test_bad_edits_are_refused(coded_project):
    p = coded_project
    with pytest.raises(InputError, match="empty"):
        create_code(p, name="  ", actor="alice")
    with pytest.raises(ConflictError, match="already named"):
        create_code(p, name="tacit knowledge", actor="alice")
    with pytest.raises(InputError, match="bad colour"):
        edit_code(p, code="tacit", actor="alice", colour="mauve")
    with pytest.raises(InputError, match="under itself"):
        edit_code(p, code="peer", actor="alice", parent="peer")
    with pytest.raises(ConflictError, match="like that already"):
        edit_code(p, code="tacit", actor="alice", name="Tacit knowledge")


@pytest.mark.parametrize("bad", ["Peer\u202ereview", "Bell\x07", "Esc\x1b[2J", "C1\x9bx"])
def test_typed_code_names_with_terminal_controls_are_refused_and_named(coded_project, bad):
    from workbench.services.codebook import rename_code

    p = coded_project
    with pytest.raises(InputError, match=r"U\+[0-9A-F]{4}") as new:
        create_code(p, name=bad, actor="alice")
    said = str(new.value)
    assert "\\u" in said
    assert not any(c in said for c in bad if ord(c) < 32 or 0x7F <= ord(c) < 0xA0)
    with pytest.raises(InputError, match=r"U\+"):
        edit_code(p, code="tacit", actor="alice", name=bad)
    with pytest.raises(InputError, match=r"U\+"):
        rename_code(p.uow(), code="tacit", new_name=bad, actor="alice")
    assert codes(p)["tacit"].name == "Tacit knowledge"


def test_in_vivo_names_lose_terminal_controls():
    assert in_vivo_name("we \u202ecopied\x07 them") == "we copied them"


def test_in_vivo_code_is_one_step(coded_project, doc):
    p = coded_project
    text = list_document_rows(p, coder="alice")[0]
    assert text.id == doc
    result = in_vivo_code(p, document_id=doc, start=101, end=109, coder="alice")
    assert result.segment.code_name == result.code.name
    assert [c.code for c in list_codings(p.uow())] == [result.code.guid]
    assert history_state(p, actor="alice").undo.startswith("in-vivo code")
    undo(p, actor="alice")
    assert list_codings(p.uow()) == []
    assert result.code.guid not in codes(p)
    assert in_vivo_name('  "we copied\n what they did."  ') == "we copied what they did"
    assert in_vivo_name("word " * 30).endswith("…")
    with pytest.raises(InputError, match="no words"):
        in_vivo_code(p, document_id=doc, start=51, end=52, coder="alice")  # "\n"


def test_an_undo_of_a_code_in_use_is_skipped(coded_project, doc):
    from workbench.services.segments import apply_code

    p = coded_project
    create_code(p, name="Open days", actor="alice")
    apply_code(p, document_id=doc, start=5, end=15, code="open-days", coder="bob")
    result = undo(p, actor="alice")
    assert result.skipped
    assert "open-days" in codes(p)


def test_save_writes_yaml_that_loads_and_diff_agrees(coded_project, tmp_path):
    from tests.conftest import LEARNING

    p = coded_project
    copy = tmp_path / "book.yaml"
    copy.write_text(LEARNING.read_text(encoding="utf-8"), encoding="utf-8")
    assert diff_codebook_file(p.uow(), path=copy)[1].is_empty
    create_code(p, name="Peer council", actor="alice", parent="peer")
    edit_code(p, code="tacit", actor="alice", name="Tacit know-how", colour="green")
    _book, diff = diff_codebook_file(p.uow(), path=copy)
    assert {(c.id, c.kind) for c in diff.changes} == {
        ("peer-council", "removed"),
        ("tacit", "renamed"),
        ("tacit", "changed"),
    }
    saved = save_codebook(p, path=copy)
    assert saved.backup is not None
    assert saved.backup.read_text(encoding="utf-8") == LEARNING.read_text(encoding="utf-8")
    assert diff_codebook_file(p.uow(), path=copy)[1].is_empty
    assert "Tacit know-how" in copy.read_text(encoding="utf-8")
