"""How positions are counted: decided per source on the selections, never silently."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.interop.nvivo_style import build
from workbench.interop.refi import read_qdpx
from workbench.interop.refi.counting import (
    CODE_POINTS,
    UTF16,
    Counting,
    positions,
    read_positions,
    tool_preference,
    utf16_offsets,
)


def landed(export, read) -> float:
    """Share of the generated codings whose imported passage is exactly the one coded."""
    docs = {d.guid: d.text for d in read.project.documents}
    got = {}
    for c in read.project.codings:
        got.setdefault((c.document, c.start, c.end), 0)
        got[(c.document, c.start, c.end)] += 1
    exact = sum(
        1
        for c in export.codings
        if docs[c.source][c.start : c.end] == c.passage(export.texts)
        and (c.source, c.start, c.end) in got
    )
    return exact / len(export.codings)


def test_an_nvivo_export_with_emoji_lands_on_the_words_coded():
    export = build(seed=11)
    read = read_qdpx(export.data, label="nvivo.qdpx")
    assert landed(export, read) >= 0.99
    [said] = [w for w in read.warnings if w.startswith("positions read as UTF-16")]
    assert "(NVivo for Mac 12.6.1) in 4 source(s)" in said


def test_evidence_beats_the_tool_name():
    # A file that says nothing of NVivo but counts UTF-16 units is still read right.
    export = build(seed=3, origin="SomeTool 2.0")
    read = read_qdpx(export.data, label="other.qdpx")
    assert landed(export, read) >= 0.99
    assert any(
        w.startswith("positions read as UTF-16 code units (SomeTool 2.0)") for w in read.warnings
    )
    # And an NVivo-named file that counts code points is read as code points.
    export = build(seed=4, utf16=False)
    read = read_qdpx(export.data, label="cp.qdpx")
    assert landed(export, read) >= 0.99


def test_windows_line_ends_and_emoji_together():
    export = build(seed=5, windows=True, origin="NVivo 12 (Windows) 12.6.0.959")
    read = read_qdpx(export.data, label="win.qdpx")
    assert landed(export, read) >= 0.99


def test_mixed_evidence_imports_with_a_warning_counting_the_doubtful_codings():
    export = build(seed=9, sloppy=0.6, sources=1, comments=12)
    read = read_qdpx(export.data, label="mixed.qdpx")
    [doubt] = [w for w in read.warnings if "may be misplaced" in w]
    assert int(doubt.split()[0]) > 0
    assert "source 'Comments 1'" in doubt


def test_a_text_without_astral_characters_needs_no_decision():
    reading = read_positions("plain words only", [(0, 5, None)], tool_preference("NVivo 12"))
    assert reading.distinguishing == 0
    assert reading.spans == [(0, 5)]


def test_excerpts_decide_when_the_file_carries_them():
    text = "🎉🎉🎉 abc abd abe abf"
    # UTF-16: "abd" starts at 3 + 3 + 4 = 10 code points... in units 3*2 + 5 = 11
    reading = read_positions(text, [(11, 14, "abd")], [CODE_POINTS, UTF16])
    assert reading.counting == UTF16
    assert text[slice(*reading.spans[0])] == "abd"


def test_tool_preference_breaks_ties():
    assert tool_preference("NVivo for Mac 15.0.0")[0] == UTF16
    assert tool_preference("ATLAS.ti 23")[0] == Counting(crlf_one=True)
    assert tool_preference("QualCoder 3.5")[0] == CODE_POINTS
    assert tool_preference("NVivo", CODE_POINTS)[0] == CODE_POINTS


astral_text = st.text(
    alphabet=st.sampled_from(["a", "b", " ", "\n", "\r", "é", "😀", "🇬", "❤", "\U0010fffd"]),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(astral_text)
def test_utf16_positions_and_offsets_are_inverse(text):
    forward = utf16_offsets(text)
    back = positions(text, UTF16)
    if forward is None:
        assert back is None
        return
    assert back is not None
    assert len(back) == len(text.encode("utf-16-le")) // 2 + 1
    for i, unit in enumerate(forward):
        assert back[unit] == i


@settings(max_examples=200, deadline=None)
@given(astral_text)
def test_crlf_as_one_maps_every_position_into_the_text(text):
    back = positions(text, Counting(crlf_one=True))
    if back is None:
        assert "\r\n" not in text
        return
    assert len(back) == len(text) - text.count("\r\n") + 1
    assert back[0] == 0
    assert back[-1] == len(text)
    assert back == sorted(back)
