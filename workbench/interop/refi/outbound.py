"""A workbench project in REFI-QDA terms: what goes where on export.

Chosen so that QualCoder's, NVivo's and ATLAS.ti's importers take the file as
it is (QualCoder's ``refi.py`` was read to check what it keeps):

- Coders are ``Users`` (``id`` the handle, ``name`` the full name); codes the
  ``CodeBook`` with colours and descriptions. A code's inclusion and exclusion
  criteria and examples are appended to its description, for the people reading
  it in another tool; the exact fields travel in the extension comment.
- Each document is a ``TextSource`` whose plain text is ``sources/<guid>.txt``,
  the stored text in UTF-8. Selection offsets are code points from 0, end
  exclusive, as the standard says, or UTF-16 code units (``offsets="utf16"``),
  which is what NVivo reads. Its kind, date and attributes are
  ``VariableValue``s: the date as ``DateValue`` "Date" (first day) and "Date end"
  (last day) plus its precision as text, since a workbench date is a range.
- Each coding is one ``PlainTextSelection`` (its GUID is the coding's) with one
  ``Coding`` by its coder; the coding's memo is the selection's description.
  Several coders on one span stay several selections, so each keeps its own
  memo, date and origin. A coding's own event date is a last line of that
  description (``Event date: 2004-03``), which every tool shows with the memo and
  which reads back when the file returns without the extension.
- Memos are ``Notes`` with a name and their text both as ``PlainTextContent``
  and as a ``sources/<guid>.txt`` file (QualCoder keeps only notes with a file
  and a name). A memo on a coding or a code is a ``NoteRef`` there; a memo on a
  document is a ``Link`` from the note to the source (ATLAS.ti's form: QualCoder
  takes a source's ``NoteRef`` for an annotation that needs a position, and
  would drop the memo).
- Cases are ``Cases`` (only the project's cases: a tool that keys cases by name,
  as QualCoder does, gets each once) with their attributes as variables and a
  ``SourceRef`` per document.
- Phases are ``Sets`` whose description begins with a machine-readable line
  (``Phase 1 "label" of bracket scheme "name": 1999-01-01 to 2001-06-30.``),
  holding the documents dated within the phase.
- What the standard has no place for (see ``extension``) travels in one comment,
  and files only the workbench reads (documents' original files, earlier
  versions of revised texts) under ``workbench/`` in the archive.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from workbench import __version__
from workbench.core.dates import format_range
from workbench.interop.refi.archive import write_archive
from workbench.interop.refi.counting import CODE_POINTS, UTF16, utf16_offsets
from workbench.interop.refi.guid import derived_guid
from workbench.interop.refi.model import (
    RefiCase,
    RefiCode,
    RefiCodebook,
    RefiCoding,
    RefiLink,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSet,
    RefiTextSource,
    RefiUser,
    RefiValue,
    RefiVariable,
)
from workbench.interop.refi.writer import codebook_xml, project_xml

if TYPE_CHECKING:
    from collections.abc import Iterable

    from workbench.core.dates import DateRange
    from workbench.interop.refi.bundle import (
        ExchangeCode,
        ExchangeCoding,
        ExchangeDocument,
        ExchangeMemo,
        ExchangeProject,
    )

ORIGIN = f"workbench {__version__}"

KIND = "Kind"
DATE, DATE_END, DATE_PRECISION = "Date", "Date end", "Date precision"
EVENT_LINE = "Event date: "
EVENT_DATE, EVENT_END, EVENT_PRECISION, EVENT_SOURCE = (
    "Event date",
    "Event date end",
    "Event date precision",
    "Event date source",
)
RESERVED = {
    KIND: "Text",
    DATE: "Date",
    DATE_END: "Date",
    DATE_PRECISION: "Text",
    EVENT_DATE: "Date",
    EVENT_END: "Date",
    EVENT_PRECISION: "Text",
    EVENT_SOURCE: "Text",
}
ATTRIBUTE_SUFFIX = " (attribute)"
PHASE_LINE = "Phase {n} {label} of bracket scheme {scheme}: {start} to {end}."
QUOTE_CHARS = 60
MEMO_LINK = "Memo-Document Relation"


def timestamp(value: datetime | None) -> str | None:
    """``xsd:dateTime`` in UTC to the second, or ``None``."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def attribute_variable(key: str) -> str:
    """The variable an attribute travels as; reserved names get a suffix."""
    reserved = {name.casefold() for name in RESERVED}
    return key + ATTRIBUTE_SUFFIX if key.casefold() in reserved else key


def described(code: ExchangeCode) -> str | None:
    """The description other tools show: the definition with its criteria and examples."""
    parts = [code.description] if code.description else []
    if code.inclusion:
        parts.append(f"Inclusion: {code.inclusion}")
    if code.exclusion:
        parts.append(f"Exclusion: {code.exclusion}")
    if code.examples:
        parts.append("Examples:\n" + "\n".join(f"- {e}" for e in code.examples))
    return "\n\n".join(parts) if parts else None


def phase_description(
    n: int, label: str, scheme: str, start: str, end: str, why: str | None
) -> str:
    line = PHASE_LINE.format(
        n=n,
        label=json.dumps(label, ensure_ascii=False),
        scheme=json.dumps(scheme, ensure_ascii=False),
        start=start,
        end=end,
    )
    return f"{line}\n{why}" if why else line


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE_CHARS else flat[: QUOTE_CHARS - 1] + "…"


class _Variables:
    """Variables are declared once, project-wide, in the order first used."""

    def __init__(self) -> None:
        self.declared: dict[str, RefiVariable] = {}

    def value(self, name: str, kind: str, value: str) -> RefiValue:
        var = self.declared.get(name)
        if var is None:
            var = RefiVariable(derived_guid("variable", name), name, kind)
            self.declared[name] = var
        return RefiValue(var.guid, kind, value)

    def text(self, name: str, value: str) -> RefiValue:
        return self.value(name, "Text", value)

    def date_range(self, names: tuple[str, str, str], when: DateRange) -> list[RefiValue]:
        start, end, precision = names
        return [
            self.value(start, "Date", when.start.isoformat()),
            self.value(end, "Date", when.end.isoformat()),
            self.text(precision, str(when.precision)),
        ]


def _code_tree(codes: Iterable[ExchangeCode], notes: dict[str, list[str]]) -> tuple[RefiCode, ...]:
    by_parent: dict[str | None, list[ExchangeCode]] = {}
    guids = {c.guid for c in codes}
    for c in codes:
        parent = c.parent if c.parent in guids else None
        by_parent.setdefault(parent, []).append(c)
    for sibs in by_parent.values():
        sibs.sort(key=lambda c: (c.ordinal, c.name))

    def build(code: ExchangeCode) -> RefiCode:
        return RefiCode(
            guid=code.guid,
            name=code.name,
            color=code.colour,
            description=described(code),
            note_refs=tuple(notes.get(code.guid, ())),
            children=tuple(build(c) for c in by_parent.get(code.guid, [])),
        )

    return tuple(build(c) for c in by_parent.get(None, []))


def code_extension(codes: Iterable[ExchangeCode]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for c in codes:
        out[c.guid] = {
            "id": c.id,
            "codebook": c.codebook,
            "description": c.description,
            "inclusion": c.inclusion,
            "exclusion": c.exclusion,
            "examples": list(c.examples),
            "shortcut": c.shortcut,
            "keywords": list(c.keywords),
            "synonyms": list(c.synonyms),
            "phase_markers": list(c.phase_markers),
            "status": c.status,
            "ordinal": c.ordinal,
        }
    return out


def with_event_line(memo: str | None, event: DateRange | None) -> str | None:
    """The selection's description: the memo, then the coding's own event date."""
    if event is None:
        return memo
    line = EVENT_LINE + format_range(event)
    return f"{memo}\n\n{line}" if memo else line


def _selection(
    coding: ExchangeCoding,
    doc: ExchangeDocument,
    notes: dict[str, list[str]],
    units: list[int] | None,
) -> RefiSelection:
    stamp = timestamp(coding.created)
    start, end = (units[coding.start], units[coding.end]) if units else (coding.start, coding.end)
    return RefiSelection(
        guid=coding.guid,
        start=start,
        end=end,
        name=_quote(doc.text[coding.start : coding.end]),
        description=with_event_line(coding.memo, coding.event),
        user=coding.coder,
        created=stamp,
        modified=timestamp(coding.updated),
        codings=(
            RefiCoding(
                guid=derived_guid("coding", coding.guid),
                code=coding.code,
                user=coding.coder,
                created=stamp,
                note_refs=tuple(notes.get(coding.guid, ())),
            ),
        ),
    )


def memo_name(memo: ExchangeMemo) -> str:
    """A note's name: its title, else its first words (tools key notes by name)."""
    if memo.title and memo.title.strip():
        return memo.title.strip()
    words = " ".join(memo.body.split())
    return "Memo: " + (words if len(words) <= QUOTE_CHARS else words[: QUOTE_CHARS - 1] + "…")


def to_refi(
    project: ExchangeProject, *, now: datetime | None = None, utf16: bool = False
) -> RefiProject:
    """The REFI-QDA project for ``project``; ``write_qdpx`` adds the text files.

    ``utf16``: selection positions in UTF-16 code units (for NVivo), not code points.
    """
    variables = _Variables()
    code_notes: dict[str, list[str]] = {}
    doc_links: list[RefiLink] = []
    coding_notes: dict[str, list[str]] = {}
    for memo in project.memos:
        if memo.coding:
            coding_notes.setdefault(memo.coding, []).append(memo.guid)
        elif memo.document:
            doc_links.append(
                RefiLink(
                    guid=derived_guid("memo-link", memo.guid),
                    name=MEMO_LINK,
                    origin=memo.guid,
                    target=memo.document,
                )
            )
        if memo.code:
            code_notes.setdefault(memo.code, []).append(memo.guid)

    by_doc: dict[str, list[ExchangeCoding]] = {}
    for coding in project.codings:
        by_doc.setdefault(coding.document, []).append(coding)
    case_guids = {c.name: c.guid for c in project.cases}
    case_docs: dict[str, list[str]] = {}
    sources = []
    for doc in project.documents:
        values = [variables.text(KIND, doc.kind)]
        if doc.date is not None:
            values += variables.date_range((DATE, DATE_END, DATE_PRECISION), doc.date)
        values += [
            variables.text(attribute_variable(k), v) for k, v in sorted(doc.attributes.items())
        ]
        if doc.case is not None:
            case_docs.setdefault(doc.case, []).append(doc.guid)
        codings = sorted(by_doc.get(doc.guid, []), key=lambda c: (c.start, c.end, c.guid))
        units = utf16_offsets(doc.text) if utf16 else None
        sources.append(
            RefiTextSource(
                guid=doc.guid,
                element="TextSource",
                name=doc.title,
                plain_path=f"internal://{doc.guid}.txt",
                created=timestamp(doc.created),
                selections=tuple(_selection(c, doc, coding_notes, units) for c in codings),
                values=tuple(values),
            )
        )

    cases = [
        RefiCase(
            guid=case.guid,
            name=case.name,
            values=tuple(
                variables.text(attribute_variable(k), v) for k, v in sorted(case.attributes.items())
            ),
            source_refs=tuple(case_docs.get(case.name, ())),
        )
        for case in project.cases
    ]
    for name, docs in case_docs.items():
        if name not in case_guids:  # a case the bundle did not list: still group its documents
            cases.append(RefiCase(derived_guid("case", name), name, source_refs=tuple(docs)))
    sets = []
    for scheme in project.schemes:
        for n, phase in enumerate(scheme.phases, start=1):
            members = tuple(
                d.guid
                for d in project.documents
                if d.date is not None and d.date.start <= phase.end and phase.start <= d.date.end
            )
            sets.append(
                RefiSet(
                    guid=derived_guid("phase", f"{scheme.name}\x00{phase.label}"),
                    name=f"{scheme.name}: {phase.label}",
                    description=phase_description(
                        n,
                        phase.label,
                        scheme.name,
                        phase.start.isoformat(),
                        phase.end.isoformat(),
                        phase.justification,
                    ),
                    member_sources=members,
                )
            )

    notes = tuple(
        RefiNote(
            guid=m.guid,
            name=memo_name(m),
            content=m.body,
            plain_path=f"internal://{m.guid}.txt",
            user=m.coder,
            created=timestamp(m.created),
            modified=timestamp(m.updated),
        )
        for m in project.memos
    )
    extension: dict[str, Any] = {
        "users": {c.guid: {"handle": c.handle, "role": c.role} for c in project.coders},
        "codes": code_extension(project.codes),
        "origins": {c.guid: c.origin for c in project.codings if c.origin != "manual"},
        "schemes": {s.name: s.description for s in project.schemes if s.description},
        "turn_times": {
            d.guid: [list(t) for t in d.turn_times] for d in project.documents if d.turn_times
        },
        "offsets": UTF16.key if utf16 else CODE_POINTS.key,
        "events": {
            c.guid: [c.event.start.isoformat(), c.event.end.isoformat(), str(c.event.precision)]
            for c in project.codings
            if c.event is not None
        },
        "untitled": [m.guid for m in project.memos if not (m.title and m.title.strip())],
        "attached": {
            m.guid: {"document": m.document, "code": m.code, "coding": m.coding}
            for m in project.memos
        },
        "workbench": dict(project.extra),
        "files": sorted(project.files),
    }
    stamp = timestamp(now or datetime.now(UTC))
    return RefiProject(
        name=project.name,
        origin=project.origin or ORIGIN,
        created=stamp,
        modified=stamp,
        users=tuple(RefiUser(c.guid, c.name or c.handle, c.handle) for c in project.coders),
        codes=_code_tree(project.codes, code_notes),
        variables=tuple(variables.declared.values()),
        cases=tuple(cases),
        sources=tuple(sources),
        notes=notes,
        sets=tuple(sets),
        links=tuple(doc_links),
        extension=extension,
    )


def write_qdpx(
    project: ExchangeProject,
    *,
    now: datetime | None = None,
    utf16: bool = False,
) -> bytes:
    """The ``.qdpx`` file: ``project.qde``, one UTF-8 text file per document and per
    memo, and the project's ``files`` (``workbench/...``, read by the workbench only)."""
    qde = project_xml(to_refi(project, now=now, utf16=utf16))
    members = [("project.qde", qde)]
    members += [(f"sources/{d.guid}.txt", d.text.encode("utf-8")) for d in project.documents]
    members += [(f"sources/{m.guid}.txt", m.body.encode("utf-8")) for m in project.memos]
    members += [(f"workbench/{name}", data) for name, data in sorted(project.files.items())]
    return write_archive(members)


def write_qdc(codes: tuple[ExchangeCode, ...]) -> bytes:
    """A ``.qdc`` codebook of ``codes`` (the tree, colours, descriptions; ids in the extension)."""
    book = RefiCodebook(
        codes=_code_tree(codes, {}),
        origin=ORIGIN,
        extension={"codes": code_extension(codes)},
    )
    return codebook_xml(book)
