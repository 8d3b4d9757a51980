"""Finding the segments that overlap a line, in time proportional to the answer.

The transcript view asks, for each line it draws, which of thousands of segments
overlap it. Segments are filed in fixed-size buckets of characters (a segment in
every bucket it touches), so a query reads one or two buckets and an edit touches
only the buckets of the segment changed, never the whole document.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

if TYPE_CHECKING:
    from collections.abc import Iterator


class Spanned(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


T = TypeVar("T", bound=Spanned)

BUCKET = 512


class SpanIndex(Generic[T]):
    """Segments by id, by bucket, and in order of start (for next/previous)."""

    def __init__(self, items: list[T] | tuple[T, ...] = ()) -> None:
        self._items: dict[int, T] = {}
        self._buckets: dict[int, list[T]] = {}
        self._order: list[tuple[int, int, int]] = []  # (start, end, id)
        for item in items:
            self._file(item)
        self._order.sort()

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[T]:
        return iter(self._items.values())

    def get(self, item_id: int) -> T | None:
        return self._items.get(item_id)

    def _file(self, item: T) -> None:
        self._items[item.id] = item
        for b in range(item.start // BUCKET, max(item.start, item.end - 1) // BUCKET + 1):
            self._buckets.setdefault(b, []).append(item)
        self._order.append((item.start, item.end, item.id))

    def add(self, item: T) -> None:
        if item.id in self._items:
            self.remove(item.id)
        self._items[item.id] = item
        for b in range(item.start // BUCKET, max(item.start, item.end - 1) // BUCKET + 1):
            self._buckets.setdefault(b, []).append(item)
        insort(self._order, (item.start, item.end, item.id))

    def remove(self, item_id: int) -> T | None:
        item = self._items.pop(item_id, None)
        if item is None:
            return None
        for b in range(item.start // BUCKET, max(item.start, item.end - 1) // BUCKET + 1):
            bucket = self._buckets.get(b, [])
            bucket[:] = [x for x in bucket if x.id != item_id]
        key = (item.start, item.end, item.id)
        i = bisect_left(self._order, key)
        if i < len(self._order) and self._order[i] == key:
            del self._order[i]
        return item

    def overlapping(self, start: int, end: int) -> list[T]:
        """Items overlapping ``[start, end)``; an empty range asks about the point ``start``."""
        end = max(end, start + 1)
        seen: set[int] = set()
        out: list[T] = []
        for b in range(start // BUCKET, (end - 1) // BUCKET + 1):
            for item in self._buckets.get(b, ()):
                if item.start < end and item.end > start and item.id not in seen:
                    seen.add(item.id)
                    out.append(item)
        return out

    def next_after(self, offset: int) -> T | None:
        """The first item starting after ``offset``."""
        i = bisect_right(self._order, (offset, 1 << 62, 1 << 62))
        return self._items[self._order[i][2]] if i < len(self._order) else None

    def previous_before(self, offset: int) -> T | None:
        """The last item starting before ``offset``."""
        i = bisect_left(self._order, (offset, -1, -1))
        return self._items[self._order[i - 1][2]] if i > 0 else None
