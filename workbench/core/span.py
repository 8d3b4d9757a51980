"""Half-open character spans into a document's stored, normalised text."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.core.errors import InputError


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """[start, end) in Unicode code points; never empty."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end <= self.start:
            raise InputError(f"bad span [{self.start}, {self.end}): need 0 <= start < end")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def check_within(self, length: int, *, where: str = "document") -> None:
        if self.end > length:
            raise InputError(
                f"span [{self.start}, {self.end}) runs past the end of the {where} "
                f"({length} characters)"
            )


def merge_spans(spans: list[Span]) -> list[Span]:
    """Union of spans, sorted; touching spans are joined."""
    out: list[Span] = []
    for s in sorted(spans):
        if out and s.start <= out[-1].end:
            if s.end > out[-1].end:
                out[-1] = Span(out[-1].start, s.end)
        else:
            out.append(s)
    return out
