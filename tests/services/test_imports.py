"""Importing through the whole pipeline: readers, NLP, metadata, storage, failures."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from sqlalchemy import func, select

from workbench.core.errors import ConflictError, InputError
from workbench.ingest.metadata import DocumentMeta
from workbench.services.documents import import_file, list_documents
from workbench.services.imports import collect, import_documents, import_survey
from workbench.services.indicators import import_indicators, list_indicators
from workbench.services.speakers import list_speakers, set_speaker_role
from workbench.store.models import DateMention, Document, Sentence, Turn

TRANSCRIPT = (
    "Interviewer: When did your council first take part?\n\n"
    "R1: In spring 2001 we went to an open day at Eastfield. Two years later we had "
    "adapted their scheme.\n\n"
    "Interviewer: And what changed after 2004?\n\n"
    "R1: Between 2004 and 2006 we began to design our own approach.\n"
)


def counts(project):
    with project.uow() as uow:
        s = uow.session
        return tuple(
            s.scalar(select(func.count()).select_from(m))
            for m in (Document, Turn, Sentence, DateMention)
        )


def test_a_transcript_gets_turns_sentences_mentions_and_its_source_kept(project, tmp_path):
    f = tmp_path / "int-01.txt"
    f.write_text(TRANSCRIPT)
    info = import_file(project, path=f, kind="interview", case="Eastfield", date="2006-05")
    assert (info.kind, info.case, info.date, info.turns) == ("interview", "Eastfield", "2006-05", 4)
    with project.uow() as uow:
        s = uow.session
        doc = s.get(Document, info.id)
        turns = s.scalars(select(Turn).order_by(Turn.ordinal)).all()
        sentences = s.scalars(select(Sentence).order_by(Sentence.ordinal)).all()
        mentions = s.scalars(select(DateMention).order_by(DateMention.start)).all()
        assert [t.speaker for t in turns] == ["Interviewer", "R1", "Interviewer", "R1"]
        assert doc.text[turns[1].start : turns[1].end].startswith("R1: In spring 2001")
        assert all(doc.text[x.start : x.end].strip() for x in sentences)
        assert len(sentences) >= 5
        by_text = {m.text: m for m in mentions}
        assert by_text["spring 2001"].date_start == date(2001, 3, 1)
        assert by_text["Two years later"].inferred
        stored = project.root / doc.source_path
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == doc.source_sha256
        assert doc.text == TRANSCRIPT.strip()


def test_word_transcript_with_bold_speakers(project, tmp_path):
    import docx

    d = docx.Document()
    for speaker, speech in (
        ("Interviewer:", " What happened in 2003?"),
        ("Ms Hale:", " We hosted three peer visits that year."),
        ("Interviewer:", " And later?"),
    ):
        para = d.add_paragraph()
        para.add_run(speaker).bold = True
        para.add_run(speech)
    f = tmp_path / "hale.docx"
    d.save(f)
    info = import_file(project, path=f, kind="interview")
    assert info.turns == 3
    assert [s.label for s in list_speakers(project)] == ["Interviewer", "Ms Hale"]


def test_subtitles_become_turns_with_times(project, tmp_path):
    f = tmp_path / "focus.vtt"
    f.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.500\n<v Moderator>Tell me about 2002.\n\n"
        "00:00:05.000 --> 00:00:09.000\n<v Cllr Reed>We joined the network.\n"
    )
    import_file(project, path=f)
    with project.uow() as uow:
        turns = uow.session.scalars(select(Turn).order_by(Turn.ordinal)).all()
    assert [(t.speaker, t.start_ms, t.end_ms) for t in turns] == [
        ("Moderator", 1000, 4500),
        ("Cllr Reed", 5000, 9000),
    ]


def test_folders_recurse_cut_symlink_loops_and_one_failure_leaves_nothing(project, tmp_path):
    root = tmp_path / "corpus"
    (root / "wave1").mkdir(parents=True)
    (root / "wave1" / "a.txt").write_text("First document about 2001.\n")
    (root / "wave1" / "b.md").write_text("# Notes\n\nSecond document, spring 2002.\n")
    (root / "wave1" / "loop").symlink_to(root)
    (root / "empty.txt").write_text("   \n")
    (root / "bin.txt").write_bytes(b"\x00\x01\x02\x03binary")
    (root / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (root / "ignored.xyz").write_text("not a document type")
    items, problems = collect([root])
    # a file of an unsupported type is listed with the reason, not left out silently
    assert [(p.path.split("/")[-1], p.status) for p in problems] == [("ignored.xyz", "skipped")]
    assert "unsupported file type '.xyz'" in problems[0].reason
    outcomes = import_documents(project, items)
    status = {o.path.split("/")[-1]: (o.status, o.reason) for o in outcomes}
    assert status["a.txt"][0] == status["b.md"][0] == "imported"
    assert status["empty.txt"] == ("failed", status["empty.txt"][1])
    assert "empty" in status["empty.txt"][1]
    assert "binary" in status["bin.txt"][1]
    assert status["broken.docx"][0] == "failed"
    assert "ignored.xyz" not in status
    assert len(outcomes) == 5
    assert counts(project)[0] == 2


def test_folder_without_documents_is_reported(project, tmp_path):
    (tmp_path / "nothing").mkdir()
    _, problems = collect([tmp_path / "nothing"])
    assert problems[0].reason == "folder holds no documents"


def test_duplicates_are_refused_unless_allowed(project, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Some text from 2003.\n")
    import_file(project, path=f)
    with pytest.raises(ConflictError, match="already imported"):
        import_file(project, path=f)
    import_file(project, path=f, allow_duplicate=True)
    assert counts(project)[0] == 2


def test_size_limit_and_bad_metadata(project, tmp_path):
    project.config.import_["max_file_mb"] = 0.0001
    big = tmp_path / "big.txt"
    big.write_text("x" * 1000)
    with pytest.raises(InputError, match="limit"):
        import_file(project, path=big)
    with pytest.raises(InputError, match="impossible"):
        import_file(project, path=big, date="2004-02-31")
    assert counts(project) == (0, 0, 0, 0)


def test_sidecar_and_manifest_metadata(project, tmp_path):
    (tmp_path / "docs").mkdir()
    a, b = tmp_path / "docs" / "a.txt", tmp_path / "docs" / "b.txt"
    a.write_text("Document A, 2001.\n")
    b.write_text("Document B, 2004.\n")
    (tmp_path / "docs" / "a.txt.meta.yaml").write_text(
        "title: From sidecar\nkind: fieldnote\ndate: 2001-06\nsite: north\n"
    )
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "file,title,kind,date,case,wave\n"
        "docs/a.txt,From manifest,,,Northbridge,1\n"
        "docs/b.txt,Policy paper,document,Q3 2004,,2\n"
    )
    items, _ = collect([], meta=DocumentMeta(kind="interview"), manifest=manifest)
    import_documents(project, items)
    docs = {d.title: d for d in list_documents(project)}
    a_doc = docs["From manifest"]  # the manifest row beats the sidecar...
    assert (a_doc.kind, a_doc.date, a_doc.case) == ("fieldnote", "2001-06", "Northbridge")
    assert a_doc.attributes["site"] == "north"  # ...which fills what the row leaves out
    assert a_doc.attributes["wave"] == "1"
    assert (docs["Policy paper"].kind, docs["Policy paper"].date) == ("document", "Q3 2004")

    yaml_manifest = tmp_path / "more.yaml"
    yaml_manifest.write_text("documents:\n  - file: docs/a.txt\n    date: 2004-13\n")
    with pytest.raises(InputError, match=r"more.yaml:2: date: impossible month"):
        collect([], manifest=yaml_manifest)


def test_survey_rows_and_respondents(project, tmp_path):
    f = tmp_path / "wave2.csv"
    f.write_text(
        "respondent,council,answer\n"
        "R1,North,We adapted the visit ideas to our own context in 2004.\n"
        "R2,South,Attending the open day gave us the confidence to try.\n"
        "R1,North,Later we mentored another council ourselves.\n"
    )
    per_row = import_survey(project, path=f, text_columns=["answer"])
    assert len(per_row) == 3
    with pytest.raises(ConflictError):
        import_survey(project, path=f)
    per_person = import_survey(
        project,
        path=f,
        text_columns=["answer"],
        respondent_column="respondent",
        allow_duplicate=True,
    )
    assert len(per_person) == 2
    docs = [d for d in list_documents(project) if d.attributes.get("respondent") == "R1"]
    assert docs[0].kind == "survey"
    assert docs[0].attributes["council"] == "North"


def test_indicators_and_speaker_roles(project, tmp_path):
    f = tmp_path / "ind.csv"
    f.write_text(
        "indicator,date,value,source\nmade a change,2001,55%,survey\n"
        "made a change,2004,79%,survey\n"
    )
    assert import_indicators(project.uow(), path=f, actor="alice") == 2
    rows = list_indicators(project.uow())
    assert [(r.date, r.value, r.unit) for r in rows] == [("2001", 55.0, "%"), ("2004", 79.0, "%")]
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,date,value\nx,2001,lots\ny,2004-13,3\n")
    from workbench.coding.exchange import BadRowsError

    with pytest.raises(BadRowsError) as info:
        import_indicators(project.uow(), path=bad, actor="alice")
    assert [p.line for p in info.value.problems] == [2, 3]

    t = tmp_path / "t.txt"
    t.write_text(TRANSCRIPT)
    import_file(project, path=t)
    assert set_speaker_role(project, label="R1", role="chief executive", actor="alice") == 2
    roles = {s.label: s.role for s in list_speakers(project)}
    assert roles == {"R1": "chief executive", "Interviewer": None}
    t2 = tmp_path / "t2.txt"
    t2.write_text(TRANSCRIPT + "\nR1: One more thing.\n")
    import_file(project, path=t2)  # new imports take their roles from the map
    with project.uow() as uow:
        assert set(uow.session.scalars(select(Turn.role).where(Turn.speaker == "R1"))) == {
            "chief executive"
        }


def test_a_large_import_analyses_in_workers_with_the_same_result(project, tmp_path):
    """From PARALLEL_FROM files on, workers read and analyse: same documents, same rows."""
    from workbench.services.imports import PARALLEL_FROM
    from workbench.store.models import DateMention, Document, Sentence, Turn

    folder = tmp_path / "many"
    folder.mkdir()
    n = PARALLEL_FROM + 6
    for i in range(n):
        body = (
            ""
            if i in (3, 40)
            else (
                f"Interviewer: What happened in {1999 + i % 9}?\n\n"
                f"R{i}: We copied the open day in spring 2001. Two years later we adapted it.\n"
            )
        )
        (folder / f"int-{i:03d}.txt").write_text(body, encoding="utf-8")
    items, _ = collect([folder])
    outcomes = import_documents(project, items)
    assert sorted(o.status for o in outcomes).count("imported") == n - 2
    failed = sorted(o.path for o in outcomes if o.status == "failed")
    assert [p.rsplit("/", 1)[-1] for p in failed] == ["int-003.txt", "int-040.txt"]
    with project.uow() as uow:
        s = uow.session
        assert s.scalar(select(func.count()).select_from(Document)) == n - 2
        per_doc = s.execute(
            select(Document.source_name, func.count(Turn.id))
            .join(Turn, Turn.document_id == Document.id)
            .group_by(Document.source_name)
        ).all()
        assert all(count == 2 for _, count in per_doc)
        assert len(per_doc) == n - 2
        assert s.scalar(select(func.count()).select_from(Sentence)) >= 2 * (n - 2)
        assert s.scalar(select(func.count()).select_from(DateMention)) >= 2 * (n - 2)
    # the same file again is recognised, whichever process read it
    again = import_documents(project, items)
    assert {o.status for o in again} == {"skipped", "failed"}


def test_a_script_without_a_main_guard_can_run_a_large_import(tmp_path):
    """Worker processes must not re-run the caller's script (spawn would)."""
    import subprocess
    import sys

    from tests.conftest import REPO

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(70):
        (folder / f"f{i:02d}.txt").write_text(f"R1: In spring 2001 we copied it ({i}).\n")
    script = tmp_path / "bulk.py"
    script.write_text(
        "import sys\n"
        "from pathlib import Path\n"
        "from workbench.services.imports import collect, import_documents\n"
        "from workbench.services.project import init_project\n"
        f"p = init_project('s', base=Path({str(tmp_path)!r}))\n"
        f"items, _ = collect([Path({str(folder)!r})])\n"
        "print(sum(o.status == 'imported' for o in import_documents(p, items)))\n"
    )
    done = subprocess.run(
        [sys.executable, str(script)], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "70"


def test_a_document_over_a_million_characters_imports_whole(project, tmp_path):
    """spaCy refuses texts over 1,000,000 characters by default, for its parser's sake."""
    from workbench.services.documents import import_file

    lines = [f"R1: In {1999 + i % 10} paragraph {i} spoke of peer visits." for i in range(26_000)]
    f = tmp_path / "long.txt"
    f.write_text("\n".join(lines), encoding="utf-8")
    info = import_file(project, path=f, kind="interview")
    assert info.length > 1_000_000
    with project.uow() as uow:
        s = uow.session
        from sqlalchemy import func, select

        from workbench.store.models import DateMention, Sentence

        assert s.scalar(select(func.count()).select_from(Sentence)) >= 26_000
        last = s.scalar(select(func.max(DateMention.end)))
        assert last > 1_000_000
