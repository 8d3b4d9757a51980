"""Code counts: own and with children, segments and sources (documents counted once)."""

from __future__ import annotations

from workbench.services.code_counts import CodeCount, code_counts
from workbench.services.codings import add_coding
from workbench.services.documents import import_file
from workbench.services.reading import list_document_rows


def test_counts_aggregate_children_and_count_each_source_once(coded_project, tmp_path):
    p = coded_project
    f = tmp_path / "second.txt"
    f.write_text("R2: We tailored the idea and recombined two schemes.\n", encoding="utf-8")
    import_file(p, path=f, title="Second", kind="interview")
    first, second = sorted(r.id for r in list_document_rows(p, coder="alice"))
    add_coding(p.uow(), document=first, code="adaptation", coder="alice", quote="adapting")
    add_coding(
        p.uow(), document=second, code="adaptation.tailoring", coder="alice", quote="tailored"
    )
    add_coding(
        p.uow(), document=second, code="adaptation.recombination", coder="bob", quote="recombined"
    )
    add_coding(
        p.uow(),
        document=second,
        code="adaptation.recombination",
        coder="alice",
        quote="two schemes",
    )
    counts = code_counts(p)
    assert counts["adaptation"] == CodeCount(1, 1, 4, 2)
    assert counts["adaptation.recombination"] == CodeCount(2, 1, 2, 1)
    assert counts["adaptation.tailoring"] == CodeCount(1, 1, 1, 1)
    assert code_counts(p, only_coder="bob")["adaptation"] == CodeCount(0, 0, 1, 1)
