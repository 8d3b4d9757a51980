"""From REFI-QDA XML to the plain values of ``model``: tolerant of spelling, strict on sense.

What real tools write and this reader accepts:

- any namespace, or none, on the elements (the schema's, the codebook's, none);
- attribute names in any case (``guid``, ``GUID``);
- GUIDs in upper or lower case, with or without braces (all normalised);
- ``Project.qde`` and ``Sources/`` spelled in other cases (see ``archive``);
- a codebook in flat form, where top-level codes name their parent in a
  ``parent`` (or ``parentGUID``) attribute instead of nesting: not in the schema,
  but the tree it describes is unambiguous, so it is rebuilt; a parent that is
  missing, or a loop of parents, is an error.

What it refuses, with the element's line: an element without its required
``guid``, two elements with the same GUID where identity matters (codes, sources,
selections), a position that is not a whole number, and codes nested deeper than
``MAX_DEPTH`` (the tree is walked without recursion, so no file can exhaust the
stack; the limit is a sanity bound).

Sources the workbench cannot hold (pictures, audio and video, PDF regions, graphs
and links) are listed in ``RefiProject.unsupported`` for the import's warnings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.interop.refi.extension import read_extension
from workbench.interop.refi.guid import is_guid, normalise_guid
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
from workbench.interop.refi.xmlread import (
    LineElement,
    attr,
    child,
    child_text,
    children,
    comments,
    local,
    parse_xml,
)

if TYPE_CHECKING:
    from workbench.interop.refi.problems import Problems

MAX_DEPTH = 200
_VALUE_KINDS = {
    "TextValue": "Text",
    "BooleanValue": "Boolean",
    "IntegerValue": "Integer",
    "FloatValue": "Float",
    "DateValue": "Date",
    "DateTimeValue": "DateTime",
}
_MEDIA_SELECTIONS = ("PictureSelection", "PDFSelection", "AudioSelection", "VideoSelection")


class _Reader:
    def __init__(self, problems: Problems) -> None:
        self.p = problems
        self.bad_guids: list[str] = []

    # -- small helpers ---------------------------------------------------------------

    def guid(self, el: LineElement, name: str = "guid", *, required: bool = True) -> str | None:
        raw = attr(el, name)
        if raw is None or not raw.strip():
            if required:
                self.p.error(f"<{local(el.tag)}> has no {name} attribute", line=el.line)
            return None
        if not is_guid(raw) and raw not in self.bad_guids:
            self.bad_guids.append(raw)
        return normalise_guid(raw)

    def refs(self, el: LineElement, name: str, key: str = "targetGUID") -> tuple[str, ...]:
        out = []
        for ref in children(el, name):
            target = self.guid(ref, key)
            if target is None and key == "targetGUID":
                target = self.guid(ref, "guid", required=False)  # the codebook schema's form
            if target is not None:
                out.append(target)
        return tuple(out)

    def position(self, el: LineElement, name: str) -> int | None:
        raw = attr(el, name)
        if raw is None:
            self.p.error(f"<{local(el.tag)}> has no {name}", line=el.line)
            return None
        try:
            return int(raw.strip())
        except ValueError:
            self.p.error(f"{name}={raw!r} is not a whole number", line=el.line)
            return None

    # -- codes ---------------------------------------------------------------------

    def codes(self, codes_el: LineElement | None) -> tuple[RefiCode, ...]:
        """The code tree, built bottom-up without recursion."""
        if codes_el is None:
            return ()
        top = list(children(codes_el, "Code"))
        # Post-order walk with an explicit stack: children are built before parents.
        built: dict[int, RefiCode] = {}
        stack: list[tuple[LineElement, int, bool]] = [(el, 0, False) for el in reversed(top)]
        while stack:
            el, depth, expanded = stack.pop()
            if depth > MAX_DEPTH:
                self.p.error(f"codes are nested deeper than {MAX_DEPTH} levels", line=el.line)
                return ()
            kids = list(children(el, "Code"))
            if not expanded:
                stack.append((el, depth, True))
                stack.extend((k, depth + 1, False) for k in reversed(kids))
                continue
            built[id(el)] = self.code(el, tuple(built.pop(id(k)) for k in kids if id(k) in built))
        roots = [built[id(el)] for el in top if id(el) in built]
        return self.unflatten(roots, top)

    def code(self, el: LineElement, kids: tuple[RefiCode, ...]) -> RefiCode:
        codable = (attr(el, "isCodable") or "true").strip().lower() not in ("false", "0")
        return RefiCode(
            guid=self.guid(el) or "",
            name=attr(el, "name") or "",
            codable=codable,
            color=attr(el, "color"),
            description=child_text(el, "Description"),
            note_refs=self.refs(el, "NoteRef"),
            children=kids,
            line=el.line,
        )

    def unflatten(self, roots: list[RefiCode], elements: list[LineElement]) -> tuple[RefiCode, ...]:
        """Nest top-level codes that name a parent (the flat form) under it."""
        parents: dict[str, str] = {}
        for code, el in zip(roots, elements, strict=True):
            raw = attr(el, "parent") or attr(el, "parentGUID") or attr(el, "parentGuid")
            if raw is not None and raw.strip():
                parents[code.guid] = normalise_guid(raw)
        if not parents:
            return tuple(roots)
        known = set()
        pending = list(roots)
        while pending:
            c = pending.pop()
            known.add(c.guid)
            pending.extend(c.children)
        by_guid = {c.guid: c for c in roots}
        ok = True
        for code in roots:
            parent = parents.get(code.guid)
            if parent is None:
                continue
            if parent not in known:
                self.p.error(
                    f"code {code.name!r} ({code.guid}) names parent {parent}, which is not in "
                    "the codebook",
                    line=code.line,
                )
                ok = False
                continue
            seen = {code.guid}
            step: str | None = parent
            while step is not None and step in parents:
                if step in seen or len(seen) > MAX_DEPTH:
                    why = "is its own ancestor" if step in seen else "has too many ancestors"
                    self.p.error(
                        f"code {code.name!r} ({code.guid}) {why} (parent attributes)",
                        line=code.line,
                    )
                    ok = False
                    break
                seen.add(step)
                step = parents[step]
        if not ok:
            return tuple(roots)
        kids: dict[str, list[str]] = {}
        for guid, parent in parents.items():  # the parent may be nested in another code
            kids.setdefault(parent, []).append(guid)
        order = {c.guid: i for i, c in enumerate(roots)}

        def assemble(code: RefiCode) -> RefiCode:
            extra = tuple(
                assemble(by_guid[g]) for g in sorted(kids.get(code.guid, []), key=order.__getitem__)
            )
            nested = tuple(assemble(c) for c in code.children)
            return RefiCode(
                guid=code.guid,
                name=code.name,
                codable=code.codable,
                color=code.color,
                description=code.description,
                note_refs=code.note_refs,
                children=nested + extra,
                line=code.line,
            )

        return tuple(assemble(c) for c in roots if c.guid not in parents)

    # -- variables, values, users ----------------------------------------------------

    def values(self, el: LineElement) -> tuple[RefiValue, ...]:
        out = []
        for vv in children(el, "VariableValue"):
            ref = child(vv, "VariableRef")
            target = self.guid(ref, "targetGUID") if ref is not None else None
            if target is None:
                if ref is None:
                    self.p.error("<VariableValue> has no <VariableRef>", line=vv.line)
                continue
            for value_el in children(vv):
                kind = _VALUE_KINDS.get(local(value_el.tag))
                if kind is not None:
                    out.append(RefiValue(target, kind, "".join(value_el.itertext()), vv.line))
                    break
        return tuple(out)

    def variables(self, root: LineElement) -> tuple[RefiVariable, ...]:
        box = child(root, "Variables")
        if box is None:
            return ()
        return tuple(
            RefiVariable(
                guid=self.guid(v) or "",
                name=attr(v, "name") or "",
                type=attr(v, "typeOfVariable") or "Text",
                description=child_text(v, "Description"),
                line=v.line,
            )
            for v in children(box, "Variable")
        )

    def users(self, root: LineElement) -> tuple[RefiUser, ...]:
        box = child(root, "Users")
        if box is None:
            return ()
        return tuple(
            RefiUser(self.guid(u) or "", attr(u, "name"), attr(u, "id"), u.line)
            for u in children(box, "User")
        )

    # -- sources ---------------------------------------------------------------------

    def coding(self, el: LineElement) -> RefiCoding | None:
        ref = child(el, "CodeRef")
        if ref is None:
            self.p.error("<Coding> has no <CodeRef>", line=el.line)
            return None
        code = self.guid(ref, "targetGUID")
        if code is None:
            return None
        return RefiCoding(
            guid=self.guid(el) or "",
            code=code,
            user=self.guid(el, "creatingUser", required=False),
            created=attr(el, "creationDateTime"),
            note_refs=self.refs(el, "NoteRef"),
            line=el.line,
        )

    def codings(self, el: LineElement) -> tuple[RefiCoding, ...]:
        return tuple(c for c in (self.coding(x) for x in children(el, "Coding")) if c is not None)

    def selection(self, el: LineElement) -> RefiSelection | None:
        start, end = self.position(el, "startPosition"), self.position(el, "endPosition")
        guid = self.guid(el)
        if start is None or end is None or guid is None:
            return None
        return RefiSelection(
            guid=guid,
            start=start,
            end=end,
            name=attr(el, "name"),
            description=child_text(el, "Description"),
            user=self.guid(el, "creatingUser", required=False),
            created=attr(el, "creationDateTime"),
            modified=attr(el, "modifiedDateTime"),
            codings=self.codings(el),
            note_refs=self.refs(el, "NoteRef"),
            line=el.line,
        )

    def text_source(
        self,
        el: LineElement,
        *,
        element: str,
        guid: str | None = None,
        name: str | None = None,
        extra_codings: tuple[RefiCoding, ...] = (),
        values: tuple[RefiValue, ...] | None = None,
    ) -> RefiTextSource:
        selections = tuple(
            s for s in (self.selection(x) for x in children(el, "PlainTextSelection")) if s
        )
        return RefiTextSource(
            guid=guid or self.guid(el) or "",
            element=element,
            name=name if name is not None else attr(el, "name"),
            plain_path=attr(el, "plainTextPath"),
            rich_path=attr(el, "richTextPath"),
            content=child_text(el, "PlainTextContent"),
            description=child_text(el, "Description"),
            user=self.guid(el, "creatingUser", required=False),
            created=attr(el, "creationDateTime"),
            modified=attr(el, "modifiedDateTime"),
            selections=selections,
            codings=self.codings(el) + extra_codings,
            note_refs=self.refs(el, "NoteRef"),
            values=self.values(el) if values is None else values,
            line=el.line,
        )

    def sources(self, root: LineElement, unsupported: list[str]) -> tuple[RefiTextSource, ...]:
        box = child(root, "Sources")
        if box is None:
            return ()
        out: list[RefiTextSource] = []
        for el in children(box):
            kind = local(el.tag)
            name = attr(el, "name") or attr(el, "guid") or "?"
            media = sum(len(list(children(el, k))) for k in _MEDIA_SELECTIONS)
            if kind == "TextSource":
                out.append(self.text_source(el, element="TextSource"))
            elif kind == "PDFSource":
                rep = child(el, "Representation")
                if media:
                    unsupported.append(f"{media} region selection(s) of PDF {name!r}")
                if rep is None:
                    unsupported.append(f"PDF source {name!r} (no plain-text representation)")
                    continue
                out.append(
                    self.text_source(
                        rep,
                        element="PDFSource",
                        guid=self.guid(el) or "",
                        name=attr(el, "name"),
                        extra_codings=self.codings(el),
                        values=self.values(el),
                    )
                )
            elif kind in ("AudioSource", "VideoSource"):
                unsupported.append(f"{kind[:5].lower()} source {name!r}")
                if media:
                    unsupported.append(f"{media} media selection(s) of {name!r}")
                for tr in children(el, "Transcript"):
                    sync = len(list(children(tr, "TranscriptSelection")))
                    if sync:
                        unsupported.append(f"{sync} transcript selection(s) of {name!r}")
                    out.append(self.text_source(tr, element="Transcript"))
            elif kind == "PictureSource":
                unsupported.append(f"picture source {name!r}")
                if media:
                    unsupported.append(f"{media} picture selection(s) of {name!r}")
            else:
                unsupported.append(f"<{kind}> source {name!r}")
        return tuple(out)

    # -- notes, cases, sets ------------------------------------------------------------

    def notes(self, root: LineElement) -> tuple[RefiNote, ...]:
        box = child(root, "Notes")
        if box is None:
            return ()
        return tuple(
            RefiNote(
                guid=self.guid(n) or "",
                name=attr(n, "name"),
                content=child_text(n, "PlainTextContent"),
                plain_path=attr(n, "plainTextPath"),
                description=child_text(n, "Description"),
                user=self.guid(n, "creatingUser", required=False),
                created=attr(n, "creationDateTime"),
                modified=attr(n, "modifiedDateTime"),
                line=n.line,
            )
            for n in children(box, "Note")
        )

    def cases(self, root: LineElement) -> tuple[RefiCase, ...]:
        box = child(root, "Cases")
        if box is None:
            return ()
        return tuple(
            RefiCase(
                guid=self.guid(c) or "",
                name=attr(c, "name"),
                description=child_text(c, "Description"),
                code_refs=self.refs(c, "CodeRef"),
                values=self.values(c),
                source_refs=self.refs(c, "SourceRef"),
                selection_refs=self.refs(c, "SelectionRef"),
                line=c.line,
            )
            for c in children(box, "Case")
        )

    def sets(self, root: LineElement) -> tuple[RefiSet, ...]:
        box = child(root, "Sets")
        if box is None:
            return ()
        return tuple(
            RefiSet(
                guid=self.guid(s) or "",
                name=attr(s, "name") or "",
                description=child_text(s, "Description"),
                member_codes=self.refs(s, "MemberCode"),
                member_sources=self.refs(s, "MemberSource"),
                member_notes=self.refs(s, "MemberNote"),
                line=s.line,
            )
            for s in children(box, "Set")
        )

    def links(self, root: LineElement) -> tuple[RefiLink, ...]:
        box = child(root, "Links")
        if box is None:
            return ()
        out = []
        for el in children(box, "Link"):
            guid = self.guid(el)
            origin = self.guid(el, "originGUID", required=False)
            target = self.guid(el, "targetGUID", required=False)
            if guid is not None:
                out.append(
                    RefiLink(
                        guid=guid,
                        origin=origin or "",
                        target=target or "",
                        name=attr(el, "name"),
                        direction=attr(el, "direction") or "OneWay",
                        line=el.line,
                    )
                )
        return tuple(out)

    def finish(self) -> None:
        if self.bad_guids:
            sample = ", ".join(repr(g) for g in self.bad_guids[:3])
            self.p.warn(
                f"{len(self.bad_guids)} identifier(s) are not GUIDs as the standard requires "
                f"(e.g. {sample}); read anyway"
            )


def _check_unique(problems: Problems, what: str, items: list[tuple[str, int | None]]) -> None:
    seen: dict[str, int | None] = {}
    for guid, line in items:
        if not guid:
            continue
        if guid in seen:
            first = f" (first at line {seen[guid]})" if seen[guid] else ""
            problems.error(f"two {what} have the GUID {guid}{first}", line=line)
        else:
            seen[guid] = line


def all_codes(codes: tuple[RefiCode, ...]) -> list[RefiCode]:
    """Every code of a tree, parents before children, in document order."""
    out: list[RefiCode] = []
    stack = list(reversed(codes))
    while stack:
        code = stack.pop()
        out.append(code)
        stack.extend(reversed(code.children))
    return out


def read_project(data: bytes, *, path: str, problems: Problems) -> RefiProject:
    """A ``project.qde`` as ``RefiProject``; structural errors go to ``problems``."""
    root = parse_xml(data, path=path)
    name = local(root.tag)
    if name == "CodeBook":
        problems.error("this is a codebook (root <CodeBook>): import it as a .qdc file")
        problems.check()
    if name != "Project":
        problems.error(f"not a REFI-QDA project: the root element is <{name}>, not <Project>")
        problems.check()
    r = _Reader(problems)
    unsupported: list[str] = []
    codebook = child(root, "CodeBook")
    codes = r.codes(child(codebook, "Codes") if codebook is not None else None)
    sources = r.sources(root, unsupported)
    links = r.links(root)
    notes = r.notes(root)
    note_guids = {n.guid for n in notes}
    kept = tuple(link for link in links if link.origin in note_guids)
    graphs = len(list(children(child(root, "Graphs") or root, "Graph")))
    if len(links) > len(kept):
        unsupported.append(f"{len(links) - len(kept)} link(s)")
    if graphs:
        unsupported.append(f"{graphs} graph(s)")
    project = RefiProject(
        name=attr(root, "name") or "",
        origin=attr(root, "origin"),
        creating_user=r.guid(root, "creatingUserGUID", required=False),
        created=attr(root, "creationDateTime"),
        modified=attr(root, "modifiedDateTime"),
        description=child_text(root, "Description"),
        users=r.users(root),
        codes=codes,
        variables=r.variables(root),
        cases=r.cases(root),
        sources=sources,
        notes=notes,
        sets=r.sets(root),
        links=kept,
        note_refs=r.refs(root, "NoteRef"),
        unsupported=tuple(unsupported),
        extension=read_extension(comments(root), problems),
    )
    r.finish()
    _check_unique(problems, "codes", [(c.guid, c.line) for c in all_codes(codes)])
    _check_unique(problems, "sources", [(s.guid, s.line) for s in sources])
    _check_unique(
        problems,
        "selections",
        [(sel.guid, sel.line) for s in sources for sel in s.selections],
    )
    _check_unique(problems, "users", [(u.guid, u.line) for u in project.users])
    _check_unique(problems, "notes", [(n.guid, n.line) for n in project.notes])
    return project


def read_codebook(data: bytes, *, path: str, problems: Problems) -> RefiCodebook:
    """A ``.qdc`` codebook as ``RefiCodebook``; structural errors go to ``problems``."""
    root = parse_xml(data, path=path)
    name = local(root.tag)
    if name == "Project":
        problems.error("this is a project (root <Project>): import it as a .qdpx file")
        problems.check()
    if name != "CodeBook":
        problems.error(f"not a REFI-QDA codebook: the root element is <{name}>, not <CodeBook>")
        problems.check()
    r = _Reader(problems)
    codes = r.codes(child(root, "Codes"))
    book = RefiCodebook(
        codes=codes,
        origin=attr(root, "origin"),
        sets=r.sets(root),
        extension=read_extension(comments(root), problems),
    )
    r.finish()
    _check_unique(problems, "codes", [(c.guid, c.line) for c in all_codes(codes)])
    return book
