"""Memos on documents, codes and the project: written, searched, owned, audited."""

from __future__ import annotations

import pytest

from workbench.core.errors import ConflictError, InputError
from workbench.services.memos import list_memos, own_memo, write_memo
from workbench.services.reading import list_document_rows


@pytest.fixture
def doc(coded_project) -> int:
    return list_document_rows(coded_project, coder="alice")[0].id


def test_write_search_change_and_delete(coded_project, doc):
    p = coded_project
    a = write_memo(p, coder="alice", body="The open day matters here.", document_id=doc)
    write_memo(p, coder="alice", body="Tacit versus explicit: keep apart.", code="tacit")
    write_memo(p, coder="bob", body="Project-wide: phases look like 2001 and 2004.")
    assert [(m.kind, m.about) for m in list_memos(p)] == [
        ("project", "the project"),
        ("code", "Tacit knowledge"),
        ("document", "Interview 01"),
    ]
    assert [m.kind for m in list_memos(p, query="OPEN day")] == ["document"]
    assert [m.coder for m in list_memos(p, kind="project")] == ["bob"]
    assert own_memo(p, coder="alice", document_id=doc).id == a.id
    assert own_memo(p, coder="alice") is None
    changed = write_memo(p, coder="alice", body="Open days matter.", memo_id=a.id)
    assert changed.body == "Open days matter."
    with pytest.raises(ConflictError, match="another coder's"):
        write_memo(p, coder="bob", body="mine now", memo_id=a.id)
    assert write_memo(p, coder="alice", body="  ", memo_id=a.id) is None
    assert len(list_memos(p)) == 2
    with pytest.raises(InputError, match="empty"):
        write_memo(p, coder="alice", body="")


def test_memos_travel_in_the_refi_qda_export_and_import(coded_project, doc, tmp_path):
    from workbench.services.exchange.export import export_qdpx
    from workbench.services.exchange.importing import import_qdpx
    from workbench.services.project import init_project

    p = coded_project
    write_memo(p, coder="alice", body="On the interview.", document_id=doc)
    write_memo(p, coder="alice", body="On the code.", code="tacit")
    write_memo(p, coder="bob", body="On the project.")
    out = tmp_path / "study.qdpx"
    export_qdpx(p, out=out)
    other = init_project("copy", base=tmp_path / "other", coder="carol")
    try:
        import_qdpx(other, path=out, actor="carol")
        got = sorted((m.kind, m.about, m.coder, m.body) for m in list_memos(other))
    finally:
        other.close()
    assert got == [
        ("code", "Tacit knowledge", "alice", "On the code."),
        ("document", "Interview 01", "alice", "On the interview."),
        ("project", "the project", "bob", "On the project."),
    ]
