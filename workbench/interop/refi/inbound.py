"""A REFI-QDA project or codebook read into workbench terms, checked before anything is stored.

``read_qdpx`` opens the archive safely (``archive``), parses ``project.qde``
(``reader``), reads every text source it needs, normalises the texts the way the
workbench stores them and moves every selection's offsets along (``offsets``),
and returns an ``ExchangeProject`` with the warnings of what it left out or read
differently. Anything that cannot be represented faithfully (a source whose text
is not in the archive, a selection past the end of its text, a coding of a code
the file does not define) is an error, and all errors of a file are reported
together in one ``RefiImportError``. Nothing here touches the project: the
service decides how the result meets what the project already holds.

How the file's elements become workbench values is the mirror of ``outbound``;
files from other tools are read with these rules:

- users and codes become coders and codes as ``identity`` says (a code keeps its
  GUID, lower case without braces, as its id; codes go into ``refi-<project
  name>``, unless the workbench's own extension data names their codebook);
- a source's text is its ``plainTextPath`` file (``internal://`` or, with a
  warning, without that prefix), else its ``PlainTextContent``, else the text
  the workbench extracts from its ``richTextPath`` file (with a warning that the
  selections' offsets are taken to refer to that text); external files
  (``relative://``, ``absolute://``) are never read;
- a coding on a whole source codes the whole document; a selection with several
  codings gives each its own coding; a selection's description is each coding's memo;
- a document's date is its variable "Date" (see ``values``), else the only
  date-typed variable it has, else its case's; its other variables become its
  attributes, and a variable "Kind" its kind;
- a case with a ``SelectionRef`` and a date variable dates the codings of those
  selections (an event); other cases become cases, and their sources belong to them;
- notes become memos, attached to what refers to them (a source, a code, a
  selection or a coding); phases come back from sets whose description starts
  with the workbench's phase line; other sets, links, graphs and non-text
  sources are listed as not imported.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from workbench.core.errors import InputError
from workbench.core.names import unsafe_characters
from workbench.interop.refi.archive import ArchiveLimits, SafeArchive
from workbench.interop.refi.bundle import (
    ExchangeCase,
    ExchangeCode,
    ExchangeCoder,
    ExchangeCoding,
    ExchangeDocument,
    ExchangeProject,
    ExchangeScheme,
    RefiReadResult,
)
from workbench.interop.refi.counting import (
    CODE_POINTS,
    Counting,
    SourceReading,
    describe_readings,
    read_positions,
    tool_preference,
)
from workbench.interop.refi.extension import (
    extension_attached,
    extension_events,
    extension_origins,
    extension_schemes,
    extension_turn_times,
    extension_untitled,
)
from workbench.interop.refi.guid import derived_guid
from workbench.interop.refi.identity import (
    MAX_NAME,
    codebook_id,
    map_codes,
    map_users,
    one_line,
    unique_name,
)
from workbench.interop.refi.notes_in import NotesIn
from workbench.interop.refi.offsets import OffsetMapError, normalise_with_map
from workbench.interop.refi.outbound import (
    ATTRIBUTE_SUFFIX,
    DATE,
    DATE_END,
    DATE_PRECISION,
    EVENT_DATE,
    EVENT_END,
    EVENT_PRECISION,
    EVENT_SOURCE,
    KIND,
)
from workbench.interop.refi.phases import schemes_from_sets
from workbench.interop.refi.problems import Problems
from workbench.interop.refi.reader import read_codebook, read_project
from workbench.interop.refi.texts import SourceFiles, SourceText
from workbench.interop.refi.values import Values, date_from, parse_timestamp

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.core.dates import DateRange
    from workbench.interop.refi.model import (
        RefiCase,
        RefiCode,
        RefiCodebook,
        RefiCoding,
        RefiProject,
        RefiSelection,
        RefiSet,
        RefiTextSource,
    )

KINDS = ("interview", "document", "fieldnote", "survey", "other")
ORIGINS = ("manual", "suggested", "adjudicated", "imported")
MAX_TITLE = 500
FALLBACK_CODER = "imported"
DOCUMENT_DATE = (DATE, DATE_END, DATE_PRECISION)
EVENT = (EVENT_DATE, EVENT_END, EVENT_PRECISION)


class _Inbound(NotesIn):
    def __init__(
        self,
        refi: RefiProject,
        archive: SafeArchive | None,
        problems: Problems,
        *,
        label: str,
        fallback_coder: str | None,
        strict: bool = True,
    ) -> None:
        self.refi = refi
        self.archive = archive
        self.p = problems
        self.label = label
        self.fallback_handle = fallback_coder or FALLBACK_CODER
        self.variables = {v.guid: v for v in refi.variables}
        self.coders: dict[str, ExchangeCoder] = {}
        self.codes: dict[str, ExchangeCode] = {}
        self.events: dict[str, DateRange] = {}
        self.case_of: dict[str, str] = {}
        self.case_dates: dict[str, DateRange] = {}
        self.documents: list[ExchangeDocument] = []
        self.codings: list[ExchangeCoding] = []
        self.note_targets: dict[str, dict[str, str]] = {}
        self.files = SourceFiles(archive, problems)
        self.strict = strict
        self.skipped: dict[str, tuple[str, int]] = {}
        """Sources whose files are not in the archive: guid -> (owner, codings lost)."""
        self.used_paths: dict[str, str] = {}
        declared = Counting.from_key((refi.extension or {}).get("offsets"))
        # The workbench's own files say how they count, exactly: nothing to weigh then.
        self.preference = [declared] if declared else tool_preference(refi.origin)
        self.untitled = set(extension_untitled(refi.extension))
        self.attached = extension_attached(refi.extension)
        self.readings: list[tuple[str, SourceReading]] = []
        self.counts: dict[str, int] = {}
        self.default_codebook = codebook_id(refi.name or label)
        self.turn_times = extension_turn_times(refi.extension)
        self.own_events = extension_events(refi.extension)
        self.selection_codings: dict[str, tuple[str, str]] = {}
        """Selection GUID -> (document GUID, the first coding made from it), for links."""
        # The workbench's own files list only the codings that are not manual.
        self.default_origin = "manual" if refi.extension is not None else "imported"

    def count(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    def users(self) -> None:
        self.coders = map_users(self.refi.users, self.refi.extension)

    def code_tree(self, roots: tuple[RefiCode, ...]) -> None:
        self.codes = map_codes(
            roots, self.refi.extension, codebook=self.default_codebook, problems=self.p
        )

    def coder(self, *candidates: str | None) -> str:
        """The GUID of the first known (or at least named) user among ``candidates``."""
        for guid in candidates:
            if guid is None:
                continue
            if guid not in self.coders:
                handle = f"user-{guid[:8]}"
                self.coders[guid] = ExchangeCoder(guid, handle)
                self.p.warn(
                    f"user {guid} is referenced but not listed in <Users>; imported as {handle!r}"
                )
            return guid
        project_user = self.refi.creating_user
        if project_user is not None and project_user in self.coders:
            self.count(
                "coding(s) or note(s) without a creating user, attributed to the project's creator"
            )
            return project_user
        guid = derived_guid("coder", self.fallback_handle)
        if guid not in self.coders:
            self.coders[guid] = ExchangeCoder(guid, self.fallback_handle)
        self.count(
            f"coding(s) or note(s) without a creating user, attributed to {self.fallback_handle!r}"
        )
        return guid

    # -- cases and events ---------------------------------------------------------------

    def date_of(self, values: Values, *, owner: str) -> tuple[DateRange | None, set[str]]:
        return date_from(values, DOCUMENT_DATE, owner=owner, problems=self.p)

    def event_of(self, case: RefiCase) -> tuple[bool, DateRange | None]:
        """Whether ``case`` is a dated event, and the date it gives its selections' codings.

        The workbench's own event cases say where their date came from; only a
        coding's own date is restored, the others are derived again from the text.
        """
        values = Values.of(case.values, self.variables)
        owner = f"case {case.name or case.guid!r}"
        if values.get(EVENT_DATE) is None:
            when, _ = self.date_of(values, owner=owner)
            return when is not None, when
        source = values.get(EVENT_SOURCE)
        if source is not None and source.value.strip() != "own":
            self.count("event dates derived from mentions or document dates (derived again here)")
            return True, None
        when, _ = date_from(values, EVENT, owner=owner, problems=self.p, guess=False)
        return True, when

    def cases(self) -> list[ExchangeCase]:
        out: list[ExchangeCase] = []
        taken: set[str] = set()
        tries: dict[str, int] = {}
        for case in self.refi.cases:
            if case.selection_refs:
                is_event, when = self.event_of(case)
                if is_event:
                    for sel in case.selection_refs:
                        if when is not None:
                            self.events[sel] = when
                    continue
                if not case.source_refs:
                    self.count("case(s) of selections without a date not imported")
                    continue
            name = unique_name(
                one_line(case.name or "", f"case {case.guid}", self.p, note_blanks=False)
                or f"Case {case.guid[:8]}",
                taken,
                tries,
            )
            values = Values.of(case.values, self.variables)
            when, _ = self.date_of(values, owner=f"case {name!r}")
            attrs = {
                k.removesuffix(ATTRIBUTE_SUFFIX): v[0].value for k, v in values.by_name.items()
            }
            out.append(ExchangeCase(case.guid, name[:MAX_NAME], attrs))
            for src in case.source_refs:
                if src in self.case_of and self.case_of[src] != name:
                    self.p.warn(f"source {src} is in several cases; it keeps {self.case_of[src]!r}")
                    continue
                self.case_of[src] = name[:MAX_NAME]
                if when is not None:
                    self.case_dates[src] = when
        return out

    # -- sources -------------------------------------------------------------------------

    def sources(self) -> None:
        origins = extension_origins(self.refi.extension)
        seen_keys: set[tuple[str, int, int, str, str]] = set()
        coding_guids: set[str] = set()
        for src in self.refi.sources:
            title = (src.name or "").strip()
            if unsafe_characters(title):
                title = one_line(title, f"source {src.guid}", self.p)
            path = src.plain_path or src.rich_path or ""
            if not title:
                title = (
                    PurePosixPath(path.split("://")[-1]).stem if path else f"Source {src.guid[:8]}"
                )
            owner = f"source {title!r} ({src.guid})"
            if src.element == "Transcript" and src.plain_path:
                other = self.used_paths.get(src.plain_path.casefold())
                if other is not None:
                    self.p.warn(
                        f"transcript {title!r} has the same text as {other!r}; imported once"
                    )
                    continue
            if src.plain_path:
                self.used_paths.setdefault(src.plain_path.casefold(), title)
            got = self.files.source_text(src, owner, missing_is_error=self.strict)
            if got is None:
                if not self.strict and src.guid not in self.skipped:
                    self.skipped[src.guid] = (owner, len(src.selections) + len(src.codings))
                continue
            try:
                text, mapping = normalise_with_map(got.text)
            except OffsetMapError as exc:
                if src.selections:
                    self.p.error(f"{owner}: {exc}; its selections cannot be placed", line=src.line)
                    continue
                from workbench.ingest.text import normalise_text

                text, mapping = normalise_text(got.text), []
            spans = self.place(src, got, owner)
            if not text:
                self.p.warn(f"{owner}: its text is empty; not imported")
                continue
            doc = self.document(src, title, text, got.raw, got.member, owner)
            self.documents.append(doc)
            for coding in src.codings:
                self.add_coding(
                    doc,
                    0,
                    len(text),
                    coding.code,
                    coding.guid,
                    None,
                    None,
                    coding,
                    src,
                    origins,
                    seen_keys,
                    coding_guids,
                )
                self.note_target(coding.note_refs, document=doc.guid)
            for sel, span in zip(src.selections, spans, strict=True):
                if span is None or not mapping:
                    continue  # reported already (or the text could not be mapped)
                start, end = mapping[span[0]], mapping[span[1]]
                self.selection(doc, sel, src, start, end, origins, seen_keys, coding_guids)
            self.note_target(src.note_refs, document=doc.guid)
        self.files.finish()

    def place(
        self, src: RefiTextSource, got: SourceText, owner: str
    ) -> list[tuple[int, int] | None]:
        """Each selection's ``[start, end)`` in code points of the file's text, as the
        tool that wrote it counts positions (see ``counting``); bad ones reported."""
        marks = [(sel.start, sel.end, sel.name) for sel in src.selections]
        if got.exact:
            reading = read_positions(got.text, marks, self.preference)
        else:  # an extracted text: no reading of the other tool's positions can be checked
            reading = read_positions(got.text, marks, [CODE_POINTS])
        if reading.distinguishing:
            self.readings.append((owner, reading))
        unit = "characters" if reading.counting == CODE_POINTS else reading.counting.describe()
        for sel, span in zip(src.selections, reading.spans, strict=True):
            if span is None:
                self.p.error(
                    f"{owner}: selection {sel.guid} [{sel.start}, {sel.end}) lies outside its "
                    f"text, which has {reading.tool_length} {unit}",
                    line=sel.line,
                )
        return reading.spans

    def document(
        self, src: RefiTextSource, title: str, text: str, raw: bytes, member: str, owner: str
    ) -> ExchangeDocument:
        values = Values.of(src.values, self.variables)
        when, used = self.date_of(values, owner=owner)
        if when is None:
            when = self.case_dates.get(src.guid)
        kind_value = values.get(KIND)
        kind = kind_value.value.strip() if kind_value is not None else "document"
        if kind not in KINDS:
            self.p.warn(f"{owner}: kind {kind!r} is not one of {', '.join(KINDS)}; 'document'")
            kind = "document"
        skip = {k.casefold() for k in used} | {KIND.casefold()}
        attrs = {
            k.removesuffix(ATTRIBUTE_SUFFIX): vs[0].value
            for k, vs in values.by_name.items()
            if k.casefold() not in skip
        }
        return ExchangeDocument(
            guid=src.guid,
            title=title[:MAX_TITLE],
            text=text,
            kind=kind,
            date=when,
            case=self.case_of.get(src.guid),
            attributes=attrs,
            created=parse_timestamp(src.created),
            source_name=PurePosixPath(member).name if member else None,
            raw=raw,
            turn_times=self.turn_times.get(src.guid, ()),
        )

    def selection(
        self,
        doc: ExchangeDocument,
        sel: RefiSelection,
        src: RefiTextSource,
        start: int,
        end: int,
        origins: dict[str, str],
        seen_keys: set[tuple[str, int, int, str, str]],
        coding_guids: set[str],
    ) -> None:
        if not sel.codings:
            self.count("selection(s) without codings (quotations) not imported")
            return
        if end <= start:
            self.count(
                "selection(s) empty, or covering only whitespace the stored text drops, skipped"
            )
            return
        first: str | None = None
        for coding in sel.codings:
            guid = sel.guid if len(sel.codings) == 1 else coding.guid
            made = self.add_coding(
                doc,
                start,
                end,
                coding.code,
                guid,
                sel,
                sel.description,
                coding,
                src,
                origins,
                seen_keys,
                coding_guids,
            )
            if made is not None:
                first = first or made
                self.note_target(coding.note_refs, document=doc.guid, coding=made)
        if first is not None:
            self.note_target(sel.note_refs, document=doc.guid, coding=first)
            self.selection_codings[sel.guid] = (doc.guid, first)

    def add_coding(
        self,
        doc: ExchangeDocument,
        start: int,
        end: int,
        code: str,
        guid: str,
        sel: RefiSelection | None,
        memo: str | None,
        coding: RefiCoding,
        src: RefiTextSource,
        origins: dict[str, str],
        seen_keys: set[tuple[str, int, int, str, str]],
        coding_guids: set[str],
    ) -> str | None:
        if code not in self.codes:
            self.p.error(
                f"coding {coding.guid} refers to code {code}, which the codebook does not define",
                line=coding.line,
            )
            return None
        if end <= start:
            return None
        coder = self.coder(coding.user, sel.user if sel else None, src.user)
        key = (doc.guid, start, end, code, coder)
        if key in seen_keys:
            self.count("duplicate coding(s) (same span, code and coder) imported once")
            return None
        seen_keys.add(key)
        if not guid or guid in coding_guids:
            guid = derived_guid("coding", f"{doc.guid}:{start}:{end}:{code}:{coder}")
        coding_guids.add(guid)
        origin = origins.get(sel.guid if sel else "", self.default_origin)
        memo, event = self.memo_and_event(sel, memo)
        self.codings.append(
            ExchangeCoding(
                guid=guid,
                document=doc.guid,
                start=start,
                end=end,
                code=code,
                coder=coder,
                origin=origin if origin in ORIGINS else "imported",
                memo=memo if memo and memo.strip() else None,
                event=event,
                created=parse_timestamp(coding.created or (sel.created if sel else None)),
                updated=parse_timestamp(sel.modified if sel else None),
            )
        )
        return guid

    # -- sets ----------------------------------------------------------------------------

    def schemes(self, sets: tuple[RefiSet, ...]) -> list[ExchangeScheme]:
        return schemes_from_sets(sets, extension_schemes(self.refi.extension), self.p)

    def workbench_data(self) -> tuple[dict[str, Any], dict[str, bytes]]:
        """The workbench-only data and the ``workbench/`` files it names (own files only)."""
        return self.files.workbench_data(self.refi.extension)

    def finish_warnings(self) -> None:
        for item in self.refi.unsupported:
            self.p.warn(f"not imported: {item}")
        for owner, lost in self.skipped.values():
            path = next((p for p, o in self.files.missing.items() if o == owner), "its file")
            codings = f" with its {lost} coding(s)" if lost else ""
            self.p.warn(f"{owner}: {path} is not in the archive; not imported{codings}")
        for path, owner in self.files.missing.items():
            if owner.startswith("note "):
                self.p.warn(f"{owner}: {path} is not in the archive; not imported")
        self.reading_warnings()
        for key, n in self.counts.items():
            self.p.warn(f"{n} {key}")

    def reading_warnings(self) -> None:
        for line in describe_readings(self.readings, self.refi.origin):
            self.p.warn(line)


def _open_archive(source: Path | bytes, label: str, limits: ArchiveLimits | None) -> SafeArchive:
    return SafeArchive.open(source, label=label, limits=limits)


def read_qdpx(
    source: Path | bytes,
    *,
    label: str,
    limits: ArchiveLimits | None = None,
    fallback_coder: str | None = None,
    strict: bool = False,
) -> RefiReadResult:
    """Everything a ``.qdpx`` holds that the workbench can keep, checked.

    ``label`` names the file in messages; ``fallback_coder`` is the handle codings
    and notes without a creating user are attributed to. A source or note whose
    file is not in the archive (a partial project) is left out with a warning that
    names it, unless ``strict``, when it is an error. Raises ``InputError`` (a
    ``RefiImportError`` with every problem, when there are several).
    """
    problems = Problems(label)
    with _open_archive(source, label, limits) as archive:
        qde = archive.find("project.qde")
        if qde is None:
            candidates = [
                n for n in archive.names if "/" not in n and n.casefold().endswith(".qde")
            ]
            if len(candidates) != 1:
                listing = ", ".join(sorted(archive.names)[:5]) or "nothing"
                raise InputError(
                    f"not a REFI-QDA project: no project.qde in the archive (it holds {listing})",
                    path=label,
                )
            qde = candidates[0]
        problems.located = f"{label}!{qde}"
        refi = read_project(archive.read(qde), path=problems.located, problems=problems)
        problems.check()
        run = _Inbound(
            refi, archive, problems, label=label, fallback_coder=fallback_coder, strict=strict
        )
        run.users()
        run.code_tree(refi.codes)
        cases = run.cases()
        run.sources()
        memos = run.memos()
        schemes = run.schemes(refi.sets)
        extra, files = run.workbench_data()
        if run.files.missing and strict:
            held = sorted(archive.names)
            holds = ", ".join(held) if len(held) <= 3 else f"{len(held)} files"
            problems.hint = (
                f" ({len(run.files.missing)} source file(s) missing from the archive, which "
                f"holds {'only ' if len(held) <= 3 else ''}{holds or 'nothing else'})"
            )
    problems.check()
    run.finish_warnings()
    project = ExchangeProject(
        name=refi.name,
        coders=tuple(run.coders.values()),
        codes=tuple(run.codes.values()),
        cases=tuple(cases),
        documents=tuple(run.documents),
        codings=tuple(run.codings),
        memos=tuple(memos),
        schemes=tuple(schemes),
        origin=refi.origin,
        extra=extra,
        files=files,
    )
    return RefiReadResult(project, tuple(problems.warnings), run.default_codebook)


def read_qdc(data: bytes, *, label: str) -> RefiReadResult:
    """The codes of a ``.qdc`` codebook, checked; code sets are reported, not kept."""
    problems = Problems(label)
    problems.located = label
    book = read_codebook(data, path=label, problems=problems)
    problems.check()
    stem = PurePosixPath(label.replace("\\", "/")).stem
    refi_like = _codebook_as_project(book, stem)
    run = _Inbound(refi_like, None, problems, label=label, fallback_coder=None)
    run.code_tree(book.codes)
    if not run.codes:
        problems.error("the codebook has no codes")
    problems.check()
    if book.sets:
        sample = ", ".join(repr(s.name) for s in book.sets[:3])
        problems.warn(
            f"{len(book.sets)} code set(s) not imported, the workbench has no sets (e.g. {sample})"
        )
    project = ExchangeProject(name=stem, codes=tuple(run.codes.values()), origin=book.origin)
    return RefiReadResult(project, tuple(problems.warnings), run.default_codebook)


def _codebook_as_project(book: RefiCodebook, name: str) -> RefiProject:
    from workbench.interop.refi.model import RefiProject

    return RefiProject(name=name, codes=book.codes, extension=book.extension)
