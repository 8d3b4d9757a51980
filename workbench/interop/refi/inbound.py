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

import json
import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from workbench.core.errors import InputError
from workbench.interop.refi.archive import ArchiveLimits, SafeArchive, unsafe_name
from workbench.interop.refi.bundle import (
    ExchangeCase,
    ExchangeCode,
    ExchangeCoder,
    ExchangeCoding,
    ExchangeDocument,
    ExchangeMemo,
    ExchangePhase,
    ExchangeProject,
    ExchangeScheme,
    RefiReadResult,
)
from workbench.interop.refi.extension import (
    extension_origins,
    extension_schemes,
    extension_turn_times,
)
from workbench.interop.refi.guid import derived_guid
from workbench.interop.refi.identity import MAX_NAME, codebook_id, map_codes, map_users, unique_name
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
from workbench.interop.refi.problems import Problems
from workbench.interop.refi.reader import all_codes, read_codebook, read_project
from workbench.interop.refi.values import Values, date_from, parse_day, parse_timestamp

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from workbench.core.dates import DateRange
    from workbench.interop.refi.model import (
        RefiCase,
        RefiCode,
        RefiCodebook,
        RefiCoding,
        RefiNote,
        RefiProject,
        RefiSelection,
        RefiSet,
        RefiTextSource,
    )

KINDS = ("interview", "document", "fieldnote", "survey", "other")
ORIGINS = ("manual", "suggested", "adjudicated", "imported")
PHASE_RE = re.compile(
    r'Phase \d+ ("(?:[^"\\]|\\.)*") of bracket scheme ("(?:[^"\\]|\\.)*"): '
    r"(\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})\.\Z"
)
MAX_TITLE = 500
FALLBACK_CODER = "imported"
DOCUMENT_DATE = (DATE, DATE_END, DATE_PRECISION)
EVENT = (EVENT_DATE, EVENT_END, EVENT_PRECISION)


class _Inbound:
    def __init__(
        self,
        refi: RefiProject,
        archive: SafeArchive | None,
        problems: Problems,
        *,
        label: str,
        fallback_coder: str | None,
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
        self.missing_paths: set[str] = set()
        self.used_paths: dict[str, str] = {}
        self.no_prefix: list[str] = []
        self.counts: dict[str, int] = {}
        self.default_codebook = codebook_id(refi.name or label)
        self.turn_times = extension_turn_times(refi.extension)
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

    # -- reading texts ---------------------------------------------------------------

    def member(self, ref: str, *, owner: str, line: int | None) -> tuple[str, bytes] | None:
        """The archive member a source path names, read; ``None`` after reporting why not."""
        text = ref.strip()
        scheme, sep, rest = text.partition("://")
        if sep and scheme.casefold() != "internal":
            self.p.error(
                f"{owner}: {text!r} is an external file ({scheme}://); an import reads only "
                "files inside the .qdpx",
                line=line,
            )
            return None
        name = rest if sep else text
        if not sep:
            self.no_prefix.append(text)
        why = unsafe_name(name) or ("is empty" if not name else None)
        if why is not None:
            self.p.error(f"{owner}: refused source path {text!r}: it {why}", line=line)
            return None
        bare = name[len("sources/") :] if name.casefold().startswith("sources/") else name
        if self.archive is None:
            self.p.error(f"{owner}: {text} cannot be read (no archive)", line=line)
            return None
        found = self.archive.find_any([f"sources/{bare}", name])
        if found is None:
            if text not in self.missing_paths:
                self.missing_paths.add(text)
                self.p.error(f"{owner}: {text} is not in the archive", line=line)
            return None
        try:
            return found, self.archive.read(found)
        except InputError as exc:
            self.p.error(f"{owner}: {exc}", line=line)
            return None

    def decode(self, data: bytes, *, owner: str, line: int | None) -> str | None:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        from workbench.ingest.text import decode_bytes

        try:
            text, encoding = decode_bytes(data)
        except InputError as exc:
            self.p.error(f"{owner}: {exc.message}", line=line)
            return None
        self.p.warn(f"{owner}: the text is not UTF-8 as the standard requires; read as {encoding}")
        return text

    def rich_text(self, member: str, data: bytes, *, owner: str, line: int | None) -> str | None:
        from pathlib import Path

        from workbench.ingest.registry import reader_for

        try:
            where = Path(PurePosixPath(member).name)  # for the reader's choice and messages only
            return reader_for(where)(data, where).text
        except InputError as exc:
            self.p.error(f"{owner}: cannot read its text from {member}: {exc.message}", line=line)
            return None

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
                " ".join((case.name or "").split()) or f"Case {case.guid[:8]}", taken, tries
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

    def source_text(self, src: RefiTextSource, owner: str) -> tuple[str, bytes, str, bool] | None:
        """``(text, raw bytes, member name, exact offsets?)`` of a source, or ``None``."""
        if src.plain_path:
            if src.content is not None:
                self.p.warn(f"{owner}: has both plainTextPath and PlainTextContent; read the file")
            got = self.member(src.plain_path, owner=owner, line=src.line)
            if got is None:
                return None
            member, data = got
            text = self.decode(data, owner=owner, line=src.line)
            return (text, data, member, True) if text is not None else None
        if src.content is not None:
            return src.content, src.content.encode("utf-8"), "", True
        if src.rich_path:
            got = self.member(src.rich_path, owner=owner, line=src.line)
            if got is None:
                return None
            member, data = got
            text = self.rich_text(member, data, owner=owner, line=src.line)
            if text is None:
                return None
            if src.selections:
                self.p.warn(
                    f"{owner}: has no plain text, only {src.rich_path}; its text was extracted "
                    "by the workbench and its selections' offsets are taken to refer to that text"
                )
            return text, data, member, False
        self.p.error(
            f"{owner}: has no text (no plainTextPath, PlainTextContent or richTextPath)",
            line=src.line,
        )
        return None

    def sources(self) -> None:
        origins = extension_origins(self.refi.extension)
        seen_keys: set[tuple[str, int, int, str, str]] = set()
        coding_guids: set[str] = set()
        for src in self.refi.sources:
            title = (src.name or "").strip()
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
            got = self.source_text(src, owner)
            if got is None:
                continue
            original, raw, member, exact = got
            try:
                text, mapping = normalise_with_map(original)
            except OffsetMapError as exc:
                if src.selections:
                    self.p.error(f"{owner}: {exc}; its selections cannot be placed", line=src.line)
                    continue
                from workbench.ingest.text import normalise_text

                text, mapping = normalise_text(original), []
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
            for sel in src.selections:
                if sel.start < 0 or sel.end < sel.start or sel.end > len(original):
                    self.p.error(
                        f"{owner}: selection {sel.guid} [{sel.start}, {sel.end}) lies outside its "
                        f"text, which has {len(original)} characters",
                        line=sel.line,
                    )
            if not text:
                self.p.warn(f"{owner}: its text is empty; not imported")
                continue
            doc = ExchangeDocument(
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
            for sel in src.selections:
                self.selection(doc, sel, src, mapping, exact, origins, seen_keys, coding_guids)
            self.note_target(src.note_refs, document=doc.guid)
        if self.no_prefix:
            self.p.warn(
                f"{len(self.no_prefix)} source path(s) lack the internal:// prefix the standard "
                f"requires (e.g. {self.no_prefix[0]!r}); read from sources/ anyway"
            )

    def selection(
        self,
        doc: ExchangeDocument,
        sel: RefiSelection,
        src: RefiTextSource,
        mapping: list[int],
        exact: bool,
        origins: dict[str, str],
        seen_keys: set[tuple[str, int, int, str, str]],
        coding_guids: set[str],
    ) -> None:
        if sel.start < 0 or sel.end > len(mapping) - 1 or sel.end < sel.start:
            return  # reported already (or the text could not be mapped)
        if not sel.codings:
            self.count("selection(s) without codings (quotations) not imported")
            return
        start, end = mapping[sel.start], mapping[sel.end]
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
                event=self.events.get(sel.guid) if sel else None,
                created=parse_timestamp(coding.created or (sel.created if sel else None)),
                updated=parse_timestamp(sel.modified if sel else None),
            )
        )
        return guid

    # -- notes ---------------------------------------------------------------------------

    def note_target(self, refs: Iterable[str], **targets: str) -> None:
        for ref in refs:
            slot = self.note_targets.setdefault(ref, {})
            for key, value in targets.items():
                slot.setdefault(key, value)

    def memos(self) -> list[ExchangeMemo]:
        for code in all_codes(self.refi.codes):
            self.note_target(code.note_refs, code=code.guid)
        out = []
        for note in self.refi.notes:
            body = self.note_body(note)
            if body is None:
                continue
            where = self.note_targets.pop(note.guid, {})
            out.append(
                ExchangeMemo(
                    guid=note.guid,
                    body=body,
                    title=(note.name or "").strip()[:MAX_NAME] or None,
                    coder=self.coder(note.user),
                    document=where.get("document"),
                    code=where.get("code"),
                    coding=where.get("coding"),
                    created=parse_timestamp(note.created),
                    updated=parse_timestamp(note.modified),
                )
            )
        if self.note_targets:
            self.count(
                "reference(s) to notes the file does not hold, ignored", len(self.note_targets)
            )
        return out

    def note_body(self, note: RefiNote) -> str | None:
        from workbench.ingest.text import normalise_text

        content = note.content
        owner = f"note {note.name or note.guid!r}"
        if note.plain_path:
            got = self.member(note.plain_path, owner=owner, line=note.line)
            if got is None:
                return None
            content = self.decode(got[1], owner=owner, line=note.line)
            if content is None:
                return None
        parts = [p for p in (note.description, content) if p and p.strip()]
        return normalise_text("\n\n".join(parts))

    # -- sets ----------------------------------------------------------------------------

    def schemes(self, sets: tuple[RefiSet, ...]) -> list[ExchangeScheme]:
        descriptions = extension_schemes(self.refi.extension)
        phases: dict[str, list[ExchangePhase]] = {}
        others = []
        for item in sets:
            first, _, rest = (item.description or "").partition("\n")
            m = PHASE_RE.match(first.strip())
            if m is None:
                others.append(item.name)
                continue
            label, scheme = json.loads(m.group(1)), json.loads(m.group(2))
            start, end = parse_day(m.group(3)), parse_day(m.group(4))
            if start is None or end is None or end < start or not str(label).strip():
                self.p.error(f"set {item.name!r}: the phase's dates are not valid", line=item.line)
                continue
            phases.setdefault(str(scheme), []).append(
                ExchangePhase(str(label).strip()[:MAX_NAME], start, end, rest or None)
            )
        if others:
            sample = ", ".join(repr(n) for n in others[:3])
            self.p.warn(
                f"{len(others)} set(s) not imported, the workbench has no sets (e.g. {sample})"
            )
        return [
            ExchangeScheme(name[:MAX_NAME], tuple(ps), descriptions.get(name))
            for name, ps in phases.items()
        ]

    def finish_warnings(self) -> None:
        for item in self.refi.unsupported:
            self.p.warn(f"not imported: {item}")
        for key, n in self.counts.items():
            self.p.warn(f"{n} {key}")


def _open_archive(source: Path | bytes, label: str, limits: ArchiveLimits | None) -> SafeArchive:
    return SafeArchive.open(source, label=label, limits=limits)


def read_qdpx(
    source: Path | bytes,
    *,
    label: str,
    limits: ArchiveLimits | None = None,
    fallback_coder: str | None = None,
) -> RefiReadResult:
    """Everything a ``.qdpx`` holds that the workbench can keep, checked.

    ``label`` names the file in messages; ``fallback_coder`` is the handle codings
    and notes without a creating user are attributed to. Raises ``InputError``
    (a ``RefiImportError`` with every problem, when there are several).
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
        run = _Inbound(refi, archive, problems, label=label, fallback_coder=fallback_coder)
        run.users()
        run.code_tree(refi.codes)
        cases = run.cases()
        run.sources()
        memos = run.memos()
        schemes = run.schemes(refi.sets)
        if run.missing_paths:
            held = sorted(archive.names)
            holds = ", ".join(held) if len(held) <= 3 else f"{len(held)} files"
            problems.hint = (
                f" ({len(run.missing_paths)} source file(s) missing from the archive, which "
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
