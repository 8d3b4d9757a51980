"""Loading revised codebooks into a project that already has codings."""

from __future__ import annotations

import textwrap

import pytest
from sqlalchemy import select

from workbench.core.errors import ConflictError, InputError
from workbench.services.codebook import (
    diff_codebook_file,
    find_codes,
    list_codes,
    load_codebook_file,
    merge_codes,
    rename_code,
    retire_code,
)
from workbench.services.coders import add_coder
from workbench.services.codings import add_coding, list_codings
from workbench.store.models import AuditEvent, Code

V1 = """\
codebook: {id: rev, name: Revisions}
codes:
  - id: push
    name: Dissemination push
    keywords: [best practice]
  - id: pull
    name: Learning pull
  - id: knowledge
    name: Knowledge
    children:
      - id: tacit
        name: Tacit knowledge
      - id: explicit
        name: Explicit knowledge
  - id: spare
    name: Spare
"""


def write(tmp_path, text, name="rev.yaml"):
    f = tmp_path / name
    f.write_text(textwrap.dedent(text))
    return f


@pytest.fixture
def rev_project(project, tmp_path):
    load_codebook_file(project.uow(), path=write(tmp_path, V1), actor="alice")
    from workbench.services.documents import import_file

    doc = tmp_path / "d.txt"
    doc.write_text("We shared best practice. Then we learned by doing it ourselves.\n")
    import_file(project, path=doc, title="D")
    for code, quote in (
        ("push", "shared best practice"),
        ("tacit", "learned by doing"),
        ("pull", "Then we"),
    ):
        add_coding(project.uow(), document="D", code=code, coder="alice", quote=quote)
    return project


def codes_by_guid(project):
    return {c.guid: c for c in list_codes(project.uow(), include_inactive=True)}


def test_rename_and_move_keep_codings_and_new_codes_are_added(rev_project, tmp_path):
    v2 = (
        V1.replace("name: Tacit knowledge", "name: Tacit know-how")
        .replace(
            "  - id: pull\n    name: Learning pull\n",
            "  - id: pull\n    name: Learning pull\n    children:\n"
            "      - id: pull.visit\n        name: Peer visits\n",
        )
        .replace("      - id: explicit\n        name: Explicit knowledge\n", "")
        .replace(
            "  - id: spare\n", "  - id: explicit\n    name: Explicit knowledge\n  - id: spare\n"
        )
    )
    f = write(tmp_path, v2, "v2.yaml")
    _, diff = diff_codebook_file(rev_project.uow(), path=f)
    assert [c.id for c in diff.added] == ["pull.visit"]
    assert diff.renamed == (("tacit", "Tacit knowledge", "Tacit know-how"),)
    assert diff.moved == (("explicit", "knowledge", None),)
    result = load_codebook_file(rev_project.uow(), path=f, actor="alice")
    assert result.deleted == ()
    assert len(result.diff.added) == 1
    codes = codes_by_guid(rev_project)
    assert codes["tacit"].path == "Knowledge/Tacit know-how"
    assert codes["tacit"].codings == 1
    assert codes["explicit"].parent_guid is None
    assert codes["pull.visit"].parent_guid == "pull"
    assert [c.code for c in list_codings(rev_project.uow(), code="tacit")] == ["tacit"]


def test_dropping_a_code_with_codings_is_refused_and_nothing_changes(rev_project, tmp_path):
    v2 = V1.replace(
        "  - id: push\n    name: Dissemination push\n    keywords: [best practice]\n", ""
    ).replace("name: Learning pull", "name: Pull renamed")
    f = write(tmp_path, v2, "v2.yaml")
    with pytest.raises(ConflictError, match=r"push \(1 codings\).*--retire.*--merge-into"):
        load_codebook_file(rev_project.uow(), path=f, actor="alice")
    codes = codes_by_guid(rev_project)
    assert codes["pull"].name == "Learning pull"  # the failed load changed nothing
    assert codes["push"].status == "active"


def test_retire_keeps_the_code_and_its_codings(rev_project, tmp_path):
    v2 = V1.replace(
        "  - id: push\n    name: Dissemination push\n    keywords: [best practice]\n", ""
    )
    result = load_codebook_file(
        rev_project.uow(), path=write(tmp_path, v2, "v2.yaml"), actor="alice", retire=("push",)
    )
    assert result.retired == ("push",)
    codes = codes_by_guid(rev_project)
    assert codes["push"].status == "retired"
    assert codes["push"].codings == 1
    assert "push" not in {c.guid for c in list_codes(rev_project.uow())}
    with pytest.raises(InputError, match="retired"):
        add_coding(rev_project.uow(), document="D", code="push", coder="alice", quote="We shared")


def test_merge_into_moves_codings(rev_project, tmp_path):
    v2 = V1.replace(
        "  - id: push\n    name: Dissemination push\n    keywords: [best practice]\n", ""
    )
    result = load_codebook_file(
        rev_project.uow(),
        path=write(tmp_path, v2, "v2.yaml"),
        actor="alice",
        merge_into={"push": "pull"},
    )
    assert result.merged == (("push", "pull", 1),)
    codes = codes_by_guid(rev_project)
    assert codes["pull"].codings == 2
    assert codes["push"].status == "merged"
    with pytest.raises(InputError, match="was merged into 'Learning pull'"):
        add_coding(rev_project.uow(), document="D", code="push", coder="alice", quote="We shared")


def test_a_dropped_code_without_codings_is_removed(rev_project, tmp_path):
    v2 = V1.replace("  - id: spare\n    name: Spare\n", "")
    result = load_codebook_file(
        rev_project.uow(), path=write(tmp_path, v2, "v2.yaml"), actor="alice"
    )
    assert result.deleted == ("spare",)
    assert "spare" not in codes_by_guid(rev_project)


def test_retire_flag_must_name_a_dropped_code(rev_project, tmp_path):
    with pytest.raises(InputError, match="does not remove"):
        load_codebook_file(
            rev_project.uow(),
            path=write(tmp_path, V1, "same.yaml"),
            actor="alice",
            retire=("pull",),
        )


def test_ids_cannot_collide_across_codebooks(rev_project, tmp_path):
    other = "codebook: {id: other, name: Other}\ncodes:\n  - id: push\n    name: Push\n"
    with pytest.raises(ConflictError, match="already belongs to codebook 'rev'"):
        load_codebook_file(rev_project.uow(), path=write(tmp_path, other, "o.yaml"), actor="alice")


def test_rename_merge_retire_commands(rev_project):
    rename_code(rev_project.uow(), code="pull", new_name="Learning demand", actor="alice")
    with pytest.raises(ConflictError, match="sibling"):
        rename_code(rev_project.uow(), code="push", new_name="learning demand", actor="alice")
    add_coder(rev_project.uow(), handle="bob")
    add_coding(
        rev_project.uow(), document="D", code="tacit", coder="alice", quote="shared best practice"
    )
    moved = merge_codes(
        rev_project.uow(), source="push", target="Knowledge/Tacit knowledge", actor="alice"
    )
    assert moved == 0  # alice's identical tacit coding made push's a duplicate: dropped
    codes = codes_by_guid(rev_project)
    assert codes["tacit"].codings == 2
    assert codes["pull"].name == "Learning demand"
    retire_code(rev_project.uow(), code="spare", actor="alice")
    with pytest.raises(ConflictError, match="already retired"):
        retire_code(rev_project.uow(), code="spare", actor="alice")
    with rev_project.uow() as uow:
        actions = uow.session.scalars(select(AuditEvent.action)).all()
    assert {"code.rename", "code.merge", "code.retire", "codebook.load"} <= set(actions)
    with rev_project.uow() as uow:
        assert uow.session.scalar(select(Code.version).where(Code.guid == "pull")) == 2


def test_fuzzy_find(coded_project):
    hits = find_codes(coded_project.uow(), query="tacit knowlege")
    assert hits[0].name == "Tacit knowledge"
    by_keyword = find_codes(coded_project.uow(), query="open days")
    assert by_keyword
    assert by_keyword[0].score >= 80
    assert find_codes(coded_project.uow(), query="") == []


def test_diff_counts_the_codings_of_dropped_codes(rev_project, tmp_path):
    v2 = V1.replace(
        "  - id: push\n    name: Dissemination push\n    keywords: [best practice]\n", ""
    ).replace("  - id: spare\n    name: Spare\n", "")
    _, diff = diff_codebook_file(rev_project.uow(), path=write(tmp_path, v2, "v2.yaml"))
    removed = {c.id: c.detail for c in diff.changes if c.kind == "removed"}
    assert removed == {"push": "Dissemination push (1 codings)", "spare": "Spare (0 codings)"}
