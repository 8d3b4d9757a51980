"""The pure parts of the transcript view: wrapping, the span index, selection units."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from workbench.tui.layout import LineLayout
from workbench.tui.spanindex import SpanIndex
from workbench.tui.units import grow, unit_at, words_near


def test_wrap_breaks_at_spaces_and_keeps_offsets():
    text = "one two three four five\n\nsix"
    layout = LineLayout(text, 9)
    lines = [text[a:b] for a, b in zip(layout.starts, layout.ends, strict=True)]
    assert lines == ["one two", "three", "four five", "", "six"]
    assert layout.line_of(text.index("three")) == 1
    assert layout.line_of(text.index("six")) == 4
    assert layout.line_of(7) == 0  # the space at the break belongs to the line before


def test_wrap_hard_breaks_long_words_and_wide_characters():
    layout = LineLayout("abcdefghij", 4)
    assert list(zip(layout.starts, layout.ends, strict=True)) == [(0, 4), (4, 8), (8, 10)]
    wide = LineLayout("日本語のテキスト", 6)  # two cells per character
    assert [b - a for a, b in zip(wide.starts, wide.ends, strict=True)] == [3, 3, 2]


@given(st.text(alphabet="ab \n", max_size=200), st.integers(1, 30))
def test_wrap_covers_every_character_in_order(text, width):
    layout = LineLayout(text, width)
    assert layout.starts[0] == 0
    for a, b in zip(layout.starts, layout.ends, strict=True):
        assert 0 <= b - a <= width
        assert "\n" not in text[a:b]
    for b, a in zip(layout.ends, layout.starts[1:], strict=False):
        assert text[b:a] in ("", " ", "\n")


@dataclass(frozen=True)
class Seg:
    id: int
    start: int
    end: int


def test_span_index_finds_overlaps_and_neighbours():
    index = SpanIndex([Seg(1, 0, 10), Seg(2, 5, 2000), Seg(3, 1500, 1510)])
    assert {s.id for s in index.overlapping(8, 9)} == {1, 2}
    assert {s.id for s in index.overlapping(1505, 1505)} == {2, 3}
    assert index.next_after(5).id == 3
    assert index.previous_before(1500).id == 2
    index.remove(2)
    assert {s.id for s in index.overlapping(8, 1600)} == {1, 3}
    index.add(Seg(3, 20, 30))  # replaced
    assert [s.id for s in index.overlapping(1500, 1510)] == []
    assert len(index) == 2


@given(st.lists(st.tuples(st.integers(0, 3000), st.integers(1, 700)), max_size=40),
       st.integers(0, 3500), st.integers(0, 300))  # fmt: skip
def test_span_index_agrees_with_a_scan(spans, start, length):
    segs = [Seg(i, a, a + n) for i, (a, n) in enumerate(spans)]
    index = SpanIndex(segs)
    end = max(start + length, start + 1)
    expected = {s.id for s in segs if s.start < end and s.end > start}
    assert {s.id for s in index.overlapping(start, start + length)} == expected


def test_units_grow_one_at_a_time():
    units = [(0, 5), (6, 10), (11, 20)]
    assert unit_at(units, 7) == (6, 10)
    assert unit_at(units, 5) == (6, 10)  # between units: the next one
    assert grow(units, None, 7) == (6, 10)
    assert grow(units, (6, 10), 10) == (6, 20)
    assert grow(units, (7, 8), 8) == (6, 10)  # snaps to whole units
    assert grow(units, (0, 20), 20) == (0, 20)


def test_words_near():
    text = "We didn't copy it - we adapted it."
    words = [text[a:b] for a, b in words_near(text, 5)]
    assert words == ["We", "didn't", "copy", "it", "we", "adapted", "it"]
