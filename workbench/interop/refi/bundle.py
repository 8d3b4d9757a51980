"""A workbench project as plain values, the currency between the service and REFI-QDA.

The service layer reads the project into an ``ExchangeProject`` for ``outbound``
(export), and ``inbound`` turns a ``.qdpx`` into one for the service to write
(import). Values are keyed by the GUIDs they travel under (see ``guid``), so the
same shapes serve both directions; workbench ids ride alongside (``ExchangeCode.id``,
``ExchangeCoder.handle``).

Offsets are ``[start, end)`` in Unicode code points of ``ExchangeDocument.text``,
which is the workbench's normalised text. Dates are ``DateRange`` values, ranges
with a precision, as everywhere in the workbench.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import date, datetime

    from workbench.core.dates import DateRange


@dataclass(frozen=True, slots=True)
class ExchangeCoder:
    guid: str
    handle: str
    name: str | None = None
    role: str = "coder"


@dataclass(frozen=True, slots=True)
class ExchangeCode:
    """A code; ``parent`` is the parent's GUID, ``codebook`` the workbench codebook id."""

    guid: str
    id: str
    name: str
    codebook: str
    parent: str | None = None
    description: str | None = None
    inclusion: str | None = None
    exclusion: str | None = None
    examples: tuple[str, ...] = ()
    colour: str | None = None
    shortcut: str | None = None
    keywords: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    phase_markers: tuple[str, ...] = ()
    status: str = "active"
    ordinal: int = 0


@dataclass(frozen=True, slots=True)
class ExchangeCase:
    guid: str
    name: str
    attributes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ExchangeDocument:
    """A document's stored text and metadata; ``case`` is the case's name.

    ``raw`` is the source file as it was in the archive (kept under the project's
    ``sources/`` on import). ``turn_times`` are ``(turn start offset, start ms, end
    ms)`` of the speaker turns whose times are known (subtitle cues): turns are found
    again in the text on import, but their times are not in it.
    """

    guid: str
    title: str
    text: str
    kind: str = "document"
    date: DateRange | None = None
    case: str | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)
    created: datetime | None = None
    source_name: str | None = None
    raw: bytes | None = field(default=None, repr=False)
    turn_times: tuple[tuple[int, int | None, int | None], ...] = ()


@dataclass(frozen=True, slots=True)
class ExchangeCoding:
    """One code applied by one coder to ``[start, end)`` of a document.

    ``guid`` is the workbench coding's GUID, which travels as the selection's.
    """

    guid: str
    document: str
    start: int
    end: int
    code: str
    coder: str
    origin: str = "manual"
    memo: str | None = None
    event: DateRange | None = None
    created: datetime | None = None
    updated: datetime | None = None


@dataclass(frozen=True, slots=True)
class ExchangeMemo:
    """A memo; ``document``, ``code`` and ``coding`` are the GUIDs it is attached to."""

    guid: str
    body: str
    title: str | None = None
    coder: str | None = None
    document: str | None = None
    code: str | None = None
    coding: str | None = None
    created: datetime | None = None
    updated: datetime | None = None


@dataclass(frozen=True, slots=True)
class ExchangePhase:
    label: str
    start: date
    end: date
    justification: str | None = None


@dataclass(frozen=True, slots=True)
class ExchangeScheme:
    name: str
    phases: tuple[ExchangePhase, ...]
    description: str | None = None


@dataclass(frozen=True, slots=True)
class ExchangeProject:
    name: str
    coders: tuple[ExchangeCoder, ...] = ()
    codes: tuple[ExchangeCode, ...] = ()
    cases: tuple[ExchangeCase, ...] = ()
    documents: tuple[ExchangeDocument, ...] = ()
    codings: tuple[ExchangeCoding, ...] = ()
    memos: tuple[ExchangeMemo, ...] = ()
    schemes: tuple[ExchangeScheme, ...] = ()
    origin: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Workbench-only data as JSON values (indicators, decisions, exact timestamps...):
    carried in the extension comment as is; the service builds it and checks it."""
    files: Mapping[str, bytes] = field(default_factory=dict, repr=False)
    """``workbench/`` archive members by name (original files, earlier versions)."""


@dataclass(frozen=True, slots=True)
class RefiReadResult:
    """What ``inbound`` read from a file: the project and what it could not carry over."""

    project: ExchangeProject
    warnings: tuple[str, ...] = ()
    codebook: str | None = None
