"""Wrapping a document's text into visual lines, as character offsets.

The transcript view draws line ``y`` as ``text[starts[y]:ends[y]]``; everything
else (cursor, selection, segments) is kept as character offsets into the stored
text, so wrapping only decides where lines break. Breaking costs one ``rfind``
per visual line on ASCII text, so a 100,000-word transcript wraps in
milliseconds; only lines with wide characters take the per-character path.
"""

from __future__ import annotations

from bisect import bisect_right

from rich.cells import get_character_cell_size


def _wrap_wide(text: str, p: int, e: int, width: int, starts: list[int], ends: list[int]) -> None:
    """Greedy wrap of ``text[p:e]`` by terminal cells (for wide or combining characters)."""
    while True:
        cells = 0
        i = p
        last_space = -1
        while i < e:
            w = get_character_cell_size(text[i])
            if cells + w > width:
                break
            if text[i] == " ":
                last_space = i
            cells += w
            i += 1
        if i >= e:
            starts.append(p)
            ends.append(e)
            return
        if last_space > p:
            starts.append(p)
            ends.append(last_space)
            p = last_space + 1
        else:
            i = max(i, p + 1)
            starts.append(p)
            ends.append(i)
            p = i


class LineLayout:
    """Visual lines of ``text`` at ``width`` cells: ``starts[y]``, ``ends[y]`` (end exclusive).

    A line broken at a space leaves that space out of both lines; offsets between
    ``ends[y]`` and ``starts[y + 1]`` (the space, the newline) belong to line ``y``.
    """

    __slots__ = ("ends", "starts", "width")

    def __init__(self, text: str, width: int) -> None:
        self.width = max(1, width)
        starts: list[int] = []
        ends: list[int] = []
        w = self.width
        p = 0
        n = len(text)
        while True:
            e = text.find("\n", p)
            if e < 0:
                e = n
            if e - p <= w:
                starts.append(p)
                ends.append(e)
            elif not text.isascii() and not text[p:e].isascii():
                _wrap_wide(text, p, e, w, starts, ends)
            else:
                while e - p > w:
                    k = text.rfind(" ", p + 1, p + w + 1)
                    if k < 0:
                        starts.append(p)
                        ends.append(p + w)
                        p += w
                    else:
                        starts.append(p)
                        ends.append(k)
                        p = k + 1
                starts.append(p)
                ends.append(e)
            if e >= n:
                break
            p = e + 1
        self.starts = starts
        self.ends = ends

    def __len__(self) -> int:
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        """The visual line showing ``offset``."""
        return max(0, bisect_right(self.starts, offset) - 1)
