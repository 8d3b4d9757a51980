from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.ingest.text import normalise_text
from workbench.interop.refi.offsets import normalise_with_map


def moved(text: str, start: int, end: int) -> str:
    norm, mapping = normalise_with_map(text)
    return norm[mapping[start] : mapping[end]]


def test_normalised_text_maps_to_itself():
    text = "Interviewer: hello\nR1: hi"
    norm, mapping = normalise_with_map(text)
    assert norm == text
    assert mapping == list(range(len(text) + 1))


def test_windows_line_ends_move_selections_back():
    text = "line one\r\nline two\r\nthe coded words\r\nend"
    start = text.index("the coded")
    end = start + len("the coded words")
    assert moved(text, start, end) == "the coded words"


def test_trailing_blanks_and_blank_runs_are_followed():
    text = "\n\nfirst line   \n\n\n\n\n\nsecond \t\nthird\n\n"
    start = text.index("second")
    assert moved(text, start, text.index("third") + 5) == "second\nthird"
    # A selection that ended inside the removed blanks ends where they were.
    assert moved(text, text.index("first"), text.index("first") + 13) == "first line"


def test_composed_characters_and_removed_controls():
    text = "Cafe\u0301\x00 ok \ufeffthen"
    assert normalise_with_map(text)[0] == "Café ok then"
    assert moved(text, 0, 5) == "Café"  # the combining accent belongs to its letter
    assert moved(text, text.index("ok"), text.index("ok") + 2) == "ok"


def test_a_selection_of_only_removed_characters_becomes_empty():
    text = "a  \r\nb"
    norm, mapping = normalise_with_map(text)
    assert norm == "a\nb"
    assert mapping[1] == mapping[3] == 1


ALPHABET = st.sampled_from(
    [*"ab é\t\n\r", "\r\n", "\u0301", "\u2029", "\u2028", "\x00", "\ufeff", "\x0c", "  "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join), st.data())
def test_the_map_matches_normalise_text_and_is_monotonic(text, data):
    norm, mapping = normalise_with_map(text)
    assert norm == normalise_text(text)
    assert len(mapping) == len(text) + 1
    assert mapping[0] == 0
    assert all(a <= b for a, b in itertools.pairwise(mapping))
    assert mapping[-1] == len(norm)
    # A character that survives normalisation unchanged is found where the map says.
    i = data.draw(st.integers(0, max(len(text) - 1, 0)))
    if text and text[i] in "ab" and mapping[i + 1] == mapping[i] + 1:
        assert norm[mapping[i]] == text[i]
