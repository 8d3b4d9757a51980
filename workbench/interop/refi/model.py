"""REFI-QDA documents as plain values: what a ``project.qde`` or ``.qdc`` file says.

These mirror the schema's elements (only the ones the workbench reads or writes),
with every GUID already normalised (see ``guid.normalise_guid``) and every
optional attribute ``None`` when absent. They say nothing about the workbench:
``inbound`` and ``outbound`` translate between them and the exchange values of
``bundle``, so the XML layer can be tested against the schema on its own.

``line`` is where the element starts in the file it was read from (``None`` for
values built in memory), so that a problem found later still points into the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"

VARIABLE_TYPES = ("Text", "Boolean", "Integer", "Float", "Date", "DateTime")


@dataclass(frozen=True, slots=True)
class RefiUser:
    guid: str
    name: str | None = None
    id: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class RefiCode:
    guid: str
    name: str
    codable: bool = True
    color: str | None = None
    description: str | None = None
    note_refs: tuple[str, ...] = ()
    children: tuple[RefiCode, ...] = ()
    line: int | None = None


@dataclass(frozen=True, slots=True)
class RefiVariable:
    guid: str
    name: str
    type: str  # one of VARIABLE_TYPES
    description: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class RefiValue:
    """A VariableValue: ``kind`` is the value element's type (``Date`` for DateValue...)."""

    variable: str
    kind: str
    value: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class RefiCoding:
    guid: str
    code: str
    user: str | None = None
    created: str | None = None
    note_refs: tuple[str, ...] = ()
    line: int | None = None


@dataclass(frozen=True, slots=True)
class RefiSelection:
    """A PlainTextSelection: ``[start, end)`` in Unicode code points of the plain text."""

    guid: str
    start: int
    end: int
    name: str | None = None
    description: str | None = None
    user: str | None = None
    created: str | None = None
    modified: str | None = None
    codings: tuple[RefiCoding, ...] = ()
    note_refs: tuple[str, ...] = ()
    line: int | None = None


@dataclass(frozen=True, slots=True)
class RefiTextSource:
    """A source with text: a TextSource, a PDF's Representation, or a media Transcript.

    ``element`` names which (``TextSource``, ``PDFSource``, ``Transcript``); for a
    PDF the guid and name are the PDF's, and the text fields are its representation's.
    """

    guid: str
    element: str
    name: str | None = None
    plain_path: str | None = None
    rich_path: str | None = None
    content: str | None = None
    description: str | None = None
    user: str | None = None
    created: str | None = None
    modified: str | None = None
    selections: tuple[RefiSelection, ...] = ()
    codings: tuple[RefiCoding, ...] = ()
    note_refs: tuple[str, ...] = ()
    values: tuple[RefiValue, ...] = ()
    line: int | None = None


@dataclass(frozen=True, slots=True)
class RefiNote:
    guid: str
    name: str | None = None
    content: str | None = None
    plain_path: str | None = None
    description: str | None = None
    user: str | None = None
    created: str | None = None
    modified: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class RefiCase:
    guid: str
    name: str | None = None
    description: str | None = None
    code_refs: tuple[str, ...] = ()
    values: tuple[RefiValue, ...] = ()
    source_refs: tuple[str, ...] = ()
    selection_refs: tuple[str, ...] = ()
    line: int | None = None


@dataclass(frozen=True, slots=True)
class RefiSet:
    guid: str
    name: str
    description: str | None = None
    member_codes: tuple[str, ...] = ()
    member_sources: tuple[str, ...] = ()
    member_notes: tuple[str, ...] = ()
    line: int | None = None


@dataclass(frozen=True, slots=True)
class RefiLink:
    """A ``Link`` between two objects (the workbench reads those from a note)."""

    guid: str
    origin: str
    target: str
    name: str | None = None
    direction: str = "OneWay"
    line: int | None = None


@dataclass(frozen=True, slots=True)
class RefiProject:
    """A ``project.qde``. ``unsupported`` lists what was read but has no place here
    (pictures, media selections, links, graphs), for the import's warnings."""

    name: str
    origin: str | None = None
    creating_user: str | None = None
    created: str | None = None
    modified: str | None = None
    description: str | None = None
    users: tuple[RefiUser, ...] = ()
    codes: tuple[RefiCode, ...] = ()
    variables: tuple[RefiVariable, ...] = ()
    cases: tuple[RefiCase, ...] = ()
    sources: tuple[RefiTextSource, ...] = ()
    notes: tuple[RefiNote, ...] = ()
    sets: tuple[RefiSet, ...] = ()
    links: tuple[RefiLink, ...] = ()
    note_refs: tuple[str, ...] = ()
    unsupported: tuple[str, ...] = ()
    extension: dict[str, Any] | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class RefiCodebook:
    """A ``.qdc`` codebook: codes and code sets only."""

    codes: tuple[RefiCode, ...]
    origin: str | None = None
    sets: tuple[RefiSet, ...] = ()
    extension: dict[str, Any] | None = field(default=None, compare=False)
