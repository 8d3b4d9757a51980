"""From the plain values of ``model`` to REFI-QDA XML, in the schema's element order.

The order of child elements is fixed by the schema's sequences (a Case's
``CodeRef`` before its ``VariableValue`` before its ``SourceRef``...), and
optional container elements (``Users``, ``Cases``...) are left out when empty,
since the schema wants at least one child in each. The tests validate the output
against ``Project-mrt2019.xsd`` and the codebook schema of the specification.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.interop.refi.extension import encode_extension
from workbench.interop.refi.model import CODEBOOK_NS, PROJECT_NS
from workbench.interop.refi.xmlwrite import Comment, Node, to_xml

if TYPE_CHECKING:
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
        RefiValue,
    )

_VALUE_ELEMENTS = {
    "Text": "TextValue",
    "Boolean": "BooleanValue",
    "Integer": "IntegerValue",
    "Float": "FloatValue",
    "Date": "DateValue",
    "DateTime": "DateTimeValue",
}


def _refs(parent: Node, tag: str, guids: tuple[str, ...], key: str = "targetGUID") -> None:
    for guid in guids:
        parent.add(tag, **{key: guid})


def _code(code: RefiCode, *, project: bool) -> Node:
    node = Node(
        "Code",
        {
            "guid": code.guid,
            "name": code.name,
            "isCodable": "true" if code.codable else "false",
            "color": code.color,
        },
    )
    if code.description is not None:
        node.add("Description", code.description)
    if project:
        _refs(node, "NoteRef", code.note_refs)
    node.extend([_code(c, project=project) for c in code.children])
    return node


def _values(parent: Node, values: tuple[RefiValue, ...]) -> None:
    for v in values:
        vv = parent.add("VariableValue")
        vv.add("VariableRef", targetGUID=v.variable)
        vv.add(_VALUE_ELEMENTS[v.kind], v.value)


def _coding(parent: Node, coding: RefiCoding) -> None:
    node = parent.add(
        "Coding",
        guid=coding.guid,
        creatingUser=coding.user,
        creationDateTime=coding.created,
    )
    node.add("CodeRef", targetGUID=coding.code)
    _refs(node, "NoteRef", coding.note_refs)


def _selection(parent: Node, sel: RefiSelection) -> None:
    node = parent.add(
        "PlainTextSelection",
        guid=sel.guid,
        name=sel.name,
        startPosition=str(sel.start),
        endPosition=str(sel.end),
        creatingUser=sel.user,
        creationDateTime=sel.created,
        modifiedDateTime=sel.modified,
    )
    if sel.description is not None:
        node.add("Description", sel.description)
    for coding in sel.codings:
        _coding(node, coding)
    _refs(node, "NoteRef", sel.note_refs)


def _source(src: RefiTextSource) -> Node:
    node = Node(
        "TextSource",
        {
            "guid": src.guid,
            "name": src.name,
            "richTextPath": src.rich_path,
            "plainTextPath": src.plain_path,
            "creatingUser": src.user,
            "creationDateTime": src.created,
            "modifiedDateTime": src.modified,
        },
    )
    if src.description is not None:
        node.add("Description", src.description)
    if src.content is not None:
        node.add("PlainTextContent", src.content)
    for sel in src.selections:
        _selection(node, sel)
    for coding in src.codings:
        _coding(node, coding)
    _refs(node, "NoteRef", src.note_refs)
    _values(node, src.values)
    return node


def _note(note: RefiNote) -> Node:
    node = Node(
        "Note",
        {
            "guid": note.guid,
            "name": note.name,
            "plainTextPath": note.plain_path,
            "creatingUser": note.user,
            "creationDateTime": note.created,
            "modifiedDateTime": note.modified,
        },
    )
    if note.description is not None:
        node.add("Description", note.description)
    if note.content is not None:
        node.add("PlainTextContent", note.content)
    return node


def _case(case: RefiCase) -> Node:
    node = Node("Case", {"guid": case.guid, "name": case.name})
    if case.description is not None:
        node.add("Description", case.description)
    _refs(node, "CodeRef", case.code_refs)
    _values(node, case.values)
    _refs(node, "SourceRef", case.source_refs)
    _refs(node, "SelectionRef", case.selection_refs)
    return node


def _set(item: RefiSet, *, project: bool) -> Node:
    node = Node("Set", {"guid": item.guid, "name": item.name})
    if item.description is not None:
        node.add("Description", item.description)
    _refs(node, "MemberCode", item.member_codes, "targetGUID" if project else "guid")
    if project:
        _refs(node, "MemberSource", item.member_sources)
        _refs(node, "MemberNote", item.member_notes)
    return node


def _container(root: Node, tag: str, nodes: list[Node]) -> None:
    if nodes:
        root.add(tag).extend(nodes)


def project_xml(project: RefiProject) -> bytes:
    """``project.qde`` for ``project``."""
    root = Node(
        "Project",
        {
            "xmlns": PROJECT_NS,
            "name": project.name,
            "origin": project.origin,
            "creatingUserGUID": project.creating_user,
            "creationDateTime": project.created,
            "modifiedDateTime": project.modified,
        },
    )
    if project.extension is not None:
        root.children.append(Comment(encode_extension(project.extension)))
    _container(
        root,
        "Users",
        [Node("User", {"guid": u.guid, "name": u.name, "id": u.id}) for u in project.users],
    )
    if project.codes:
        root.add("CodeBook").add("Codes").extend([_code(c, project=True) for c in project.codes])
    variables = []
    for var in project.variables:
        node = Node("Variable", {"guid": var.guid, "name": var.name, "typeOfVariable": var.type})
        if var.description is not None:
            node.add("Description", var.description)
        variables.append(node)
    _container(root, "Variables", variables)
    _container(root, "Cases", [_case(c) for c in project.cases])
    _container(root, "Sources", [_source(s) for s in project.sources])
    _container(root, "Notes", [_note(n) for n in project.notes])
    _container(
        root,
        "Links",
        [
            Node(
                "Link",
                {
                    "guid": link.guid,
                    "name": link.name,
                    "direction": link.direction,
                    "originGUID": link.origin,
                    "targetGUID": link.target,
                },
            )
            for link in project.links
        ],
    )
    _container(root, "Sets", [_set(s, project=True) for s in project.sets])
    if project.description is not None:
        root.add("Description", project.description)
    _refs(root, "NoteRef", project.note_refs)
    return to_xml(root)


def codebook_xml(book: RefiCodebook) -> bytes:
    """A ``.qdc`` file for ``book``."""
    root = Node("CodeBook", {"xmlns": CODEBOOK_NS, "origin": book.origin})
    if book.extension is not None:
        root.children.append(Comment(encode_extension(book.extension)))
    root.add("Codes").extend([_code(c, project=False) for c in book.codes])
    _container(root, "Sets", [_set(s, project=False) for s in book.sets])
    return to_xml(root)
