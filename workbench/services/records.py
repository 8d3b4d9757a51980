"""Plain values the services hand to the CLI and the TUI (never ORM rows)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class CoderInfo:
    id: int
    handle: str
    name: str | None
    role: str
    codings: int = 0


@dataclass(frozen=True, slots=True)
class CodeInfo:
    id: int
    guid: str
    codebook: str
    name: str
    path: str
    parent_guid: str | None
    depth: int
    status: str
    colour: str | None
    shortcut: str | None
    description: str | None = None
    inclusion: str | None = None
    exclusion: str | None = None
    examples: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    phase_markers: tuple[str, ...] = ()
    codings: int = 0
    version: int = 1


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    id: int
    guid: str
    title: str
    kind: str
    case: str | None
    date: str | None
    length: int
    sha256: str
    codings: int = 0
    turns: int = 0
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class CodingInfo:
    """One coded segment as lists and exports show it.

    Not frozen, unlike the other records: a frozen dataclass sets each field through
    ``object.__setattr__``, which made building one code's 20,000 segments six times
    slower. Treat it as read-only all the same.
    """

    id: int
    guid: str
    document_id: int
    document: str
    start: int
    end: int
    code: str
    code_path: str
    coder: str
    origin: str
    event_date: str | None
    memo: str | None
    quote: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class StatusReport:
    project: str
    database: str
    schema_revision: str | None
    documents: int
    documents_by_kind: dict[str, int]
    cases: int
    codes_active: int
    codes_in_use: int
    codings: int
    codings_by_coder: dict[str, int]
    top_codes: list[tuple[str, int]]
    codebooks: list[str]
