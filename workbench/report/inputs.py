"""Plain records the report builders take besides the analysis results.

The builders sit below the services (they never open a project), so the services hand
them what they found in the project as these frozen records: how to name a code, where a
quote comes from, who asked for the report and how to run it again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from workbench.report.model import MemoNote


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a report comes from; printed in its reproducibility manifest."""

    project: str
    workbench_version: str
    generated: dt.datetime
    command: str
    coders: tuple[str, ...] = ()
    settings: tuple[tuple[str, str], ...] = ()

    def manifest(self) -> tuple[tuple[str, str], ...]:
        items = [
            ("Project", self.project),
            ("Generated", self.generated.isoformat(timespec="seconds")),
            ("Workbench version", self.workbench_version),
            ("Command", self.command),
        ]
        if self.coders:
            items.append(("Coders", ", ".join(self.coders)))
        return (*items, *self.settings)

    @property
    def date(self) -> str:
        return self.generated.date().isoformat()


@dataclass(frozen=True, slots=True)
class CodeLabel:
    """A code as a reader should see it: its name, its path in the tree and its depth."""

    id: str
    name: str
    path: str
    depth: int = 0
    parent: str | None = None

    @property
    def indented(self) -> str:
        """The name with an en dash per level, for tables listing the tree in order."""
        return "– " * self.depth + self.name


@dataclass(frozen=True, slots=True)
class CodeNames:
    """Code id to label, in codebook order; unknown ids fall back to themselves."""

    labels: tuple[CodeLabel, ...] = ()
    _by_id: dict[str, CodeLabel] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update({c.id: c for c in self.labels})

    def get(self, code: str) -> CodeLabel:
        return self._by_id.get(code) or CodeLabel(code, code, code)

    def name(self, code: str) -> str:
        return self.get(code).name

    def path(self, code: str) -> str:
        return self.get(code).path

    def label(self, code: str, shown: set[str] | frozenset[str]) -> str:
        """The indented name when the code's parent is listed just above it in ``shown``,
        else the full path (a child whose parent is missing must not look like a sibling's)."""
        label = self.get(code)
        if label.depth == 0 or label.parent in shown:
            return label.indented
        return label.path.replace("/", " / ")

    def order(self, codes: set[str] | frozenset[str] | tuple[str, ...]) -> tuple[str, ...]:
        """``codes`` in codebook order, unknown ones last and sorted."""
        wanted = set(codes)
        known = [c.id for c in self.labels if c.id in wanted]
        return (*known, *sorted(wanted - set(known)))


@dataclass(frozen=True, slots=True)
class DisagreementExample:
    """A unit where coders differ on a code: who applied it, who did not, and its text."""

    code: str
    document: str
    start: int
    end: int
    text: str
    with_code: tuple[str, ...]
    without_code: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CodeDefinition:
    """A code as the codebook defines it, with how often it was applied."""

    id: str
    name: str
    path: str
    depth: int
    parent: str | None
    status: str = "active"
    description: str | None = None
    inclusion: str | None = None
    exclusion: str | None = None
    examples: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    phase_markers: tuple[str, ...] = ()
    shortcut: str | None = None
    codings: int = 0


@dataclass(frozen=True, slots=True)
class CodebookInfo:
    """A codebook file's own description (its name, version and purpose)."""

    id: str
    name: str
    version: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class SegmentRecord:
    """A coded segment with the words around it, its source and its resolved date."""

    coding_id: int
    code: str
    document: str
    case: str | None
    start: int
    end: int
    coder: str
    before: str
    quote: str
    after: str
    event_date: str | None = None
    date_source: str = "none"
    memo: str | None = None  # the coding's own memo (its coder's)
    memos: tuple[MemoNote, ...] = ()  # memos written on the coding (imported, or a teammate's)
    document_id: int | None = None
