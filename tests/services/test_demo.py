"""``workbench demo`` builds afresh, is idempotent, and never touches other projects."""

from __future__ import annotations

import shutil

from tests.conftest import CODEBOOKS, REPO


def test_demo_is_idempotent_and_leaves_other_projects_alone(tmp_path, cli, monkeypatch):
    shutil.copytree(
        REPO / "projects" / "demo" / "corpus", tmp_path / "projects" / "demo" / "corpus"
    )
    shutil.copytree(CODEBOOKS, tmp_path / "codebooks")
    monkeypatch.chdir(tmp_path)
    assert cli("init", "mine", "--coder", "me")[0] == 0
    mine = (tmp_path / "projects" / "mine" / "workbench.db").read_bytes()
    for _ in range(2):  # the second run must start afresh
        code, out, err = cli("demo", "--no-tui")
        assert code == 0, err
        assert "59 documents" in out
        assert "4168 codings by ana, ben" in out
    assert (tmp_path / "projects" / "mine" / "workbench.db").read_bytes() == mine
    code, out, _ = cli("status", "-p", "demo", "--format", "json")
    import json

    status = json.loads(out)
    assert status["documents"] == 59  # not 118: the second run started afresh
    assert status["codings_by_coder"]["ana"] == 2083
    exports = tmp_path / "projects" / "demo" / "exports"
    assert (exports / "bracketing-study.json").is_file()
    for kind in ("phases", "agreement", "codebook"):
        for fmt in ("html", "docx", "md"):
            assert (exports / f"{kind}.{fmt}").stat().st_size > 1000
    assert "<svg" in (exports / "phases.html").read_text(encoding="utf-8")
    assert (tmp_path / "projects" / "demo" / "corpus" / "manifest.csv").is_file()


def test_demo_outside_the_checkout_builds_in_the_current_folder(tmp_path, monkeypatch):
    import csv

    from workbench.cli.demo import demo
    from workbench.services.demo import demo_root, find_corpus

    monkeypatch.chdir(tmp_path)
    assert demo_root() == tmp_path / "projects" / "demo"
    corpus = find_corpus()  # none here: the checkout's
    assert corpus == REPO / "projects" / "demo" / "corpus"
    with (corpus / "manifest.csv").open(encoding="utf-8") as f:
        documents = len(list(csv.DictReader(f)))
    assert f"{documents} documents" in (demo.help or "")
