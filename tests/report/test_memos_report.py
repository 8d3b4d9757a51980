"""Memos in the reports: project and code memos in the codebook, document and coding memos
in the segment report, in every format; left out on request; hostile text stays text."""

from __future__ import annotations

import io
import json
import re

import pytest

from workbench.report.docx import render_docx
from workbench.report.html import render_html
from workbench.report.markdown import render_markdown
from workbench.report.model import MemoNote, Paragraph, QuoteBlock, Report, Section

HOSTILE = (
    "<script>alert('x')</script> [click](javascript:alert(1)) **bold**\n"
    "# not a heading\n\n"
    "second\x00para\x0bgraph & <b>tag</b>"
)


def memo_report() -> Report:
    hostile = MemoNote(HOSTILE, "eve", title="<i>Title</i>", date="2026-12-01", about="a code")
    return Report(
        kind="test",
        title="Memos",
        subtitle="",
        sections=(
            Section(
                "A code",
                (
                    Paragraph("Definition."),
                    hostile,
                    QuoteBlock(
                        "the coded words",
                        "Interview 1",
                        memos=(MemoNote("A coding memo <em>here</em>.", "ana"),),
                    ),
                ),
            ),
        ),
    )


def test_markdown_sets_memos_apart_and_escapes_them():
    md = render_markdown(memo_report())
    assert "> **Memo by eve, 2026-12-01 (on a code): \\<i>Title\\</i>**" in md
    assert "\\<script>" in md
    assert not re.search(r"(?<!\\)<(script|b|em)>", md)
    assert "\\[click\\](javascript:alert(1))" in md
    assert "\\*\\*bold\\*\\*" in md
    assert "\n# not" not in md  # a memo's line never becomes a heading
    # Paragraphs kept apart; the coding's memo sits inside its quote, after the source.
    lines = md.splitlines()
    quote = lines.index("> — Interview 1")
    assert lines[quote + 1 : quote + 5] == [
        ">",
        "> > **Memo by ana**",
        "> >",
        "> > A coding memo \\<em>here\\</em>.",
    ]


def test_html_escapes_memos_in_their_own_box():
    html = render_html(memo_report())
    assert "<script>" not in html
    assert "<b>tag</b>" not in html
    assert "<i>Title" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;b&gt;tag&lt;/b&gt;" in html
    assert '<aside class="memo"><p class="memo-head">Memo by eve, 2026-12-01' in html
    # The coding's memo is inside its blockquote.
    quote = html[html.index("<blockquote>") : html.index("</blockquote>")]
    assert "Memo by ana" in quote
    assert "A coding memo &lt;em&gt;here&lt;/em&gt;." in quote


def test_docx_holds_memos_with_characters_word_cannot_store():
    import docx

    data = render_docx(memo_report())  # python-docx refuses NUL and vertical tab outright
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "Memo by eve, 2026-12-01 (on a code): <i>Title</i>." in text
    assert "second\ufffdpara graph & <b>tag</b>" in text  # a vertical tab is a space
    assert "Memo by ana. A coding memo <em>here</em>." in text


# --------------------------------------------------------------------------- from a project


@pytest.fixture
def memoed(coded_project):
    """The coded interview with a coding by alice (with her memo), a memo bob wrote on that
    coding, and memos on the project, a code and the document."""
    from workbench.services.memos import write_memo
    from workbench.services.reading import list_document_rows
    from workbench.services.segments import apply_code
    from workbench.store.models import Coder, Memo

    p = coded_project
    doc = list_document_rows(p, coder="alice")[0].id
    seg = apply_code(
        p, document_id=doc, start=58, end=91, code="tacit", coder="alice",
        memo="Alice's own note on the open day.",
    )  # fmt: skip
    write_memo(p, coder="bob", body="Project: <two> phases.\n\nSecond paragraph.")
    write_memo(p, coder="alice", body="Tacit vs explicit: keep apart.", code="tacit")
    write_memo(p, coder="alice", body="The interviewee hedges a lot.", document_id=doc)
    with p.uow() as uow:
        bob = uow.session.query(Coder).filter_by(handle="bob").one()
        uow.session.add(Memo(coder_id=bob.id, body="Bob: is this tacit?", coding_id=seg.id))
    return p


def test_codebook_report_has_project_and_code_memos(memoed):
    from workbench.services.reports import build_codebook_report

    report = build_codebook_report(memoed)
    project = next(s for s in report.sections if s.id == "project-memos")
    assert [m.body for m in project.blocks if isinstance(m, MemoNote)] == [
        "Project: <two> phases.\n\nSecond paragraph."
    ]
    definitions = next(s for s in report.sections if s.id == "definitions")

    def find(sections, title):
        for s in sections:
            if s.title == title:
                return s
            found = find(s.sections, title)
            if found:
                return found
        return None

    tacit = find(definitions.sections, "Tacit knowledge")
    assert [(m.author, m.body) for m in tacit.blocks if isinstance(m, MemoNote)] == [
        ("alice", "Tacit vs explicit: keep apart.")
    ]
    assert report.table("memos").column("kind") == ("project", "code")
    md = render_markdown(report)
    assert "Project: \\<two> phases." in md
    assert "> Second paragraph." in md

    bare = build_codebook_report(memoed, memos=False)
    text = render_markdown(bare)
    assert "Memo by" not in text
    assert "keep apart" not in text
    assert "two\\>" not in text
    assert "Memos are left out of this report (--no-memos)." in text
    assert "--no-memos" in dict(bare.manifest)["Command"]
    assert not [b for b in bare.blocks() if isinstance(b, MemoNote)]


def test_segment_report_has_document_and_coding_memos(memoed):
    from workbench.services.reports import build_segment_report

    report = build_segment_report(memoed, coders=["alice"])
    documents = next(s for s in report.sections if s.id == "document-memos")
    assert [c.title for c in documents.sections] == ["Interview 01"]
    assert [m.body for m in documents.sections[0].blocks] == ["The interviewee hedges a lot."]
    quote = next(b for b in report.blocks() if isinstance(b, QuoteBlock))
    assert [(m.author, m.body) for m in quote.memos] == [
        ("alice", "Alice's own note on the open day."),
        ("bob", "Bob: is this tacit?"),
    ]
    assert "memo" not in quote.attribution
    html = render_html(report)
    assert html.index("Alice&#x27;s own note") < html.index("</blockquote>")
    assert sorted(report.table("memos").column("kind")) == ["coding", "coding", "document"]

    bare = build_segment_report(memoed, coders=["alice"], memos=False)
    assert not any(s.id == "document-memos" for s in bare.sections)
    quote = next(b for b in bare.blocks() if isinstance(b, QuoteBlock))
    assert quote.memos == ()
    text = render_html(bare)
    assert "hedges" not in text
    assert "open day." not in text
    assert "is this tacit" not in text
    with pytest.raises(KeyError):
        bare.table("memos")


def test_cli_no_memos_flag(memoed, tmp_path):
    from click.testing import CliRunner

    from workbench.cli.report import report

    runner = CliRunner()
    for flag, expect in (((), True), (("--no-memos",), False)):
        out = tmp_path / f"seg{len(flag)}.json"
        result = runner.invoke(
            report,
            ["segments", "--coder", "alice", *flag, "--out", str(out), "-p", str(memoed.root)],
        )
        assert result.exit_code == 0, result.output
        tables = json.loads(out.read_text())["tables"]
        assert ("memos" in tables) is expect
        out = tmp_path / f"book{len(flag)}.md"
        result = runner.invoke(
            report, ["codebook", *flag, "--out", str(out), "-p", str(memoed.root)]
        )
        assert result.exit_code == 0, result.output
        assert ("keep apart" in out.read_text()) is expect


def test_phase_report_exemplars_carry_their_memos(dated_project):
    from workbench.services.reports import build_phase_report
    from workbench.services.segments import update_segment

    project, events = dated_project
    for e in events:
        update_segment(
            project, coding_id=e.coding_id, coder="alice", memo=f"Why coded #{e.coding_id}."
        )
    kwargs = {"scheme": "study", "coders": ["alice"], "bootstrap": 0, "time_basis": False}
    report = build_phase_report(project, **kwargs)
    exemplars = [b for b in report.blocks() if isinstance(b, QuoteBlock)]
    assert exemplars
    for q in exemplars:
        assert [m.author for m in q.memos] == ["alice"]
        assert q.memos[0].body.startswith("Why coded #")
    bare = build_phase_report(project, memos=False, **kwargs)
    assert all(q.memos == () for q in bare.blocks() if isinstance(q, QuoteBlock))
    assert "--no-memos" in dict(bare.manifest)["Command"]
